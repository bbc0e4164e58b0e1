/// The exact ground state of a `HarmonicNetwork`: a Gaussian, in closed form.
///
/// Written for the free network; under a nudge read K, b as K + βΣe_oe_oᵀ, b + βΣy_oe_o and
/// E_offset = βΣy_o²/2 (`HarmonicNetwork.stiffnessMatrix()`, `totalForces`, `energyOffset`).
/// Shift x = μ + ξ with μ = K⁻¹b (the classical equilibrium) and go to mass-weighted coordinates
/// q = M^{1/2}ξ, P = M^{−1/2}p: Ĥ = ½PᵀP + ½qᵀAq − ½bᵀK⁻¹b + E_offset with
/// A = M^{−1/2} K M^{−1/2} = V diag(ω_k²) Vᵀ. Each normal mode is an oscillator of frequency ω_k
/// whose ground state has ⟨q_k²⟩ = ħ/(2ω_k), so Cov(q) = (ħ/2)A^{−1/2} and
///
///     Σ = Cov(x) = (ħ/2) M^{−1/2} A^{−1/2} M^{−1/2}     (equal masses m: Σ = (ħ/2)(mK)^{−1/2}),
///     E₀ = (ħ/2) Σ_k ω_k − ½ bᵀK⁻¹b + E_offset.
///
/// PHYSICS.md §6 and case 3 (K = [[2,−1],[−1,2]], ħ = m = 1: Σ = ½K^{−1/2}, E₀ = (1 + √3)/2).
/// The state exists only for positive-definite K (otherwise Ĥ is unbounded below or has a free
/// zero mode: anchor at least one node of every connected component).
public struct HarmonicGroundState: Sendable {
    /// The network this is the ground state of.
    public let network: HarmonicNetwork
    /// μ = ⟨x̂⟩ = K⁻¹b.
    public let mean: [Double]
    /// Σ_ij = ⟨x̂_i x̂_j⟩ − μ_iμ_j, row-major n × n.
    public let covariance: [Double]
    /// ω_k, the normal-mode angular frequencies (√ of the eigenvalues of M^{−1/2}KM^{−1/2}), ascending.
    public let frequencies: [Double]
    /// V, row-major: column k is the mass-weighted shape of normal mode k.
    let modeShapes: [Double]
    /// K⁻¹, row-major (for the adjoint of the mean).
    let inverseStiffness: [Double]
    /// −½bᵀμ + E_offset: the classical minimum of the potential.
    public let classicalEnergy: Double

