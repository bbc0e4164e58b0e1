import CBLAS

/// GEMM on raw row-major storage with packed leading dimensions, for callers that keep their
/// own flat buffers (the backpropagation baseline); `multiply` takes strided views.
extension BLAS {
    /// General matrix product over row-major storage:
    ///
    ///     C ← α·op(A)·op(B) + β·C,   op(X) = X or Xᵀ
    ///
    /// with op(A) of shape m × k, op(B) of shape k × n and C of shape m × n.
    /// - Parameters:
    ///   - transposeA: use Aᵀ; A is stored as k × m (leading dimension m) instead of m × k (k).
    ///   - transposeB: use Bᵀ; B is stored as n × k (leading dimension k) instead of k × n (n).
    ///   - m, n, k: the product's shape; any of them may be zero (then C is only scaled by β,
    ///     or left alone when m or n is zero).
    ///   - alpha, beta: the scalars; with β = 0, C is overwritten and its old contents (even NaN)
    ///     are ignored, as BLAS specifies.
    /// - Complexity: m·n·k multiply-adds; allocates nothing.
    public static func gemm(transposeA: Bool = false, transposeB: Bool = false,
                            m: Int, n: Int, k: Int, alpha: Double = 1,
                            _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                            beta: Double = 0, _ c: UnsafeMutablePointer<Double>) {
        precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative shape m = \(m), n = \(n), k = \(k)")
        guard m > 0 && n > 0 else { return }
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        cblas_dgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(max(lda, 1)), b, Int32(max(ldb, 1)),
                    beta, c, Int32(max(n, 1)))
    }
}
