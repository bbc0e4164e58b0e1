import CBLAS

/// Every eigenpair of a small real symmetric matrix by LAPACK's divide and conquer (`dsyevd`):
///
///     H = Σ_k E_k v_k v_kᵀ,   E_0 ≤ E_1 ≤ … ≤ E_{N−1},   v_kᵀv_l = δ_kl
///
/// Exact diagonalization, the oracle of PHYSICS.md §6 (about 12 spins: N ≤ 4096).
/// - Complexity: O(N³) time, about 3N² doubles of memory (the matrix and LAPACK's workspace).
public enum DenseEigensolver {
    /// The largest dimension accepted (12 spins; 4096² doubles are 128 MiB).
    public static let maximumDimension = 4096

    /// Failure of a dense diagonalization.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The dimension exceeds `maximumDimension`.
        case dimensionTooLarge(dimension: Int, maximum: Int)
        /// LAPACK's `dsyevd` returned info ≠ 0 (negative: bad argument; positive: no convergence).
        case lapack(info: Int)

        public var description: String {
            switch self {
            case .dimensionTooLarge(let n, let maximum):
                return "dense diagonalization of dimension \(n) exceeds the maximum \(maximum); use Lanczos"
            case .lapack(let info):
                return "LAPACK dsyevd failed with info = \(info)"
            }
        }
    }

    /// Eigenvalues ascending and the orthonormal eigenvectors, vector k contiguous.
    public struct Decomposition: Sendable {
        /// N, the matrix's dimension.
        public let dimension: Int
        /// E_0 ≤ … ≤ E_{N−1}.
        public let eigenvalues: [Double]
        /// v_k at `eigenvectors[k·N ..< (k+1)·N]`.
        public let eigenvectors: [Double]

        /// v_k, normalized (its sign is LAPACK's).
        public func vector(_ k: Int) -> [Double] {
            precondition(k >= 0 && k < dimension, "eigenvector \(k) outside 0..<\(dimension)")
            return Array(eigenvectors[k * dimension ..< (k + 1) * dimension])
        }
    }

    /// Diagonalizes a symmetric matrix (row-major N × N; only its upper triangle is read).
    public static func decompose(_ matrix: [Double], dimension n: Int) throws(Failure) -> Decomposition {
        precondition(matrix.count == n * n, "DenseEigensolver: \(matrix.count) entries for dimension \(n)")
        guard n <= maximumDimension else { throw .dimensionTooLarge(dimension: n, maximum: maximumDimension) }
        guard n > 0 else { return Decomposition(dimension: 0, eigenvalues: [], eigenvectors: []) }
        // Row-major upper = column-major lower of the same symmetric matrix; column-major output
        // puts eigenvector k in entries k·N..<(k+1)·N.
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")),
                                  Int32(n), &a, Int32(n), &w)
        guard info == 0 else { throw .lapack(info: Int(info)) }
        return Decomposition(dimension: n, eigenvalues: w, eigenvectors: a)
    }

    /// Diagonalizes an operator through its dense matrix (N ≤ `maximumDimension`).
    public static func decompose(_ h: some QuantumOperator) throws(Failure) -> Decomposition {
        guard h.dimension <= maximumDimension else {
            throw .dimensionTooLarge(dimension: h.dimension, maximum: maximumDimension)
        }
        return try decompose(h.denseMatrix(), dimension: h.dimension)
    }
}
