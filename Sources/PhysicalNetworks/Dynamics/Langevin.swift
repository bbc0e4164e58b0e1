import Foundation

/// Overdamped Langevin dynamics of a network at temperature T (issue 7; PHYSICS.md §5):
///
///     M dx = −F(x) dt + B dW,   B Bᵀ = 2T D
///
/// with M the mass matrix, F the residual (∇E for a gradient system) and the noise of
/// `NoiseModel`: on the mass elements (D = M, Boltzmann: stationary law ∝ exp(−E/T)) or on the
/// resistors (D = G, Johnson–Nyquist). Every family contributes its own sources
/// (`Interaction.addNoise`), so the noise is physical per element, never a special case here.
/// M must be invertible (a mass at every unknown).
///
/// Schemes, fixed step h, ξ standard normal per source and step:
/// - `eulerMaruyama`: `M Δx = −F(x) h + B ξ √h` (weak order 1).
/// - `heun` (stochastic Heun, additive noise): predictor x̃ = x + M⁻¹(−F(x) h + B ξ √h), then
///   `M Δx = −½[F(x) + F(x̃)] h + B ξ √h` with the same ξ (weak order 2 for additive noise:
///   the stationary moments' step error is O(h²)).
///
/// Seeded (`Xoshiro256StarStar`): the same seed gives the same trajectory. Buffers are made
/// once per run; the step loop allocates nothing.
public struct LangevinDynamics: Sendable, Equatable {
    public enum Scheme: String, Sendable, CaseIterable {
        case eulerMaruyama = "euler-maruyama"
        case heun
    }

    public var noise: NoiseModel
    /// T: an energy (J) for springs, oscillators and Johnson noise (kT); a power (W) for the
    /// Boltzmann model of a circuit.
    public var temperature: Double
    /// The fixed step h (s).
    public var stepSize: Double
    public var scheme: Scheme
    public var seed: UInt64
    /// Noise sources from an unknown to ground beyond the families' own, `√(2T d) ξ` each: the
    /// Johnson noise of an element outside the network, e.g. a nudging resistor (conductance
    /// β) to a target source.
    public var groundedSources: [GroundedSource] = []

    /// A white-noise source `√(2T·dissipation) ξ` from `unknown` to ground.
    public struct GroundedSource: Sendable, Equatable {
        public var unknown: Int
        public var dissipation: Double
        public init(unknown: Int, dissipation: Double) {
            precondition(dissipation >= 0, "a noise source's dissipation \(dissipation) must be ≥ 0")
            self.unknown = unknown
            self.dissipation = dissipation
        }
    }

    public init(noise: NoiseModel, temperature: Double, stepSize: Double, scheme: Scheme = .heun, seed: UInt64 = 1) {
        precondition(temperature >= 0 && temperature.isFinite, "temperature \(temperature) must be ≥ 0")
        precondition(stepSize > 0 && stepSize.isFinite, "step \(stepSize) must be positive")
        self.noise = noise
        self.temperature = temperature
        self.stepSize = stepSize
        self.scheme = scheme
        self.seed = seed
    }

    /// Why a run could not proceed.
    public enum Failure: Error, Equatable, Sendable {
        /// The mass matrix is singular: some unknown has no capacitance or drag.
        case singularMass
        /// The state became NaN or infinite (step too large for the stiffest mode).
        case nonFinite(step: Int)
    }

    /// Integrates `steps` steps from `state` (updated in place), calling `observe` with the
    /// state after every `every`-th step (the samples a measurement would take).
    /// - Throws: `Failure` for a singular mass or a state that blew up.
    public func run(_ equations: NetworkEquations, state: inout [Double], steps: Int, every: Int = 1,
                    drive: Drive = .dc, observe: (UnsafeBufferPointer<Double>) -> Void = { _ in }) throws(Failure) {
        precondition(state.count == equations.dimension, "state of \(state.count) for \(equations.dimension) unknowns")
        precondition(every >= 1, "observe every \(every) steps")
        guard case .success = equations.factorMass() else { throw .singularMass }
        let n = equations.dimension
        let families = equations.network.interactions
        let counts = families.map { $0.noiseSourceCount(noise) }
        let parameters = (0..<equations.network.parameters.count).map { equations.parameter($0) }
        var generator = Xoshiro256StarStar(seed: seed)
        let familySources = counts.reduce(0, +)
        var normals = [Double](repeating: 0, count: familySources + groundedSources.count)
        var kick = [Double](repeating: 0, count: n)      // B ξ √h
        var rate = [Double](repeating: 0, count: n)      // F(x)
        var predictedRate = [Double](repeating: 0, count: n)  // F(x̃)
        var increment = [Double](repeating: 0, count: n)
        var predicted = [Double](repeating: 0, count: n)
        let h = stepSize, root = stepSize.squareRoot()

        for step in stride(from: 1, through: steps, by: 1) {
            for k in normals.indices { normals[k] = generator.nextStandardNormal() }
            parameters.withUnsafeBufferPointer { p in
                normals.withUnsafeBufferPointer { xi in
                    kick.withUnsafeMutableBufferPointer { out in
                        out.update(repeating: 0)
                        var offset = 0
                        for (family, count) in zip(families, counts) where count > 0 {
                            family.addNoise(noise, temperature: temperature,
                                            normals: UnsafeBufferPointer(rebasing: xi[offset..<(offset + count)]),
                                            parameters: p, into: out)
                            offset += count
                        }
                        for (k, source) in groundedSources.enumerated() {
                            out[source.unknown] += (2 * temperature * source.dissipation).squareRoot() * xi[familySources + k]
                        }
                    }
                }
            }
            for i in 0..<n { kick[i] *= root }
            evaluate(equations, state, drive: drive, into: &rate)
            for i in 0..<n { increment[i] = -rate[i] * h + kick[i] }
            increment.withUnsafeMutableBufferPointer { equations.solve($0) }
            if scheme == .heun {
                for i in 0..<n { predicted[i] = state[i] + increment[i] }
                evaluate(equations, predicted, drive: drive, into: &predictedRate)
                for i in 0..<n { increment[i] = -0.5 * (rate[i] + predictedRate[i]) * h + kick[i] }
                increment.withUnsafeMutableBufferPointer { equations.solve($0) }
            }
            var finite = true
            for i in 0..<n {
                state[i] += increment[i]
                finite = finite && state[i].isFinite
            }
            guard finite else { throw .nonFinite(step: step) }
            if step % every == 0 { state.withUnsafeBufferPointer(observe) }
        }
    }

    private func evaluate(_ equations: NetworkEquations, _ x: [Double], drive: Drive, into out: inout [Double]) {
        x.withUnsafeBufferPointer { state in
            out.withUnsafeMutableBufferPointer { equations.evaluateResidual(state, drive: drive, into: $0) }
        }
    }
}
