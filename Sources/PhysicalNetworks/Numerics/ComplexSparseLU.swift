import CKLU

/// LU factorization of a complex sparse matrix with KLU's complex routines (`klu_z_*`), on a
/// pattern analysed once. Values and right-hand sides are interleaved (re, im) pairs.
public final class ComplexSparseLU {
    public let pattern: SparsePattern
    private let analysis: KLUAnalysis
    private var numeric: UnsafeMutablePointer<klu_numeric>?

    public init(pattern: SparsePattern) {
        self.pattern = pattern
        analysis = KLUAnalysis(pattern: pattern)
    }

    deinit {
        if numeric != nil { klu_z_free_numeric(&numeric, &analysis.common) }
    }

    /// Factors the matrix with interleaved complex `values` (2 × nonzeros Doubles).
    public func factor(values: UnsafeMutableBufferPointer<Double>) -> Result<Void, SparseLU.Failure> {
        precondition(values.count >= 2 * pattern.nonzeroCount, "complex values need 2 Doubles per entry")
        guard pattern.dimension > 0 else { return .success(()) }
        let a = analysis
        if numeric != nil { klu_z_free_numeric(&numeric, &a.common) }
        numeric = klu_z_factor(a.columnStarts, a.rowIndices, values.baseAddress, a.symbolic, &a.common)
        guard numeric != nil, a.common.status == KLU_OK else {
            if numeric != nil { klu_z_free_numeric(&numeric, &a.common) }
            return .failure(a.failure)
        }
        return .success(())
    }

    /// Solves A x = b in place; b holds interleaved complex values (2n Doubles).
    public func solve(_ b: UnsafeMutableBufferPointer<Double>) {
        guard pattern.dimension > 0 else { return }
        precondition(numeric != nil, "ComplexSparseLU.solve called without a successful factorization")
        precondition(b.count >= 2 * pattern.dimension, "complex right-hand side needs 2n Doubles")
        klu_z_solve(analysis.symbolic, numeric, Int32(pattern.dimension), 1, b.baseAddress, &analysis.common)
    }
}
