/// Energy, the local EP measurement, the parameter-Jacobian product and dissipated power.
extension Crossbar {
    /// Adds `E_b = ½ Σ_ij G_ij (V_bi − W_bj)²` (W) for each batch member, from the drops
    /// themselves (no cancellation).
    ///
    /// - Complexity: O(B·m·k) in a direct loop; allocates nothing.
    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        addWeightedSquaredDrops(states, parameters: parameters, scale: 0.5, into: energies)
    }

    /// Adds the Joule heating `P_b = Σ_ij G_ij (V_bi − W_bj)²` (W) for each batch member: twice
    /// the co-content.
    ///
    /// - Complexity: O(B·m·k) in a direct loop; allocates nothing.
    public func addDissipatedPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>
    ) {
        addWeightedSquaredDrops(states, parameters: parameters, scale: 1, into: power)
    }

    /// Adds the local measurement of every device, summed over the batch:
    ///
    ///     ∂E/∂G_ij = ½ Σ_b (V_bi − W_bj)² = ½ Σ_b V_bi² + ½ Σ_b W_bj² − (Vᵀ W)_ij
    ///
    /// One GEMM (Vᵀ W, accumulated into the gradient's m × k block) plus the layers' column
    /// sums of squares. See the type's note on cancellation.
    ///
    /// - Complexity: B·m·k multiply-adds in one GEMM, plus O(m·k + B·(m + k)); allocates nothing.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        guard states.rows > 0 else { return }
        let block = gradientBlock(gradient)
        let v = layer(rowNodes, of: states), w = layer(columnNodes, of: states)
        BLAS.multiply(v, w, transposing: .first, into: block, alpha: -1, beta: 1)
        addHalfSquareSums(rowVoltages: v, columnVoltages: w, into: block)
    }

    /// Adds `λᵀ ∂F/∂G_ij = (λ_i − μ_j)(V_i − W_j)` for one state, with λ (μ) the adjoint on the
    /// row (column) layer: the outer structure of a difference of adjoints times a difference
    /// of voltages, written once per device and exact to rounding (no expansion).
    ///
    /// - Complexity: O(m·k); allocates nothing.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(min(state.count, adjoint.count))
        let block = gradientBlock(gradient)
        let k = columnCount
        let rowStart = rowNodes.lowerBound, columnStart = columnNodes.lowerBound
        for i in 0..<rowCount {
            let lambda = adjoint[rowStart + i], voltage = state[rowStart + i]
            let row = block.base + i * k
            for j in 0..<k {
                row[j] += (lambda - adjoint[columnStart + j]) * (voltage - state[columnStart + j])
            }
        }
    }

    // MARK: Helpers

    /// The m × k block of `gradient` that belongs to G.
    func gradientBlock(_ gradient: UnsafeMutableBufferPointer<Double>) -> MutableMatrixView {
        precondition(gradient.count >= parameterOffset + conductanceCount,
                     "crossbar writes gradient \(parameterOffset)..<\(parameterOffset + conductanceCount), buffer has \(gradient.count)")
        return MutableMatrixView(base: gradient.baseAddress! + parameterOffset,
                                 rows: rowCount, columns: columnCount)
    }

    /// Adds `½ Σ_b V_bi² + ½ Σ_b W_bj²` to entry (i, j) of `block` in one pass over it: the
    /// column layer goes in chunks of up to `Crossbar.chunk` whose sums of squares live on the
    /// stack; the row sums of squares are taken once per chunk (B reads per row).
    func addHalfSquareSums(rowVoltages v: MatrixView, columnVoltages w: MatrixView, into block: MutableMatrixView) {
        let m = block.rows, k = block.columns, batch = v.rows
        var j0 = 0
        while j0 < k {
            let width = min(Crossbar.chunk, k - j0)
            var columnSquares = InlineArray<512, Double>(repeating: 0)
            var squares = columnSquares.mutableSpan
            squares.withUnsafeMutableBufferPointer { c in
                for b in 0..<batch {
                    let voltages = w.base + b * w.leadingDimension + j0
                    for t in 0..<width { c[t] += voltages[t] * voltages[t] }
                }
                for i in 0..<m {
                    var rowSquares = 0.0
                    for b in 0..<batch {
                        let voltage = v.base[b * v.leadingDimension + i]
                        rowSquares += voltage * voltage
                    }
                    let out = block.base + i * k + j0
                    for t in 0..<width { out[t] += 0.5 * (rowSquares + c[t]) }
                }
            }
            j0 += width
        }
    }

    /// out_b += scale · Σ_ij G_ij (V_bi − W_bj)².
    func addWeightedSquaredDrops(
        _ states: StateBatch, parameters: UnsafeBufferPointer<Double>, scale: Double,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        let g = conductances(parameters)
        let v = layer(rowNodes, of: states), w = layer(columnNodes, of: states)
        let m = rowCount, k = columnCount
        for b in 0..<states.rows {
            let rowVoltages = v.base + b * v.leadingDimension
            let columnVoltages = w.base + b * w.leadingDimension
            var total = 0.0
            for i in 0..<m {
                let vi = rowVoltages[i]
                let conductanceRow = g.base + i * k
                // Four lanes at a time; the order of the sum depends on k only, so a batch
                // member gets the same bits alone as in any batch.
                let splat = SIMD4<Double>(repeating: vi)
                var lanes = SIMD4<Double>()
                var j = 0
                while j + 4 <= k {
                    let conductance = UnsafeRawPointer(conductanceRow + j).loadUnaligned(as: SIMD4<Double>.self)
                    let drop = splat - UnsafeRawPointer(columnVoltages + j).loadUnaligned(as: SIMD4<Double>.self)
                    lanes += conductance * drop * drop
                    j += 4
                }
                var sum = lanes.sum()
                while j < k {
                    let drop = vi - columnVoltages[j]
                    sum += conductanceRow[j] * drop * drop
                    j += 1
                }
                total += sum
            }
            out[b] += scale * total
        }
    }
}
