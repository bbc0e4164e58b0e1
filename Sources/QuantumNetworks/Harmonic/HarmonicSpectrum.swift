import CBLAS

/// The eigendecomposition of a real symmetric matrix, A = V diag(λ) Vᵀ, by LAPACK's
/// divide-and-conquer `dsyevd`: the normal modes of a harmonic network (λ_k = ω_k²) and the dense
/// diagonalization that validates its truncated Fock-space Hamiltonian.
///
/// - Complexity: O(n³) time, O(n²) memory.
struct HarmonicSpectrum {
    /// λ_k, ascending.
    var eigenvalues: [Double]
    /// V, row-major n × n: column k (entries `eigenvectors[i * n + k]`) is the unit eigenvector of λ_k.
    var eigenvectors: [Double]

    /// Diagonalizes the row-major symmetric `matrix` (n × n; its upper triangle is read).
    /// Returns nil when LAPACK fails (a non-finite entry, or no convergence).
    init?(symmetric matrix: [Double], dimension n: Int) {
        precondition(matrix.count == n * n, "matrix has \(matrix.count) entries for n = \(n)")
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        if n > 0 {
            guard a.allSatisfy({ $0.isFinite }) else { return nil }
            let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")),
                                      Int32(n), &a, Int32(n), &w)
            guard info == 0 else { return nil }
        }
        eigenvalues = w
        eigenvectors = a
    }

    /// The number of rows (and columns) of the decomposed matrix.
    var dimension: Int { eigenvalues.count }

    /// Column k of V.
    func eigenvector(_ k: Int) -> [Double] {
        let n = dimension
        return (0..<n).map { eigenvectors[$0 * n + k] }
    }
}
