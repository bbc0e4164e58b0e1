import CKLU

/// A sparse pattern in the arrays KLU reads, with KLU's symbolic analysis of it (block
/// triangular form and fill-reducing ordering), done once and shared by the real and complex
/// factorizations of matrices on that pattern. Owns the KLU control block the factorizations
/// use; not thread-safe.
final class KLUAnalysis {
    let pattern: SparsePattern
    var common = klu_common()
    private(set) var symbolic: UnsafeMutablePointer<klu_symbolic>?
    let columnStarts: UnsafeMutablePointer<Int32>
    let rowIndices: UnsafeMutablePointer<Int32>

    init(pattern: SparsePattern) {
        self.pattern = pattern
        columnStarts = .allocate(capacity: pattern.columnStarts.count)
        columnStarts.initialize(from: pattern.columnStarts, count: pattern.columnStarts.count)
        rowIndices = .allocate(capacity: max(pattern.rowIndices.count, 1))
        rowIndices.initialize(from: pattern.rowIndices, count: pattern.rowIndices.count)
        klu_defaults(&common)
        common.halt_if_singular = 1
        if pattern.dimension > 0 {
            symbolic = klu_analyze(Int32(pattern.dimension), columnStarts, rowIndices, &common)
        }
    }

    deinit {
        if symbolic != nil { klu_free_symbolic(&symbolic, &common) }
        columnStarts.deallocate()
        rowIndices.deallocate()
    }

    /// The failure KLU's last status stands for.
    var failure: SparseLU.Failure {
        common.status == KLU_SINGULAR ? .singular : .solverError(code: common.status)
    }
}
