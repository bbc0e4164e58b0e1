import PhysicalNetworks

/// The ground state as the end point of imaginary-time evolution, the quantum analogue of
/// relaxation (PHYSICS.md §6):
///
///     ψ(τ) = e^{−τH}ψ₀ / ‖e^{−τH}ψ₀‖,   i.e.   dψ/dτ = −(H − ⟨H⟩_ψ)ψ,
///
/// integrated by classical fixed-step RK4 (the shift ⟨H⟩ keeps ‖ψ‖ = 1 along the exact flow; the
/// state is renormalized after every step). Writing ψ₀ = Σ c_k v_k, the excited amplitudes decay
/// relative to the ground one as e^{−τ(E_k−E_0)}, so ‖ψ(τ) ∓ v_0‖ ~ |c_1/c_0| e^{−τΔ} and the
/// energy error E(τ) − E_0 ~ Δ|c_1/c_0|² e^{−2τΔ} (Δ = E_1 − E_0; RK4 replaces e^{−δτ·λ} per
/// step by its degree-4 Taylor polynomial, a relative rate error O((δτΔ)⁴)). The evolution stops
/// when the energy variance ⟨H²⟩ − ⟨H⟩² = ‖(H − ⟨H⟩)ψ‖² (computed in that stable form) falls
/// below `varianceTolerance`: then E − E_0 ≤ variance/Δ and 1 − |⟨ψ|v_0⟩|² ≤ variance/Δ².
///
/// The step defaults to, and is capped at, δτ = 2/W with W = 1.2 × the spectral width
/// estimated by a 30-step Lanczos run, inside RK4's stability interval [−2.78, 0] for
/// (E_max − E_0)δτ (an unstable step would not just lose accuracy: the normalized map would
/// converge to whichever level maximizes |R(−δτ(E_k − E))|, not to the ground state). If the
/// energy ever rises, δτ is halved as a second guard. A start orthogonal to the ground state converges to the lowest
/// level it overlaps (seeded random start by default).
/// - Complexity: four applications of H per step; about ln(1/ε)·W/(4Δ) steps.
public struct ImaginaryTimeEvolution: Sendable {
    /// Stop when ⟨H²⟩ − ⟨H⟩² < varianceTolerance (absolute, in energy²).
    public var varianceTolerance: Double
    /// δτ; nil: 2/W from a Lanczos estimate of the spectral width W (larger values are capped there).
    public var timeStep: Double?
    /// Stop (status `.maximumTime`) before τ would exceed this.
    public var maximumTime: Double
    /// Stop (status `.maximumSteps`) after this many steps.
    public var maximumSteps: Int
    /// Seed of the random start vector.
    public var seed: UInt64

    public init(varianceTolerance: Double = 1e-18, timeStep: Double? = nil, maximumTime: Double = .infinity,
                maximumSteps: Int = 1_000_000, seed: UInt64 = 0x1A2C_205) {
        precondition(varianceTolerance >= 0 && (timeStep ?? 1) > 0 && maximumTime > 0 && maximumSteps >= 0,
                     "ImaginaryTimeEvolution: tolerance \(varianceTolerance), step \(String(describing: timeStep)), maximum time \(maximumTime), maximum steps \(maximumSteps)")
        self.varianceTolerance = varianceTolerance
        self.timeStep = timeStep
        self.maximumTime = maximumTime
        self.maximumSteps = maximumSteps
        self.seed = seed
    }

    /// Why the evolution stopped.
    public enum Status: Sendable, Equatable {
        /// The energy variance fell below the tolerance.
        case converged
        /// τ reached `maximumTime`.
        case maximumTime
        /// `maximumSteps` steps were taken.
        case maximumSteps
        /// The state or energy became NaN or infinite.
        case nonFinite
    }

    /// The evolved state and its report.
    public struct Result: Sendable {
        /// ψ(τ), normalized.
        public var state: [Double]
        /// ⟨H⟩ in ψ(τ).
        public var energy: Double
        /// ⟨H²⟩ − ⟨H⟩² in ψ(τ).
        public var variance: Double
        /// RK4 steps taken.
        public var steps: Int
        /// τ reached.
        public var imaginaryTime: Double
        /// The final δτ (capped at the stability bound; halved if the energy ever rose).
        public var timeStep: Double
        /// Applications of H.
        public var applications: Int
        public var status: Status
    }