    /// Solves for the ground state of `network`.
    /// - Throws: `HarmonicNetworkError.notPositiveDefinite` when K has an eigenvalue ≤ n·ε·max|λ|.
    /// - Complexity: O(n³) for n nodes (one symmetric eigendecomposition).
    public init(_ network: HarmonicNetwork) throws(HarmonicNetworkError) {
        let n = network.nodeCount
        let k = network.stiffnessMatrix()
        let s = network.masses.map { 1 / $0.squareRoot() }
        var a = k
        for i in 0..<n { for j in 0..<n { a[i * n + j] *= s[i] * s[j] } }
        guard let spectrum = HarmonicSpectrum(symmetric: a, dimension: n) else {
            throw .diagonalizationFailed
        }
        let largest = spectrum.eigenvalues.map(abs).max() ?? 0
        if let smallest = spectrum.eigenvalues.first, smallest <= Double(n) * .ulpOfOne * largest || smallest <= 0 {
            throw .notPositiveDefinite(smallestEigenvalue: smallest)
        }
        let v = spectrum.eigenvectors
        let omega = spectrum.eigenvalues.map { $0.squareRoot() }
        // M^{−1/2} V diag(g) Vᵀ M^{−1/2} for g = 1/λ (K⁻¹) and g = ħ/(2ω) (Σ).
        func congruence(_ g: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in i..<n {
                    var sum = 0.0
                    for m in 0..<n { sum += v[i * n + m] * g[m] * v[j * n + m] }
                    out[i * n + j] = sum * s[i] * s[j]
                    out[j * n + i] = out[i * n + j]
                }
            }
            return out
        }
        let kInverse = congruence(spectrum.eigenvalues.map { 1 / $0 })
        let hbar = network.hbar
        let b = network.totalForces
        var mu = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<n { mu[i] += kInverse[i * n + j] * b[j] } }
        self.network = network
        self.mean = mu
        self.covariance = congruence(omega.map { hbar / (2 * $0) })
        self.frequencies = omega
        self.modeShapes = v
        self.inverseStiffness = kInverse
        self.classicalEnergy = -0.5 * dot(b, mu) + network.energyOffset
    }

    /// (ħ/2) Σ_k ω_k.
    public var zeroPointEnergy: Double { network.hbar / 2 * frequencies.reduce(0, +) }

    /// E₀ = (ħ/2) Σ_k ω_k − ½bᵀK⁻¹b + E_offset.
    public var energy: Double { zeroPointEnergy + classicalEnergy }

    /// Σ_ij.
    public func covariance(_ i: Int, _ j: Int) -> Double { covariance[i * network.nodeCount + j] }

    /// ⟨∂Ĥ/∂θ⟩ for every parameter (Hellmann–Feynman: ∂E₀/∂θ), in parameter order:
    /// ½⟨(x̂_i − x̂_j)²⟩ = ½[(μ_i − μ_j)² + Σ_ii + Σ_jj − 2Σ_ij] for a spring (½(μ_i² + Σ_ii) for an
    /// anchor), and −μ_i for the force b_i. PHYSICS.md §6.
    public var parameterExpectations: [Double] {
        network.springs.map { spring in
            let d = difference(spring, mean)
            return 0.5 * (d * d + differenceVariance(spring))
        } + mean.map { -$0 }
    }

    /// ∂E/∂θ of the classical network at its equilibrium μ (what classical EP measures):
    /// ½(μ_i − μ_j)² for a spring, −μ_i for a force.
    public var classicalParameterDerivatives: [Double] {
        network.springs.map { spring in
            let d = difference(spring, mean)
            return 0.5 * d * d
        } + mean.map { -$0 }
    }

    /// L = ⟨Ĉ⟩ = Σ_o ½[(μ_o − y_o)² + Σ_oo]. PHYSICS.md §6.
    public var loss: Double {
        classicalLoss + zeroPointLoss
    }

    /// L_classical = Σ_o ½(μ_o − y_o)²: the loss of the classical network (no zero-point spread).
    public var classicalLoss: Double {
        network.outputs.reduce(0) { sum, output in
            let r = mean[output.node] - output.target
            return sum + 0.5 * r * r
        }
    }

    /// L − L_classical = Σ_o ½Σ_oo, the zero-point part of the loss (∝ ħ).
    public var zeroPointLoss: Double {
        network.outputs.reduce(0) { $0 + 0.5 * covariance($1.node, $1.node) }
    }

    /// uᵀz for the spring's u = e_i − e_j (e_i for an anchor).
    func difference(_ spring: HarmonicSpring, _ z: [Double]) -> Double {
        z[spring.first] - (spring.second.map { z[$0] } ?? 0)
    }

    /// uᵀΣu = Var(x̂_i − x̂_j) (Σ_ii for an anchor).
    func differenceVariance(_ spring: HarmonicSpring) -> Double {
        let i = spring.first
        guard let j = spring.second else { return covariance(i, i) }
        return covariance(i, i) + covariance(j, j) - 2 * covariance(i, j)
    }
}

/// Why a harmonic network has no ground state.
public enum HarmonicNetworkError: Error, Equatable, Sendable {
    /// K (mass-weighted) is not positive definite: Ĥ is unbounded below, or a connected
    /// component has no anchor (a free zero mode).
    case notPositiveDefinite(smallestEigenvalue: Double)
    /// LAPACK failed (a non-finite stiffness or mass).
    case diagonalizationFailed
}

extension HarmonicNetwork {
    /// The closed-form Gaussian ground state. See `HarmonicGroundState`.
    public func groundState() throws(HarmonicNetworkError) -> HarmonicGroundState {
        try HarmonicGroundState(self)
    }
}
