/// An operator Ô = κ Σ_i p̂_i²/(2m_i) + ½ x̂ᵀQ x̂ + gᵀx̂ + c on a truncated Fock space, compiled
/// to ladder-operator coefficients and applied matrix-free. The building block of
/// `FockSpaceHamiltonian` (Ĥ, each ∂Ĥ/∂θ_k, positions and the cost are all of this form).
///
/// With x̂_i = s_i(a_i + a_i†), s_i = √(ħ/(2m_iω₀_i)), p̂_i = i√(ħm_iω₀_i/2)(a_i† − a_i):
///
///     p̂²/(2m) = (ħω₀/4)(2n̂ + 1 − a² − a†²),   x̂² = s²(a² + a†² + 2n̂ + 1),
///
/// so mode i contributes α_i(2n̂_i + 1) + γ_i(a_i² + a_i†²) + g_i s_i(a_i + a_i†) with
/// α_i = κħω₀_i/4 + Q_ii s_i²/2 and γ_i = −κħω₀_i/4 + Q_ii s_i²/2, and each pair i < j contributes
/// Q_ij s_i s_j (a_i + a_i†)(a_j + a_j†). The normal-ordered forms are the exact matrix elements of
/// x̂² and p̂² between kept states, so the truncated operator is PÔP (P the projector on
/// n_i ≤ n_max): for Ĥ, Rayleigh–Ritz then bounds every truncated eigenvalue from above.
/// Everything is real, so Ô is a real symmetric matrix.
struct FockQuadraticForm: Sendable {
    /// α_i: the coefficient of (2n̂_i + 1).
    var number: [Double]
    /// γ_i: the coefficient of (a_i² + a_i†²).
    var squeeze: [Double]
    /// g_i s_i: the coefficient of (a_i + a_i†).
    var displacement: [Double]
    /// (i, j, Q_ij s_i s_j) for i < j with Q_ij ≠ 0.
    var pairs: [(i: Int, j: Int, coefficient: Double)]
    /// c.
    var constant: Double

    /// - Parameters:
    ///   - kinetic: κ (1 for Ĥ, 0 for a potential-only observable).
    ///   - quadratic: Q, row-major modes × modes, symmetric.
    ///   - linear: g.
    ///   - constant: c.
    ///   - masses, referenceFrequencies, hbar: m_i, ω₀_i, ħ.
    init(kinetic: Double, quadratic: [Double], linear: [Double], constant: Double,
         masses: [Double], referenceFrequencies: [Double], hbar: Double) {
        let n = masses.count
        let s = (0..<n).map { (hbar / (2 * masses[$0] * referenceFrequencies[$0])).squareRoot() }
        number = (0..<n).map { kinetic * hbar * referenceFrequencies[$0] / 4 + quadratic[$0 * n + $0] * s[$0] * s[$0] / 2 }
        squeeze = (0..<n).map { -kinetic * hbar * referenceFrequencies[$0] / 4 + quadratic[$0 * n + $0] * s[$0] * s[$0] / 2 }
        displacement = (0..<n).map { linear[$0] * s[$0] }
        pairs = []
        for i in 0..<n {
            for j in (i + 1)..<n where quadratic[i * n + j] != 0 {
                pairs.append((i, j, quadratic[i * n + j] * s[i] * s[j]))
            }
        }
        self.constant = constant
    }

    /// y ← Ô x on the basis |n_0 n_1 …⟩ with index Σ_i n_i (n_max + 1)^i.
    /// `roots[n]` = √n for n = 0 … n_max + 2. Allocates nothing.
    func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>,
               cutoff: Int, roots: [Double]) {
        let modes = number.count, levels = cutoff + 1
        precondition(x.count == y.count, "x has \(x.count) entries, y \(y.count)")
        for state in 0..<x.count {
            var sum = constant * x[state]
            var stride = 1
            for i in 0..<modes {
                let n = (state / stride) % levels
                sum += number[i] * Double(2 * n + 1) * x[state]
                let g = squeeze[i]
                if g != 0 {
                    if n >= 2 { sum += g * roots[n] * roots[n - 1] * x[state - 2 * stride] }
                    if n + 2 <= cutoff { sum += g * roots[n + 1] * roots[n + 2] * x[state + 2 * stride] }
                }
                let d = displacement[i]
                if d != 0 {
                    if n >= 1 { sum += d * roots[n] * x[state - stride] }
                    if n + 1 <= cutoff { sum += d * roots[n + 1] * x[state + stride] }
                }
                stride *= levels
            }
            for pair in pairs {
                var strideI = 1, strideJ = 1
                for _ in 0..<pair.i { strideI *= levels }
                for _ in 0..<pair.j { strideJ *= levels }
                let ni = (state / strideI) % levels, nj = (state / strideJ) % levels
                // ⟨n|(a + a†)|n − 1⟩ = √n, ⟨n|(a + a†)|n + 1⟩ = √(n + 1).
                let downI = ni >= 1 ? roots[ni] : 0, upI = ni < cutoff ? roots[ni + 1] : 0
                let downJ = nj >= 1 ? roots[nj] : 0, upJ = nj < cutoff ? roots[nj + 1] : 0
                var term = 0.0
                if downI != 0 {
                    if downJ != 0 { term += downI * downJ * x[state - strideI - strideJ] }
                    if upJ != 0 { term += downI * upJ * x[state - strideI + strideJ] }
                }
                if upI != 0 {
                    if downJ != 0 { term += upI * downJ * x[state + strideI - strideJ] }
                    if upJ != 0 { term += upI * upJ * x[state + strideI + strideJ] }
                }
                sum += pair.coefficient * term
            }
            y[state] = sum
        }
    }
}
