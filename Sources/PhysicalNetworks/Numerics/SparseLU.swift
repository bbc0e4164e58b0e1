import CKLU

/// LU factorization of a sparse matrix with KLU (Davis & Palamadai Natarajan 2010, the solver
/// Xyce and ngspice's KLU option use for circuit matrices).
///
/// The symbolic analysis (block triangular form and fill-reducing ordering) is done once per
/// pattern; each `factor(values:)` reuses it and, after the first time, refactors with the
/// previous pivot sequence, falling back to a fresh pivoting factorization when the reciprocal
/// pivot growth estimate says the old pivots went bad.
///
/// - Complexity: analysis once; factor and solve cost depends on fill (near-linear for circuit
///   matrices).
public final class SparseLU {
    public let pattern: SparsePattern
    private let analysis: KLUAnalysis
    private var numeric: UnsafeMutablePointer<klu_numeric>?

    /// Failure of a factorization.
    public enum Failure: Error, Equatable, Sendable {
        /// The matrix is singular, or numerically so (reciprocal pivot ratio below 1e-20).
        case singular
        /// KLU ran out of memory or rejected the matrix.
        case solverError(code: Int32)
    }

    public init(pattern: SparsePattern) {
        self.pattern = pattern
        analysis = KLUAnalysis(pattern: pattern)
    }

    deinit {
        if numeric != nil { klu_free_numeric(&numeric, &analysis.common) }
    }

    /// Factors the matrix whose values (in `pattern` order) are `values`.
    public func factor(values: UnsafeMutableBufferPointer<Double>) -> Result<Void, Failure> {
        guard pattern.dimension > 0 else { return .success(()) }
        let a = analysis
        guard let symbolic = a.symbolic else { return .failure(a.failure) }
        if numeric != nil {
            let ok = klu_refactor(a.columnStarts, a.rowIndices, values.baseAddress, symbolic, numeric, &a.common)
            if ok == 1 && a.common.status == KLU_OK && pivotsHealthy() { return .success(()) }
            klu_free_numeric(&numeric, &a.common)
        }
        numeric = klu_factor(a.columnStarts, a.rowIndices, values.baseAddress, symbolic, &a.common)
        guard numeric != nil, a.common.status == KLU_OK else {
            if numeric != nil { klu_free_numeric(&numeric, &a.common) }
            return .failure(a.failure)
        }
        guard pivotsHealthy() else {
            klu_free_numeric(&numeric, &a.common)
            return .failure(.singular)
        }
        return .success(())
    }

    /// Solves A x = b in place (b is overwritten with x). Requires a successful `factor`.
    public func solve(_ b: UnsafeMutableBufferPointer<Double>) {
        guard pattern.dimension > 0 else { return }
        precondition(numeric != nil, "SparseLU.solve called without a successful factorization")
        precondition(b.count >= pattern.dimension, "right-hand side has \(b.count) < \(pattern.dimension) entries")
        klu_solve(analysis.symbolic, numeric, Int32(pattern.dimension), 1, b.baseAddress, &analysis.common)
    }

    /// Solves Aᵀ x = b in place (b is overwritten with x). Requires a successful `factor`.
    public func solveTransposed(_ b: UnsafeMutableBufferPointer<Double>) {
        guard pattern.dimension > 0 else { return }
        precondition(numeric != nil, "SparseLU.solveTransposed called without a successful factorization")
        precondition(b.count >= pattern.dimension, "right-hand side has \(b.count) < \(pattern.dimension) entries")
        klu_tsolve(analysis.symbolic, numeric, Int32(pattern.dimension), 1, b.baseAddress, &analysis.common)
    }

    /// Cheap reciprocal condition estimate: min |u_ii| / max |u_ii| (KLU's `klu_rcond`). The
    /// threshold is far below 1/ε because circuit matrices are legitimately badly scaled
    /// (C/h of 1e6 S beside GMIN of 1e-12 S); exactly singular ones fail inside KLU.
    private func pivotsHealthy() -> Bool {
        klu_rcond(analysis.symbolic, numeric, &analysis.common)
        return analysis.common.rcond.isFinite && analysis.common.rcond > 1e-20
    }
}
