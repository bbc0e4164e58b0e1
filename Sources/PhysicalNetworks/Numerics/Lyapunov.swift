/// The continuous Lyapunov equation `A Σ + Σ Aᵀ = S`, solved densely through its Kronecker
/// form `(I ⊗ A + A ⊗ I) vec Σ = vec S` (n² unknowns, LAPACK `dgesv`): for the small networks
/// whose stationary covariance is a closed-form reference. For `dx = −A x dt + G dW` the
/// stationary covariance solves it with `S = G Gᵀ` (Gardiner, Handbook of Stochastic Methods,
/// §4.4.6); a unique solution exists when no two eigenvalues of A sum to zero, in particular
/// when A is stable.
public enum Lyapunov {
    /// The largest n solved (the Kronecker system has n⁴ entries: 64 → 134 MB).
    public static let maximumDimension = 64

    /// Σ (row-major n × n) with `A Σ + Σ Aᵀ = S`, A and S row-major n × n.
    public static func solve(_ a: [Double], _ s: [Double], dimension n: Int) -> Result<[Double], DenseLinearSolve.Failure> {
        precondition(n <= maximumDimension, "Lyapunov solve of \(n) > \(maximumDimension) unknowns")
        precondition(a.count == n * n && s.count == n * n, "A and S must be \(n) × \(n)")
        let m = n * n
        // Row (i, j) of the system: Σ_k A[i,k] Σ[k,j] + Σ_k Σ[i,k] A[j,k] = S[i,j].
        var kronecker = [Double](repeating: 0, count: m * m)
        for i in 0..<n {
            for j in 0..<n {
                let row = (i * n + j) * m
                for k in 0..<n {
                    kronecker[row + k * n + j] += a[i * n + k]
                    kronecker[row + i * n + k] += a[j * n + k]
                }
            }
        }
        return DenseLinearSolve.solve(kronecker, s, dimension: m)
    }
}
