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
        addRowSumTerms(g, voltages: v, into: rowCurrents)
        addColumnSumTerms(g, voltages: w, into: columnCurrents)
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

    /// out_bi += r_i · V_bi with r_i = Σ_j G_ij, row sums taken a strip of rows at a time.
    func addRowSumTerms(_ g: MatrixView, voltages v: MatrixView, into out: MutableMatrixView) {
        let m = g.rows, k = g.columns
        var i0 = 0
        while i0 < m {
            let width = min(Crossbar.strip, m - i0)
            var sums = InlineArray<32, Double>(repeating: 0)
            for t in 0..<width {
                let row = g.base + (i0 + t) * k
                var sum = 0.0
                for j in 0..<k { sum += row[j] }
                sums[t] = sum
            }
            for b in 0..<v.rows {
                let voltages = v.base + b * v.leadingDimension + i0
                let currents = out.base + b * out.leadingDimension + i0
                for t in 0..<width { currents[t] += sums[t] * voltages[t] }
            }
            i0 += width
        }
    }

    /// out_bj += c_j · W_bj with c_j = Σ_i G_ij, column sums taken a strip of columns at a
    /// time so that G is read row by row.
    func addColumnSumTerms(_ g: MatrixView, voltages w: MatrixView, into out: MutableMatrixView) {
        let m = g.rows, k = g.columns
        var j0 = 0
        while j0 < k {
            let width = min(Crossbar.strip, k - j0)
            var sums = InlineArray<32, Double>(repeating: 0)
            for i in 0..<m {
                let row = g.base + i * k + j0
                for t in 0..<width { sums[t] += row[t] }
            }
            for b in 0..<w.rows {
                let voltages = w.base + b * w.leadingDimension + j0
                let currents = out.base + b * out.leadingDimension + j0
                for t in 0..<width { currents[t] += sums[t] * voltages[t] }
            }
            j0 += width
        }
    }

    /// Width of the strips whose row or column sums live on the stack (`InlineArray<32, _>`).
    static var strip: Int { 32 }
}
