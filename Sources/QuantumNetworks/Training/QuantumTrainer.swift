import Foundation
import PhysicalNetworks

/// Trains a quantum model in place by minibatch gradient descent (issue 8, item 4): for each
/// sample the input terms take the data's features and the outputs their targets, the gradient
/// comes from the device's protocol — quantum EP on spins (`QuantumEquilibriumPropagation`,
/// `estimator` at nudge `beta`, optionally from `shots` projective measurements per setting and
/// phase), quantum or classical EP on harmonic modes (`HarmonicEquilibriumPropagation`) — the
/// minibatch's gradients are averaged, the optimizer steps, and the trainable terms are written
/// back into the Hamiltonian.
///
/// **Accuracy.** Spins: `SpinSquaredError.isCorrect`, every ⟨Z_o⟩ within 1 of its target (for
/// ±1 targets: on the right side of zero). Modes: every |μ_o − y_o| within `tolerance`
/// (`regressionTolerance(for:)`: 10 % of the targets' spread).
///
/// **Seeds.** Shot outcomes of sample s of minibatch b in epoch e come from
/// `shotSeed(run:epoch:batch:sample:)`, so a run is reproducible and a resumed epoch repeats.
public final class QuantumTrainer {
    public var problem: QuantumTrainingProblem
    public var optimizer: AnyOptimizer
    /// Lower/upper bounds of the trainable terms (stiffnesses stay positive).
    public var bounds: ParameterBounds
    public var estimator: Estimator
    /// The nudge β (energy units of the Hamiltonian per unit cost).
    public var beta: Double
    /// Projective measurements per setting and phase (spins only); nil: exact expectations.
    public var shots: Int?
    /// Harmonic modes: train with classical EP's gradient (∂E/∂θ at μ only) instead of quantum EP's.
    public var classical: Bool
    /// Harmonic modes: the accuracy tolerance on |μ_o − y_o|.
    public var tolerance: Double
    /// The spins' eigensolver.
    public var solver: EigenstateSolver

    public init(problem: QuantumTrainingProblem, optimizer: AnyOptimizer, estimator: Estimator = .centered,
                beta: Double = 0.1, shots: Int? = nil, classical: Bool = false, tolerance: Double = 0.1,
                bounds: ParameterBounds? = nil, solver: EigenstateSolver = EigenstateSolver()) throws(QuantumTrainingError) {
        self.problem = problem
        self.optimizer = optimizer
        self.estimator = estimator
        self.beta = beta
        self.shots = shots
        self.classical = classical
        self.tolerance = tolerance
        self.solver = solver
        self.bounds = bounds ?? Self.defaultBounds(problem)
        try check()
    }

    /// Refuses settings the model cannot use.
    func check() throws(QuantumTrainingError) {
        if estimator != .exact {
            guard estimator.realNudges != nil else {
                throw .unsupported("quantum training takes the estimators exact, positive, negative, centered and richardson, not \(estimator.name)")
            }
            guard beta > 0, beta.isFinite else { throw .unsupported("the nudge β must be positive and finite, got \(beta)") }
        }
        if let shots {
            guard problem.isSpins else { throw .unsupported("shots are for spin models (a harmonic network's phases are Gaussian, in closed form)") }
            guard estimator != .exact else { throw .unsupported("shots need a real estimator (positive, negative, centered, richardson): the exact gradient is not measured") }
            guard shots >= 2 else { throw .unsupported("at least 2 shots per setting, got \(shots)") }
        }
        if classical, problem.isSpins {
            throw .unsupported("classical EP is the harmonic networks' comparison; a spin model trains by quantum EP")
        }
    }

    /// Stiffnesses of springs bounded below by 1e-6 (K stays positive semidefinite), everything
    /// else unbounded.
    public static func defaultBounds(_ problem: QuantumTrainingProblem) -> ParameterBounds {
        guard case .modes(let network) = problem.physics else { return .unbounded(count: problem.trainableIndices.count) }
        return ParameterBounds(lower: problem.trainableIndices.map { $0 < network.springs.count ? 1e-6 : -.infinity },
                               upper: problem.trainableIndices.map { _ in .infinity })
    }

    /// 10 % of the targets' spread (of their largest size when they are all equal).
    public static func regressionTolerance(for targets: [Double]) -> Double {
        let spread = (targets.max() ?? 1) - (targets.min() ?? 0)
        return max(spread > 0 ? spread : abs(targets.first ?? 1), 1e-300) * 0.1
    }

    /// The trainable terms' values.
    public var parameters: [Double] {
        get { problem.trainableValues }
        set { problem.trainableValues = newValue }
    }

    /// One sample's figures.
    public struct SampleResult {
        /// L = ⟨Ĉ⟩ in the free state.
        public var loss: Double
        /// Modes: ½Σ(μ_o − y_o)², the loss without the zero-point spread (NaN for spins).
        public var classicalLoss: Double
        public var isCorrect: Bool
        /// dL/dθ of the trainable terms (empty when only evaluated).
        public var gradient: [Double]
        /// Projective measurements taken (0 without shots).
        public var experiments: Int
    }

    /// A minibatch's figures: means over its samples.
    public struct BatchResult {
        public var loss: Double
        public var classicalLoss: Double
        public var correct: Int
        public var count: Int
        /// The mean gradient the optimizer stepped with.
        public var gradient: [Double]
        /// Projective measurements of the whole minibatch (one update).
        public var experiments: Int
        public var accuracy: Double { Double(correct) / Double(max(count, 1)) }
    }

    public typealias Sample = (features: ArraySlice<Double>, targets: ArraySlice<Double>)

