/// Energy, the local EP measurement and the parameter-Jacobian product.
extension HopfieldLayers {
    /// Adds `E_b = ½ Σ s² − Σ b ρ(s) − Σ_l ρ(s_l)ᵀ W_l ρ(s_{l+1})` (dimensionless) for each
    /// batch member.
    ///
    /// - Complexity: B·Σ n_l n_{l+1} multiply-adds in a direct loop; allocates nothing.
    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: states.columns, parameters: parameters.count)
        guard states.rows > 0, let p = parameters.baseAddress else { return }
        for b in 0..<states.rows {
            let state = states.base + b * states.columns
            var total = 0.0
            for l in 0..<layerCount {
                for i in 0..<layerSizes[l] {
                    let s = state[layerStarts[l] + i]
                    total += 0.5 * s * s
                    if l > 0 { total -= p[biasOffsets[l] + i] * Self.rho(s) }
                }
            }
            for l in 0..<(layerCount - 1) {
                let w = weights(l, in: p), lower = layerStarts[l], upper = layerStarts[l + 1]
                for i in 0..<w.rows {
                    let r = Self.rho(state[lower + i])
                    guard r != 0 else { continue }
                    let weightRow = w.base + i * w.columns
                    var sum = 0.0
                    for j in 0..<w.columns { sum += weightRow[j] * Self.rho(state[upper + j]) }
                    total -= r * sum
                }
            }
            energies[b] += total
        }
    }

    /// Adds the local measurements summed over the batch:
    ///
    ///     ∂E/∂W_l = −ρ(S_l)ᵀ ρ(S_{l+1})      (one GEMM per layer pair, n_l × n_{l+1})
    ///     ∂E/∂b_i = −Σ_b ρ(s_bi)
    ///
    /// The GEMM reads the raw states; each entry outside [0, 1] adds its correction
    /// (−ρ(A)ᵀρ(B) = −AᵀB + D_Aᵀ B + ρ(A)ᵀ D_B with D = S − ρ(S)).
    ///
    /// - Complexity: B·Σ n_l n_{l+1} multiply-adds in GEMMs plus O(B·n); allocates nothing.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: states.columns, parameters: gradient.count)
        guard states.rows > 0, let g = gradient.baseAddress else { return }
        let n = states.columns
        for l in 0..<(layerCount - 1) {
            let rows = layerSizes[l], columns = layerSizes[l + 1]
            let block = MutableMatrixView(base: g + weightOffsets[l], rows: rows, columns: columns)
            BLAS.multiply(layer(l, of: states), layer(l + 1, of: states), transposing: .first,
                          into: block, alpha: -1, beta: 1)
            let lower = layerStarts[l], upper = layerStarts[l + 1]
            for b in 0..<states.rows {
                let state = states.base + b * n
                if !Self.allInsideBox(state + lower, count: rows) {
                    for i in 0..<rows {
                        let s = state[lower + i], d = s - Self.rho(s)
                        guard d != 0 else { continue }
                        let blockRow = block.base + i * columns
                        for j in 0..<columns { blockRow[j] += d * state[upper + j] }
                    }
                }
                guard !Self.allInsideBox(state + upper, count: columns) else { continue }
                for j in 0..<columns {
                    let s = state[upper + j], d = s - Self.rho(s)
                    guard d != 0 else { continue }
                    for i in 0..<rows { block.base[i * columns + j] += d * Self.rho(state[lower + i]) }
                }
            }
        }
        for b in 0..<states.rows {
            let state = states.base + b * n
            for l in 1..<layerCount {
                let bias = g + biasOffsets[l], start = layerStarts[l]
                for i in 0..<layerSizes[l] { bias[i] -= Self.rho(state[start + i]) }
            }
        }
    }

    /// Adds `λᵀ ∂F/∂θ` at one state:
    ///
    ///     ∂/∂W_ij: −λ_i ρ'(s_i) ρ(s_j) − λ_j ρ'(s_j) ρ(s_i),    ∂/∂b_i: −λ_i ρ'(s_i)
    ///
    /// - Complexity: O(Σ n_l n_{l+1}); allocates nothing.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: min(state.count, adjoint.count), parameters: gradient.count)
        for l in 0..<(layerCount - 1) {
            var k = weightOffsets[l]
            for i in layerNodes(l) {
                let gatedI = adjoint[i] * Self.rhoDerivative(state[i]), rhoI = Self.rho(state[i])
                for j in layerNodes(l + 1) {
                    gradient[k] -= gatedI * Self.rho(state[j])
                        + adjoint[j] * Self.rhoDerivative(state[j]) * rhoI
                    k += 1
                }
            }
        }
        for l in 1..<layerCount {
            for i in 0..<layerSizes[l] {
                let node = layerStarts[l] + i
                gradient[biasOffsets[l] + i] -= adjoint[node] * Self.rhoDerivative(state[node])
            }
        }
    }
}
