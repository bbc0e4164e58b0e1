import CKLU

/// LU factorization of a complex sparse matrix with KLU's complex routines (`klu_z_*`), on a
/// pattern analysed once. Values and right-hand sides are interleaved (re, im) pairs.
public final class ComplexSparseLU {
    public let pattern: SparsePattern
    private var common = klu_common()
    private var symbolic: UnsafeMutablePointer<klu_symbolic>?
    private var numeric: UnsafeMutablePointer<klu_numeric>?
    private let columnStarts: UnsafeMutablePointer<Int32>
    private let rowIndices: UnsafeMutablePointer<Int32>

    public init(pattern: SparsePattern) {
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
        if numeric != nil { klu_z_free_numeric(&numeric, &common) }
        if symbolic != nil { klu_free_symbolic(&symbolic, &common) }
        columnStarts.deallocate()
        rowIndices.deallocate()
    }

    /// Factors the matrix with interleaved complex `values` (2 × nonzeros Doubles).
    public func factor(values: UnsafeMutableBufferPointer<Double>) -> Result<Void, SparseLU.Failure> {
        precondition(values.count >= 2 * pattern.nonzeroCount, "complex values need 2 Doubles per entry")
        guard pattern.dimension > 0 else { return .success(()) }
        if numeric != nil { klu_z_free_numeric(&numeric, &common) }
        numeric = klu_z_factor(columnStarts, rowIndices, values.baseAddress, symbolic, &common)
        guard numeric != nil, common.status == KLU_OK else {
            if numeric != nil { klu_z_free_numeric(&numeric, &common) }
            return .failure(common.status == KLU_SINGULAR ? .singular : .solverError(code: common.status))
        }
        return .success(())
    }

    /// Solves A x = b in place; b holds interleaved complex values (2n Doubles).
    public func solve(_ b: UnsafeMutableBufferPointer<Double>) {
        guard pattern.dimension > 0 else { return }
        precondition(numeric != nil, "ComplexSparseLU.solve called without a successful factorization")
        precondition(b.count >= 2 * pattern.dimension, "complex right-hand side needs 2n Doubles")
        klu_z_solve(symbolic, numeric, Int32(pattern.dimension), 1, b.baseAddress, &common)
    }
}
