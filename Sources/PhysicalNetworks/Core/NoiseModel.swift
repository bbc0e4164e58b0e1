/// Which elements of a network fluctuate at finite temperature (issue 7; PHYSICS.md §5). Each
/// noisy element k is an independent white-noise force `√(2 T d_k) ξ_k(t)` across the element
/// (`⟨ξ_k(t) ξ_l(t')⟩ = δ_kl δ(t − t')`), d_k its dissipative coefficient, so that the summed
/// noise has covariance `2T D` — the fluctuation–dissipation theorem for `M dx/dt = −F + noise`.
public enum NoiseModel: String, Sendable, Equatable, CaseIterable {
    /// Boltzmann–Langevin: the noise sits on the mass elements (capacitances, drags), D = M, so
    /// `dx = −M⁻¹∇E dt + √(2T) M^{−1/2} dW` and the stationary law is ∝ exp(−E/T) — a heat bath
    /// for springs and oscillators; for a circuit a formal model whose T is a power (W).
    case boltzmann
    /// Johnson–Nyquist: a noise current of one-sided spectral density 4kT·g across every
    /// resistor (two-sided 2kT·g, D = G), T = kT in J; for a linear RC network the stationary
    /// law is Gaussian with covariance kT·C⁻¹ around the noiseless equilibrium (not exp(−E/kT):
    /// the co-content is no thermodynamic potential).
    case johnson
}