    /// The gradient of one sample by the trainer's method (or by `estimator` when given).
    public func gradient(_ sample: Sample, shotSeed: UInt64 = 1, estimator: Estimator? = nil,
                         classical: Bool? = nil) throws(QuantumTrainingError) -> SampleResult {
        problem.load(features: sample.features, targets: sample.targets)
        let estimator = estimator ?? self.estimator
        do {
            switch problem.physics {
            case .spins(let hamiltonian, let cost, let level):
                let controller = QuantumEquilibriumPropagation(hamiltonian: hamiltonian, cost: cost, trainable: problem.trainableIndices,
                                                               level: level, solver: solver)
                let estimate = if let shots, estimator != .exact {
                    try controller.gradient(estimator, beta: beta, shots: .init(count: shots, seed: shotSeed))
                } else {
                    try controller.gradient(estimator, beta: beta)
                }
                return SampleResult(loss: estimate.loss, classicalLoss: .nan, isCorrect: estimate.isCorrect,
                                    gradient: estimate.gradient, experiments: estimate.experiments)
            case .modes(let network):
                let controller = HarmonicEquilibriumPropagation(network: network, trainable: problem.trainableIndices)
                let estimate = try controller.gradient(estimator, beta: beta)
                return SampleResult(loss: estimate.loss, classicalLoss: estimate.classicalLoss,
                                    isCorrect: isCorrect(estimate.freeState),
                                    gradient: (classical ?? self.classical) ? estimate.classicalGradient : estimate.gradient,
                                    experiments: 0)
            }
        } catch {
            throw noState(error, sample)
        }
    }

    /// The free state's loss and correctness for one sample (no nudge, no measurement).
    public func evaluate(_ sample: Sample) throws(QuantumTrainingError) -> SampleResult {
        problem.load(features: sample.features, targets: sample.targets)
        do {
            switch problem.physics {
            case .spins(let hamiltonian, let cost, let level):
                let controller = QuantumEquilibriumPropagation(hamiltonian: hamiltonian, cost: cost, trainable: problem.trainableIndices,
                                                               level: level, solver: solver)
                let state = try controller.freePhase().state
                return SampleResult(loss: controller.loss(state), classicalLoss: .nan, isCorrect: cost.isCorrect(state),
                                    gradient: [], experiments: 0)
            case .modes(let network):
                let state = try network.groundState()
                return SampleResult(loss: state.loss, classicalLoss: state.classicalLoss, isCorrect: isCorrect(state),
                                    gradient: [], experiments: 0)
            }
        } catch {
            throw noState(error, sample)
        }
    }

    /// Mean loss, classical loss and accuracy over `samples` in their free states.
    public func evaluate(_ samples: [Sample]) throws(QuantumTrainingError) -> (loss: Double, classicalLoss: Double, accuracy: Double) {
        var loss = 0.0, classicalLoss = 0.0, correct = 0
        for sample in samples {
            let result = try evaluate(sample)
            loss += result.loss
            classicalLoss += result.classicalLoss
            if result.isCorrect { correct += 1 }
        }
        let n = Double(max(samples.count, 1))
        return (loss / n, classicalLoss / n, Double(correct) / n)
    }

    /// The mean gradient over a minibatch (each sample's gradient at the same parameters).
    public func batchGradient(_ samples: [Sample], shotSeeds: [UInt64]? = nil) throws(QuantumTrainingError) -> BatchResult {
        precondition(!samples.isEmpty, "an empty minibatch")
        var result = BatchResult(loss: 0, classicalLoss: 0, correct: 0, count: samples.count,
                                 gradient: [Double](repeating: 0, count: problem.trainableIndices.count), experiments: 0)
        for (s, sample) in samples.enumerated() {
            let one = try gradient(sample, shotSeed: shotSeeds?[s] ?? UInt64(s + 1))
            result.loss += one.loss
            result.classicalLoss += one.classicalLoss
            if one.isCorrect { result.correct += 1 }
            result.experiments += one.experiments
            for k in result.gradient.indices { result.gradient[k] += one.gradient[k] }
        }
        let n = Double(samples.count)
        result.loss /= n
        result.classicalLoss /= n
        for k in result.gradient.indices { result.gradient[k] /= n }
        return result
    }

    /// One update: the minibatch's mean gradient, an optimizer step, the bounds, and the new
    /// values written into the Hamiltonian. The figures are those before the step.
    @discardableResult
    public func train(_ samples: [Sample], shotSeeds: [UInt64]? = nil) throws(QuantumTrainingError) -> BatchResult {
        let result = try batchGradient(samples, shotSeeds: shotSeeds)
        var theta = parameters
        optimizer.step(parameters: &theta, gradient: result.gradient)
        _ = bounds.clamp(&theta)
        parameters = theta
        return result
    }

    /// The seed of one sample's shots.
    public static func shotSeed(run seed: UInt64, epoch: Int, batch: Int, sample: Int) -> UInt64 {
        var generator = Xoshiro256StarStar(seed: seed, stream: (2 << 32) &+ UInt64(epoch) << 20 &+ UInt64(batch) << 8 &+ UInt64(sample))
        return generator.next()
    }

    private func isCorrect(_ state: HarmonicGroundState) -> Bool {
        state.network.outputs.allSatisfy { abs(state.mean[$0.node] - $0.target) <= tolerance }
    }

    private func noState(_ error: any Error, _ sample: Sample) -> QuantumTrainingError {
        let names = problem.trainableNames
        let values = parameters.map { String(format: "%.6g", $0) }
        return .noState("no state to measure for the sample (\(sample.features.map { "\($0)" }.joined(separator: ", "))): \(error) "
                        + "at " + zip(names, values).map { "\($0)=\($1)" }.joined(separator: " "))
    }
}
