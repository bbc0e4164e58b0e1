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
    private var common = klu_common()
    private var symbolic: UnsafeMutablePointer<klu_symbolic>?
    private var numeric: UnsafeMutablePointer<klu_numeric>?
    private let columnStarts: UnsafeMutablePointer<Int32>
    private let rowIndices: UnsafeMutablePointer<Int32>

    /// Failure of a factorization.
    public enum Failure: Error, Equatable, Sendable {
        /// The matrix is singular, or numerically so (reciprocal pivot ratio below 1e-20).
        case singular
        /// KLU ran out of memory or rejected the matrix.
        case solverError(code: Int32)
    }

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
        if numeric != nil { klu_free_numeric(&numeric, &common) }
        if symbolic != nil { klu_free_symbolic(&symbolic, &common) }
        columnStarts.deallocate()
        rowIndices.deallocate()
    }

    /// Factors the matrix whose values (in `pattern` order) are `values`.
    public func factor(values: UnsafeMutableBufferPointer<Double>) -> Result<Void, Failure> {
        guard pattern.dimension > 0 else { return .success(()) }
        guard let symbolic else { return .failure(.solverError(code: common.status)) }
        if numeric != nil {
            let ok = klu_refactor(columnStarts, rowIndices, values.baseAddress, symbolic, numeric, &common)
            if ok == 1 && common.status == KLU_OK && pivotsHealthy() { return .success(()) }
            klu_free_numeric(&numeric, &common)
        }
        numeric = klu_factor(columnStarts, rowIndices, values.baseAddress, symbolic, &common)
        guard numeric != nil, common.status == KLU_OK else {
            if numeric != nil { klu_free_numeric(&numeric, &common) }
            return .failure(common.status == KLU_SINGULAR ? .singular : .solverError(code: common.status))
        }
        guard pivotsHealthy() else {
            klu_free_numeric(&numeric, &common)
            return .failure(.singular)
        }
        return .success(())
    }

    /// Solves A x = b in place (b is overwritten with x). Requires a successful `factor`.
    public func solve(_ b: UnsafeMutableBufferPointer<Double>) {
        guard pattern.dimension > 0 else { return }
        precondition(numeric != nil, "SparseLU.solve called without a successful factorization")
        precondition(b.count >= pattern.dimension, "right-hand side has \(b.count) < \(pattern.dimension) entries")
        klu_solve(symbolic, numeric, Int32(pattern.dimension), 1, b.baseAddress, &common)
    }

    /// Solves Aᵀ x = b in place (b is overwritten with x). Requires a successful `factor`.
    public func solveTransposed(_ b: UnsafeMutableBufferPointer<Double>) {
        guard pattern.dimension > 0 else { return }
        precondition(numeric != nil, "SparseLU.solveTransposed called without a successful factorization")
        precondition(b.count >= pattern.dimension, "right-hand side has \(b.count) < \(pattern.dimension) entries")
        klu_tsolve(symbolic, numeric, Int32(pattern.dimension), 1, b.baseAddress, &common)
    }

    /// Cheap reciprocal condition estimate: min |u_ii| / max |u_ii| (KLU's `klu_rcond`). The
    /// threshold is far below 1/ε because circuit matrices are legitimately badly scaled
    /// (C/h of 1e6 S beside GMIN of 1e-12 S); exactly singular ones fail inside KLU.
    private func pivotsHealthy() -> Bool {
        klu_rcond(symbolic, numeric, &common)
        return common.rcond.isFinite && common.rcond > 1e-20
    }
}
