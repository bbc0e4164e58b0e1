import PhysicalNetworks

/// Quantum EP (Massar & Mognetti 2024; Scellier 2024; Wanjura & Marquardt 2024; PHYSICS.md §6):
/// the network sits in its k-th eigenstate ψ_k of H(θ) (k = 0: the ground state); nudging
/// adds βĈ; by Hellmann–Feynman `∂_θE_k = ⟨∂_θH⟩_β` and `∂_βE_k = ⟨Ĉ⟩_β`, hence
///
///     dL/dθ = ∂_β ⟨ψ_k(β)|∂_θH|ψ_k(β)⟩ |_{β=0},   L = ⟨ψ_k|Ĉ|ψ_k⟩
///
/// for any nondegenerate eigenstate. The controller runs the protocol as a device would: the
/// free eigenstate, then each nudged one warm-started from it, the local operators' expectations
/// measured in each, combined by the real estimators of `Estimator` (positive, negative,
/// centered, Richardson; `realNudges`); `exactGradient` is the first-order perturbation theory
/// baseline.
public final class QuantumEquilibriumPropagation {
    /// Finds eigenstate `level` of an operator, optionally warm-started; throws when it cannot
    /// (e.g. the state is degenerate: EP then fails).
    public typealias EigenstateSolve = (_ operator: any QuantumOperator, _ level: Int, _ start: [Double]?) throws
        -> (energy: Double, state: [Double])

    public var hamiltonian: any ParametrizedHamiltonian
    public var cost: any QuantumCost
    /// k, the eigenstate trained (0: ground state).
    public let level: Int
    /// Indices into `hamiltonian.parameters` of the trainable terms.
    public let trainable: [Int]
    public let solve: EigenstateSolve

    public init(hamiltonian: any ParametrizedHamiltonian, cost: any QuantumCost, trainable: [Int]? = nil,
                level: Int = 0, solve: @escaping EigenstateSolve) {
        precondition(hamiltonian.dimension == cost.dimension,
                     "H has dimension \(hamiltonian.dimension), the cost \(cost.dimension)")
        self.hamiltonian = hamiltonian
        self.cost = cost
        self.trainable = trainable ?? Array(hamiltonian.parameters.indices)
        self.level = level
        self.solve = solve
    }

    /// Names of the trainable terms.
    public var trainableNames: [String] { trainable.map { hamiltonian.parameterNames[$0] } }

    /// One phase: the eigenstate of H + βĈ and the trainable operators' expectations in it.
    public struct Phase: Sendable {
        public var beta: Double
        public var energy: Double
        public var state: [Double]
        /// ⟨∂H/∂θ⟩ of the trainable terms.
        public var measurement: [Double]
    }

    /// The free phase (β = 0), from `start` if given.
    public func freePhase(from start: [Double]? = nil) throws -> Phase {
        try phase(beta: 0, from: start)
    }

    /// The phase of H + βĈ, warm-started from `start`.
    public func phase(beta: Double, from start: [Double]?) throws -> Phase {
        let nudged = NudgedHamiltonian(hamiltonian: hamiltonian, cost: cost, beta: beta)
        let (energy, state) = try solve(nudged, level, start)
        let all = hamiltonian.derivativeExpectations(state)
        return Phase(beta: beta, energy: energy, state: state, measurement: trainable.map { all[$0] })
    }

    /// L = ⟨ψ|Ĉ|ψ⟩.
    public func loss(_ state: [Double]) -> Double { cost.expectation(state) }

    /// The gradient by `estimator` (a real one, or `exact`) at nudge β.
    public func gradient(_ estimator: Estimator, beta: Double) throws -> QuantumGradientEstimate {
        if estimator == .exact { return try exactGradient() }
        guard let nudges = estimator.realNudges else {
            throw QuantumLearningError.unsupportedEstimator(estimator.name)
        }
        guard beta > 0, beta.isFinite else { throw QuantumLearningError.invalidBeta(beta) }
        let free = try freePhase()
        var gradient = [Double](repeating: 0, count: trainable.count)
        var phases = 1
        for (factor, weight) in nudges {
            let phase = factor == 0 ? free : try self.phase(beta: factor * beta, from: free.state)
            if factor != 0 { phases += 1 }
            for k in gradient.indices { gradient[k] += weight * phase.measurement[k] / beta }
        }
        return QuantumGradientEstimate(estimator: estimator, beta: beta, loss: loss(free.state), gradient: gradient,
                                       energy: free.energy, phases: phases, freeState: free.state,
                                       isCorrect: cost.isCorrect(free.state))
    }
}

/// A quantum EP gradient.
public struct QuantumGradientEstimate: Sendable {
    public var estimator: Estimator
    /// The nudge (0 for exact).
    public var beta: Double
    /// L = ⟨Ĉ⟩ in the free eigenstate.
    public var loss: Double
    /// dL/dθ per trainable term.
    public var gradient: [Double]
    /// The free eigenstate's energy.
    public var energy: Double
    /// Eigenstates solved.
    public var phases: Int
    public var freeState: [Double]
    public var isCorrect: Bool
    /// With shot noise: each dL/dθ's standard error, the projective measurements taken
    /// (phases × settings × shots) and the measurement settings per phase; nil/0 otherwise.
    public var standardError: [Double]?
    public var experiments = 0
    public var settings = 0
}

/// What quantum EP refuses.
public enum QuantumLearningError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedEstimator(String)
    case invalidBeta(Double)
    /// The linear solve of the exact gradient did not converge.
    case exactSolveFailed(residual: Double)
    /// Shots need parameter operators that are Pauli strings.
    case notPauliMeasurable

    public var description: String {
        switch self {
        case .unsupportedEstimator(let name):
            return "quantum EP has no '\(name)' estimator (exact, positive, negative, centered, richardson)"
        case .invalidBeta(let beta): return "the nudge β must be positive and finite, got \(beta)"
        case .exactSolveFailed(let residual):
            return "the exact gradient's linear solve stopped at relative residual \(residual) (a near-degenerate state?)"
        case .notPauliMeasurable:
            return "shot noise needs a Hamiltonian whose parameter operators are Pauli strings"
        }
    }
}
