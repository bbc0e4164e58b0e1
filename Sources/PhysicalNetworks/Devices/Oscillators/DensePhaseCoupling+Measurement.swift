import Foundation

/// The local EP measurement ∂E/∂W and the parameter-Jacobian product.
extension DensePhaseCoupling {
    /// Adds `∂E/∂W_ij = −cos(φ_Ai − φ_Bj)` summed over the batch, as one GEMM:
    ///
    ///     ∂E/∂W = −(C_Aᵀ C_B + S_Aᵀ S_B) = −T_Aᵀ T_B     (inner dimension 2B)
    ///
    /// For a clamped layer A it also adds `∂E/∂ψ_i = Σ_b [s_i (C_B Wᵀ)_bi − c_i (S_B Wᵀ)_bi]`
    /// (one more GEMM, T_B Wᵀ).
    ///
    /// - Complexity: 2·B·m·n multiply-adds in a GEMM plus 2·B·(m + n) sines and cosines;
    ///   allocates nothing once the workspace holds this batch size.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: states.columns, parameters: gradient.count)
        guard states.rows > 0, let g = gradient.baseAddress, let p = parameters.baseAddress else { return }
        let batch = states.rows, m = countA, n = countB
        workspace.withScratch(Self.scratchCount(batch: batch, m: m, n: n)) { scratch in
            let trigA = scratch, trigB = trigA + 2 * batch * m, product = trigB + 2 * batch * n
            fillTrigonometricA(states, parameters: p, into: trigA)
            Self.fillTrigonometric(states, start: layerB.lowerBound, size: n, into: trigB)
            BLAS.multiply(MatrixView(base: trigA, rows: 2 * batch, columns: m),
                          MatrixView(base: trigB, rows: 2 * batch, columns: n), transposing: .first,
                          into: MutableMatrixView(base: g + weightOffset, rows: m, columns: n), alpha: -1, beta: 1)
            guard clampsLayerA else { return }
            BLAS.multiply(MatrixView(base: trigB, rows: 2 * batch, columns: n), weights(in: p), transposing: .second,
                          into: MutableMatrixView(base: product, rows: 2 * batch, columns: m))
            for b in 0..<batch {
                let wc = product + b * m, ws = product + (batch + b) * m
                for i in 0..<m { g[layerA.lowerBound + i] += trigA[batch * m + i] * wc[i] - trigA[i] * ws[i] }
            }
        }
    }

    /// Adds `λᵀ ∂F/∂W_ij = sin(φ_Ai − φ_Bj) (λ_Ai − λ_Bj)` as a rank-4 product Uᵀ V:
    ///
    ///     (s_Ai c_Bj − c_Ai s_Bj)(λ_Ai − λ_Bj) = Σ_r U_ri V_rj,
    ///     U = [λ_A s_A; −λ_A c_A; −s_A; c_A] (4 × m),   V = [c_B; s_B; λ_B c_B; λ_B s_B] (4 × n)
    ///
    /// A clamped layer A has no rows (λ_A = 0) and adds, from `∂F_Bj/∂ψ_i = −W_ij cos(ψ_i − φ_Bj)`,
    /// `λᵀ ∂F/∂ψ_i = −Σ_j W_ij λ_Bj (c_i c_Bj + s_i s_Bj)`.
    ///
    /// - Complexity: 4·m·n multiply-adds in a GEMM plus m + n sines and cosines (and 2·m·n
    ///   more for a clamped layer); allocates nothing.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: min(state.count, adjoint.count), parameters: gradient.count)
        guard let g = gradient.baseAddress else { return }
        let m = countA, n = countB, a0 = layerA.lowerBound, b0 = layerB.lowerBound
        workspace.withScratch(4 * (m + n)) { scratch in
            let u = scratch, v = scratch + 4 * m
            for i in 0..<m {
                let phase = clampsLayerA ? parameters[a0 + i] : state[a0 + i]
                let c = cos(phase), s = sin(phase), lambda = clampsLayerA ? 0 : adjoint[a0 + i]
                u[i] = lambda * s
                u[m + i] = -lambda * c
                u[2 * m + i] = -s
                u[3 * m + i] = c
            }
            for j in 0..<n {
                let c = cos(state[b0 + j]), s = sin(state[b0 + j]), lambda = adjoint[b0 + j]
                v[j] = c
                v[n + j] = s
                v[2 * n + j] = lambda * c
                v[3 * n + j] = lambda * s
            }
            BLAS.multiply(MatrixView(base: u, rows: 4, columns: m), MatrixView(base: v, rows: 4, columns: n),
                          transposing: .first,
                          into: MutableMatrixView(base: g + weightOffset, rows: m, columns: n), alpha: 1, beta: 1)
            guard clampsLayerA else { return }
            for i in 0..<m {
                var sum = 0.0
                for j in 0..<n { sum += parameters[weightOffset + i * n + j] * (u[3 * m + i] * v[2 * n + j] - u[2 * m + i] * v[3 * n + j]) }
                g[a0 + i] -= sum
            }
        }
    }
}
