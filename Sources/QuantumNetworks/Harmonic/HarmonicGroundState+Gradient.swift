/// The exact gradient of the ground-state loss L(θ) = Σ_o ½[(μ_o − y_o)² + Σ_oo] of a harmonic
/// network, in closed form, split into the part classical EP sees and the zero-point part.
///
/// Mean (adjoint): dμ/dk_e = −K⁻¹u_e(u_eᵀμ) and dμ/db = K⁻¹, so with λ = K⁻¹ Σ_o (μ_o − y_o)e_o,
///
///     dL_classical/dk_e = −(u_eᵀλ)(u_eᵀμ),      dL_classical/db_i = λ_i.
///
/// Covariance: Σ = (ħ/2) M^{−1/2} f(A) M^{−1/2} with f(λ) = λ^{−1/2}, A = M^{−1/2}KM^{−1/2} = V diag(ω²) Vᵀ,
/// dA/dk_e = v_e v_eᵀ (v_e = M^{−1/2}u_e). The Daleckii–Krein formula
/// df(A) = V [F ∘ (Vᵀ dA V)] Vᵀ with F_kl = (f(ω_k²) − f(ω_l²))/(ω_k² − ω_l²) = −1/(ω_kω_l(ω_k + ω_l))
/// (also right on the diagonal, f′(ω²) = −1/(2ω³), so degenerate modes need no special case) gives
///
///     dΣ_oo/dk_e = (ħ/(2m_o)) cᵀ(F ∘ w_ow_oᵀ)c,   c = Vᵀv_e,  w_o = Vᵀe_o,
///
/// and Σ does not depend on b. Then dL/dθ = dL_classical/dθ + Σ_o ½ dΣ_oo/dθ.
/// Daleckii & Krein, AMS Transl. 47 (1965); Higham, Functions of Matrices (SIAM 2008) thm 3.11.
///
/// - Complexity: O(n²(n_out + E)) after the ground state's O(n³) eigendecomposition.
public struct HarmonicLossGradient: Sendable {
    /// dL/dθ, in parameter order (stiffnesses then forces).
    public var quantum: [Double]
    /// dL_classical/dθ = d[Σ_o ½(μ_o − y_o)²]/dθ: what classical EP on the same network estimates.
    public var classical: [Double]
    /// quantum − classical = d[Σ_o ½Σ_oo]/dθ (∝ ħ; zero for the forces).
    public var zeroPoint: [Double]
}

extension HarmonicGroundState {
    /// The exact loss gradient (see `HarmonicLossGradient`). All zero when the network has no outputs.
    public var lossGradient: HarmonicLossGradient {
        let n = network.nodeCount
        let v = modeShapes, omega = frequencies
        // λ = K⁻¹ r with r = Σ_o (μ_o − y_o) e_o.
        var adjoint = [Double](repeating: 0, count: n)
        for output in network.outputs {
            let r = mean[output.node] - output.target
            for i in 0..<n { adjoint[i] += inverseStiffness[i * n + output.node] * r }
        }
        // W_kl = Σ_o (1/m_o) w_ok w_ol F_kl.
        var weights = [Double](repeating: 0, count: n * n)
        for output in network.outputs {
            let o = output.node, inverseMass = 1 / network.masses[o]
            for k in 0..<n {
                for l in 0..<n {
                    let f = -1 / (omega[k] * omega[l] * (omega[k] + omega[l]))
                    weights[k * n + l] += inverseMass * v[o * n + k] * v[o * n + l] * f
                }
            }
        }
        let s = network.masses.map { 1 / $0.squareRoot() }
        var c = [Double](repeating: 0, count: n)
        var classical: [Double] = [], zeroPoint: [Double] = []
        for spring in network.springs {
            classical.append(-difference(spring, adjoint) * difference(spring, mean))
            // c = Vᵀ M^{−1/2} u_e.
            let i = spring.first
            for k in 0..<n {
                c[k] = s[i] * v[i * n + k] - (spring.second.map { s[$0] * v[$0 * n + k] } ?? 0)
            }
            var quadratic = 0.0
            for k in 0..<n { for l in 0..<n { quadratic += c[k] * weights[k * n + l] * c[l] } }
            // ½ dΣ_oo/dk_e summed over outputs = ½ (ħ/2) cᵀWc.
            zeroPoint.append(network.hbar / 4 * quadratic)
        }
        classical += adjoint
        zeroPoint += [Double](repeating: 0, count: n)
        return HarmonicLossGradient(quantum: zip(classical, zeroPoint).map(+), classical: classical, zeroPoint: zeroPoint)
    }
}
