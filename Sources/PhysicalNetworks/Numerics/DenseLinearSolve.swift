import CBLAS

/// Dense linear solves with LAPACK (`dgesv`: LU with partial pivoting), for small systems and
/// as an independent check of the sparse solver.
public enum DenseLinearSolve {
    /// Failure of a dense solve.
    public enum Failure: Error, Equatable, Sendable {
        /// U(i, i) is exactly zero: the matrix is singular.
        case singular(pivot: Int)
        /// LAPACK rejected argument `argument`.
        case invalidArgument(argument: Int)
    }

    /// Solves A X = B for row-major A (n × n) and B (n × nrhs); returns X (row-major).
    public static func solve(_ a: [Double], _ b: [Double], dimension n: Int, rightHandSides nrhs: Int = 1)
        -> Result<[Double], Failure> {
        precondition(a.count == n * n && b.count == n * nrhs,
                     "A has \(a.count) entries, B \(b.count), for n = \(n), nrhs = \(nrhs)")
        guard n > 0 else { return .success(b) }
        var matrix = a
        var x = b
        var pivots = [Int32](repeating: 0, count: n)
        let info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(n), Int32(nrhs), &matrix, Int32(n), &pivots, &x, Int32(nrhs))
        if info > 0 { return .failure(.singular(pivot: Int(info))) }
        if info < 0 { return .failure(.invalidArgument(argument: Int(-info))) }
        return .success(x)
    }
}
