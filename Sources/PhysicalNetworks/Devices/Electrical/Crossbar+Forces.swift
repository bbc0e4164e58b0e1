/// Currents (residual) and their Jacobian.
extension Crossbar {
    /// Adds the currents leaving every node of both layers, for the whole batch:
    ///
    ///     F_row = V ∘ r − W Gᵀ,   F_col = W ∘ c − V G     (r = G·1, c = Gᵀ·1)
    ///
    /// - Complexity: two GEMMs of B·m·k multiply-adds, plus O(m·k + B·(m + k)); allocates nothing.
    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        precondition(residual.rows == states.rows && residual.columns == states.columns,
                     "crossbar residual \(residual.rows) × \(residual.columns) for states \(states.rows) × \(states.columns)")
        guard states.rows > 0 else { return }
        let g = conductances(parameters)
        let v = layer(rowNodes, of: states), w = layer(columnNodes, of: states)
        let rowCurrents = outputLayer(rowNodes, of: residual)
        let columnCurrents = outputLayer(columnNodes, of: residual)
        BLAS.multiply(w, g, transposing: .second, into: rowCurrents, alpha: -1, beta: 1)
        BLAS.multiply(v, g, into: columnCurrents, alpha: -1, beta: 1)
        addSumTerms(g, rowVoltages: v, columnVoltages: w, rowCurrents: rowCurrents, columnCurrents: columnCurrents)
    }

    /// Declares the dense block: for each row node i, (i, j) for every column node j then
    /// (i, i); for each column node j, (j, i) for every row node i then (j, j).
    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        entries.reserveCapacity(2 * conductanceCount + rowCount + columnCount)
        for i in rowNodes {
            for j in columnNodes { Stamp.declare(row: i, column: j, into: &entries) }
            Stamp.declare(row: i, column: i, into: &entries)
        }
        for j in columnNodes {
            for i in rowNodes { Stamp.declare(row: j, column: i, into: &entries) }
            Stamp.declare(row: j, column: j, into: &entries)
        }
        return entries
    }

    /// ∂F_i/∂V_i = r_i, ∂F_i/∂W_j = −G_ij, ∂F_j/∂V_i = −G_ij, ∂F_j/∂W_j = c_j (state-independent).
    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        let g = conductances(parameters)
        let m = rowCount, k = columnCount
        var cursor = 0
        for i in 0..<m {
            let node = rowNodes.lowerBound + i
            var sum = 0.0
            for j in 0..<k {
                let gij = g.base[i * k + j]
                sum += gij
                Stamp.add(-gij, row: node, column: columnNodes.lowerBound + j,
                          values: values, slots: slots, cursor: &cursor)
            }
            Stamp.add(sum, row: node, column: node, values: values, slots: slots, cursor: &cursor)
        }
        for j in 0..<k {
            let node = columnNodes.lowerBound + j
            var sum = 0.0
            for i in 0..<m {
                let gij = g.base[i * k + j]
                sum += gij
                Stamp.add(-gij, row: node, column: rowNodes.lowerBound + i,
                          values: values, slots: slots, cursor: &cursor)
            }
            Stamp.add(sum, row: node, column: node, values: values, slots: slots, cursor: &cursor)
        }
    }

    // MARK: Helpers

    /// One layer of the residual batch as a strided B × width view (leading dimension n).
    func outputLayer(_ nodes: Range<Int>, of residual: MutableStateBatch) -> MutableMatrixView {
        checkFits(residual.columns)
        return MutableMatrixView(base: residual.base + nodes.lowerBound, rows: residual.rows,
                                 columns: nodes.count, leadingDimension: residual.columns)
    }

    /// Adds `r_i V_bi` to the row currents and `c_j W_bj` to the column currents, reading G
    /// once: columns go in chunks of up to `Crossbar.chunk`, whose column sums live on the
    /// stack; each row's partial sum over a chunk is applied as soon as it is complete (one
    /// chunk, hence the exact row sum, whenever k ≤ `Crossbar.chunk`).
    func addSumTerms(
        _ g: MatrixView, rowVoltages v: MatrixView, columnVoltages w: MatrixView,
        rowCurrents: MutableMatrixView, columnCurrents: MutableMatrixView
    ) {
        let m = g.rows, k = g.columns, batch = v.rows
        var j0 = 0
        while j0 < k {
            let width = min(Crossbar.chunk, k - j0)
            var columnSums = InlineArray<512, Double>(repeating: 0)
            var sums = columnSums.mutableSpan
            sums.withUnsafeMutableBufferPointer { c in
                guard let partials = c.baseAddress else { return }
                for i in 0..<m {
                    let row = g.base + i * k + j0
                    var lanes = SIMD4<Double>()
                    var t = 0
                    while t + 4 <= width {
                        let conductances = UnsafeRawPointer(row + t).loadUnaligned(as: SIMD4<Double>.self)
                        lanes += conductances
                        let partial = UnsafeRawPointer(partials + t).loadUnaligned(as: SIMD4<Double>.self)
                        UnsafeMutableRawPointer(partials + t).storeBytes(of: partial + conductances, as: SIMD4<Double>.self)
                        t += 4
                    }
                    var rowSum = lanes.sum()
                    while t < width {
                        rowSum += row[t]
                        c[t] += row[t]
                        t += 1
                    }
                    for b in 0..<batch {
                        rowCurrents.base[b * rowCurrents.leadingDimension + i] += rowSum * v.base[b * v.leadingDimension + i]
                    }
                }
                for b in 0..<batch {
                    let currents = columnCurrents.base + b * columnCurrents.leadingDimension + j0
                    let voltages = w.base + b * w.leadingDimension + j0
                    for t in 0..<width { currents[t] += c[t] * voltages[t] }
                }
            }
            j0 += width
        }
    }

    /// Width of the column chunks whose per-column sums live on the stack (`InlineArray<512, _>`,
    /// 4 KiB), so that no evaluation allocates.
    static var chunk: Int { 512 }
}
