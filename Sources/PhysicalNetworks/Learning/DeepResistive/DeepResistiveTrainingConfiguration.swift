/// The hyperparameters of equilibrium propagation on a deep resistive network with the fast
/// layered solver (`DeepResistiveTrainer`).
public struct DeepResistiveTrainingConfiguration: Sendable, Equatable, Codable {
    /// Which nudged phases estimate the gradient (PHYSICS.md §1).
    public enum Nudging: String, Sendable, Equatable, Codable, CaseIterable {
        /// (−β, +β), both from the free state: bias O(β²).
        case centered
        /// (0, +β): bias O(β).
        case positive
    }

    /// Samples per minibatch (one relaxation of the whole batch per phase).
    public var batchSize: Int
    /// The nudge β (S): the nudge current at the outputs is β ∂C/∂V.
    public var beta: Double
    public var nudging: Nudging
    /// `adam` (default) or `sgd` (with `momentum`).
    public var optimizer: TrainingConfiguration.OptimizerKind
    /// Adam's step (S): about how far a conductance moves per update; SGD's rate (S²/V²).
    public var learningRate: Double
    /// SGD's momentum (unused by Adam).
    public var momentum: Double
    /// Multiply block l's EP estimate by `ResistiveLayers.gainCompensation(block:)`, the exact
    /// factor the amplifiers take out of it (no effect without amplifiers).
    public var compensatesGain: Bool
    /// A relaxation has settled when a sweep changes no node by more than this (V).
    public var tolerance: Double
    /// Sweeps a relaxation may take before training stops with a numerical failure.
    public var maxSweeps: Int

    /// The optimizer it names, fresh.
    public func makeOptimizer() -> AnyOptimizer {
        switch optimizer {
        case .sgd: return .sgd(SGD(learningRate: learningRate, momentum: momentum))
        case .adam: return .adam(Adam(learningRate: learningRate))
        }
    }

    /// - Precondition: positive batch size, β, learning rate, tolerance and sweep budget.
    public init(batchSize: Int = 32, beta: Double = 1e-6, nudging: Nudging = .centered,
                optimizer: TrainingConfiguration.OptimizerKind = .adam, learningRate: Double = 2e-6,
                momentum: Double = 0, compensatesGain: Bool = true,
                tolerance: Double = 1e-10, maxSweeps: Int = 1000) {
        precondition(batchSize >= 1 && maxSweeps >= 1, "batch \(batchSize) and sweeps \(maxSweeps) must be positive")
        precondition(beta > 0 && beta.isFinite && learningRate > 0 && learningRate.isFinite && tolerance > 0,
                     "β \(beta), learning rate \(learningRate) and tolerance \(tolerance) must be positive")
        precondition((0..<1).contains(momentum), "momentum \(momentum) must be in [0, 1)")
        self.batchSize = batchSize
        self.beta = beta
        self.nudging = nudging
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.momentum = momentum
        self.compensatesGain = compensatesGain
        self.tolerance = tolerance
        self.maxSweeps = maxSweeps
    }
}

/// What one epoch of `DeepResistiveTrainer` measured.
public struct DeepResistiveEpochReport: Sendable, Equatable {
    public var epoch: Int
    public var examples: Int
    /// Fraction classified right by the free phase, before each minibatch's update.
    public var trainAccuracy: Double
    /// Mean cost ½‖out − y‖² at the free phase, before each minibatch's update.
    public var trainCost: Double
    /// Mean sweeps of the free phase, and of a nudged phase.
    public var freeSweeps: Double
    public var nudgedSweeps: Double
    /// Conductance updates that the bounds clipped.
    public var clippedUpdates: Int
    /// Minibatch updates.
    public var updates: Int
    /// Programming pulses and their energy, with hardware installed (zero otherwise).
    public var programming = UpdateStatistics()
    /// Device readings the ADC clipped to its range (with hardware installed).
    public var clippedReadings = 0
}

/// A relaxation of the layered solver that did not settle: training stops rather than learn
/// from a state that is not an equilibrium.
public struct DeepResistiveTrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `free`, `nudged (+β)`, `nudged (−β)` or `adjoint`.
    public var phase: String
    public var report: SweepReport

    public var description: String {
        if phase == "update" {
            return "the optimizer's step is not finite (an infinite or NaN gradient); lower the learning rate"
        }
        switch report.status {
        case .unstableNudge:
            return "the \(phase) phase has no equilibrium: the negative nudge outweighs the output conductances; use a smaller beta"
        case .diverged:
            return "the \(phase) phase diverged after \(report.sweeps) sweeps"
        case .failedElsewhere:
            return "the \(phase) phase failed on another process's share of the minibatch after \(report.sweeps) sweeps "
                + "(that process says why)"
        case .sweepLimit, .settled:
            return "the \(phase) phase did not settle in \(report.sweeps) sweeps (last change \(report.lastChange) V); raise the sweep budget or the tolerance"
        }
    }
}