    /// Evolves ψ₀ (`start`, or a seeded random vector) under e^{−τH}.
    public func evolve(_ h: some QuantumOperator, from start: [Double]? = nil) -> Result {
        let n = h.dimension
        precondition(start == nil || start!.count == n, "ImaginaryTimeEvolution: start of \(start!.count) entries for dimension \(n)")
        var psi: [Double]
        if let start, start.contains(where: { $0 != 0 }) { psi = start } else {
            var random = Xoshiro256StarStar(seed: seed)
            psi = (0..<n).map { _ in random.nextStandardNormal() }
        }
        var applications = 0
        let width = Self.spectralWidth(h, seed: seed, applications: &applications)
        let stableStep = width > 0 ? 2 / (1.2 * width) : 1
        var dt = min(timeStep ?? stableStep, stableStep)
        normalize(&psi)
        var hpsi = [Double](repeating: 0, count: n)
        var stage = psi, k = psi, next = psi
        var (energy, variance) = Self.moments(h, psi, &hpsi)
        applications += 1
        var steps = 0, time = 0.0
        var status = Status.converged
        while true {
            if !energy.isFinite || !variance.isFinite { status = .nonFinite; break }
            if variance < varianceTolerance { status = .converged; break }
            if steps >= maximumSteps { status = .maximumSteps; break }
            if time + dt > maximumTime * (1 + 1e-12) { status = .maximumTime; break }
            // RK4 on f(x) = −(Hx − ⟨H⟩_x x); stage 1 reuses Hψ.
            for s in 0..<n { k[s] = -(hpsi[s] - energy * psi[s]) }
            for s in 0..<n { next[s] = psi[s] + dt / 6 * k[s]; stage[s] = psi[s] + dt / 2 * k[s] }
            for stageIndex in 2...4 {
                let weight = stageIndex == 4 ? 1.0 / 6 : 1.0 / 3
                let reach = stageIndex == 2 ? 0.5 : 1.0
                Self.rightHandSide(h, stage, &k, &hpsi)
                applications += 1
                for s in 0..<n { next[s] += dt * weight * k[s] }
                if stageIndex < 4 { for s in 0..<n { stage[s] = psi[s] + dt * reach * k[s] } }
            }
            normalize(&next)
            let (newEnergy, newVariance) = Self.moments(h, next, &hpsi)
            applications += 1
            if newEnergy > energy + 1e-14 * max(1, abs(energy)) && dt > 1e-12 {
                // The energy rose: δτ beyond RK4's stability; retry the step with half of it.
                dt /= 2
                (energy, variance) = Self.moments(h, psi, &hpsi)
                applications += 1
                continue
            }
            swap(&psi, &next)
            energy = newEnergy; variance = newVariance
            steps += 1; time += dt
        }
        return Result(state: psi, energy: energy, variance: variance, steps: steps, imaginaryTime: time,
                      timeStep: dt, applications: applications, status: status)
    }

    /// (⟨H⟩, ‖(H − ⟨H⟩)ψ‖²) for normalized ψ; leaves Hψ in `hpsi`.
    static func moments(_ h: some QuantumOperator, _ psi: [Double], _ hpsi: inout [Double]) -> (Double, Double) {
        psi.withUnsafeBufferPointer { x in hpsi.withUnsafeMutableBufferPointer { h.apply(x, into: $0) } }
        let energy = dot(psi, hpsi)
        var variance = 0.0
        for s in psi.indices { let r = hpsi[s] - energy * psi[s]; variance += r * r }
        return (energy, variance)
    }

    /// k ← −(Hx − ⟨H⟩_x x), using `scratch` for Hx.
    static func rightHandSide(_ h: some QuantumOperator, _ x: [Double], _ k: inout [Double], _ scratch: inout [Double]) {
        x.withUnsafeBufferPointer { input in scratch.withUnsafeMutableBufferPointer { h.apply(input, into: $0) } }
        let energy = dot(x, scratch) / dot(x, x)
        for s in x.indices { k[s] = -(scratch[s] - energy * x[s]) }
    }

    /// E_max − E_min estimated by the extreme Ritz values of a 30-step Lanczos run.
    static func spectralWidth(_ h: some QuantumOperator, seed: UInt64, applications: inout Int) -> Double {
        let lanczos = Lanczos(tolerance: 1e-300, maximumBasisSize: max(3, min(30, h.dimension)),
                              maximumApplications: min(30, h.dimension), seed: seed, checksMultiplicity: false)
        let result = lanczos.lowest(1, of: h)
        applications += result.applications
        return result.spectralWidth
    }
}

/// ψ ← ψ/‖ψ‖.
func normalize(_ psi: inout [Double]) {
    let norm = dot(psi, psi).squareRoot()
    if norm > 0 { for s in psi.indices { psi[s] /= norm } }
}
