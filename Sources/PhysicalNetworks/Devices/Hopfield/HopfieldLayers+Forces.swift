/// The residual F = ∂E/∂s and its Jacobian.
extension HopfieldLayers {
    /// Adds F_i = s_i − ρ'(s_i) [b_i + Σ_neighbours W ρ(s)] for the whole batch: two GEMMs per
    /// layer pair (ρ(S_l) W_l into layer l+1, ρ(S_{l+1}) W_lᵀ into layer l), then one pass over
    /// the states for s − ρ'(s) b. Entries outside [0, 1] are corrected exactly (see the type).
    /// With `clampsInput`, layer 0's rows are left as they are and their GEMM is skipped.
    ///
    /// - Complexity: 2·B·Σ n_l n_{l+1} multiply-adds in GEMMs, plus O(B·n); allocates nothing.
    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        precondition(residual.rows == states.rows && residual.columns == states.columns,
                     "Hopfield residual \(residual.rows) × \(residual.columns) for states \(states.rows) × \(states.columns)")
        checkFits(width: states.columns, parameters: parameters.count)
        guard states.rows > 0, let p = parameters.baseAddress else { return }
        let n = states.columns
        for l in 0..<(layerCount - 1) {
            let w = weights(l, in: p)
            let lower = layerStarts[l], upper = layerStarts[l + 1]
            BLAS.multiply(layer(l, of: states), w, into: outputLayer(l + 1, of: residual), alpha: -1, beta: 1)
            let intoLower = l > 0 || !clampsInput
            if intoLower {
                BLAS.multiply(layer(l + 1, of: states), w, transposing: .second,
                              into: outputLayer(l, of: residual), alpha: -1, beta: 1)
            }
            // −ρ(S)W = −S W + (S − ρ(S)) W: add d·(row i of W) for each source entry outside [0, 1].
            let rows = w.rows, columns = w.columns
            for b in 0..<states.rows {
                let state = states.base + b * n, out = residual.base + b * n
                if !Self.allInsideBox(state + lower, count: rows) {
                    for i in 0..<rows {
                        let s = state[lower + i], d = s - Self.rho(s)
                        guard d != 0 else { continue }
                        let weightRow = w.base + i * columns
                        for j in 0..<columns { out[upper + j] += d * weightRow[j] }
                    }
                }
                guard intoLower, !Self.allInsideBox(state + upper, count: columns) else { continue }
                for j in 0..<columns {
                    let s = state[upper + j], d = s - Self.rho(s)
                    guard d != 0 else { continue }
                    for i in 0..<rows { out[lower + i] += d * w.base[i * columns + j] }
                }
            }
        }
        for b in 0..<states.rows {
            let state = states.base + b * n, out = residual.base + b * n
            for l in (clampsInput ? 1 : 0)..<layerCount {
                let start = layerStarts[l], size = layerSizes[l]
                if Self.allInsideBox(state + start, count: size) {
                    // ρ' = 1 throughout: a straight, vectorizable pass.
                    let s = state + start, f = out + start
                    if l == 0 {
                        for i in 0..<size { f[i] += s[i] }
                    } else {
                        let bias = p + biasOffsets[l]
                        for i in 0..<size { f[i] += s[i] - bias[i] }
                    }
                    continue
                }
                for i in 0..<size {
                    let node = start + i, s = state[node]
                    if Self.rhoDerivative(s) != 0 {
                        out[node] += l == 0 ? s : s - p[biasOffsets[l] + i]
                    } else {
                        // ρ'(s) = 0: take back the coupling the GEMMs subtracted.
                        out[node] += s + coupling(layer: l, unit: i, state: state, parameters: p)
                    }
                }
            }
        }
    }

    /// Declares, for every unit, its diagonal entry; then for each layer pair l, for unit i of
    /// layer l and unit j of layer l+1 (row-major), the entries (i, j) and (j, i).
    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        entries.reserveCapacity(nodes.count + 2 * (parameterCount - freeNodes.count))
        for node in nodes { Stamp.declare(row: node, column: node, into: &entries) }
        for l in 0..<(layerCount - 1) {
            for i in layerNodes(l) {
                for j in layerNodes(l + 1) {
                    Stamp.declare(row: i, column: j, into: &entries)
                    Stamp.declare(row: j, column: i, into: &entries)
                }
            }
        }
        return entries
    }

    /// ∂F_i/∂s_i = 1 (ρ'' = 0 away from the kinks) and ∂F_i/∂s_j = ∂F_j/∂s_i = −ρ'(s_i) W_ij ρ'(s_j).
    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        checkFits(width: state.count, parameters: parameters.count)
        var cursor = 0
        for node in nodes { Stamp.add(1, row: node, column: node, values: values, slots: slots, cursor: &cursor) }
        for l in 0..<(layerCount - 1) {
            var k = weightOffsets[l]
            for i in layerNodes(l) {
                let gateI = Self.rhoDerivative(state[i])
                for j in layerNodes(l + 1) {
                    let value = -gateI * parameters[k] * Self.rhoDerivative(state[j])
                    Stamp.add(value, row: i, column: j, values: values, slots: slots, cursor: &cursor)
                    Stamp.add(value, row: j, column: i, values: values, slots: slots, cursor: &cursor)
                    k += 1
                }
            }
        }
    }

    // MARK: Helpers

    /// Layer l of the residual batch as a strided B × n_l view (leading dimension n).
    func outputLayer(_ l: Int, of residual: MutableStateBatch) -> MutableMatrixView {
        MutableMatrixView(base: residual.base + layerStarts[l], rows: residual.rows,
                          columns: layerSizes[l], leadingDimension: residual.columns)
    }

    /// Σ_j W ρ(s_j) over both neighbouring layers of unit i of layer l, for one state row.
    func coupling(layer l: Int, unit i: Int, state: UnsafePointer<Double>, parameters p: UnsafePointer<Double>) -> Double {
        var sum = 0.0
        if l > 0 {
            let w = weights(l - 1, in: p), below = layerStarts[l - 1]
            for j in 0..<w.rows { sum += Self.rho(state[below + j]) * w.base[j * w.columns + i] }
        }
        if l < layerCount - 1 {
            let w = weights(l, in: p), above = layerStarts[l + 1]
            let weightRow = w.base + i * w.columns
            for j in 0..<w.columns { sum += weightRow[j] * Self.rho(state[above + j]) }
        }
        return sum
    }
}
