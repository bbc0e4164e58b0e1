import Foundation

/// Everything that defines a training run. The run folder keeps it (`configuration.json`) for
/// the record, and every checkpoint carries its fingerprint: `--resume` with other settings, or
/// with a netlist or dataset whose contents changed, is refused.
public struct TrainingConfiguration: RunConfiguration, Codable, Equatable, Sendable {
    /// The optimizers a run can use.
    public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
        case sgd
        case adam
    }

    /// The netlist and the dataset (paths as given).
    public var netlist: String
    public var data: String
    public var epochs: Int
    public var batchSize: Int
    public var optimizer: OptimizerKind
    public var learningRate: Double
    /// SGD momentum.
    public var momentum: Double
    /// Adam's ε, the gradient scale below which its steps shrink: 1e-8 suits conductances
    /// (dL/dg ~ V²/S, large); a spring network's dL/dk can be 1e-10 m²/(N/m) and needs less.
    public var adamEpsilon: Double
    public var estimator: Estimator
    /// The nudge (S).
    public var beta: Double
    public var seed: UInt64
    /// Share of the samples held out for testing.
    public var testFraction: Double
    /// Samples on which EP's gradient is compared with the exact one each epoch.
    public var probeSize: Int
    /// `--set NAME=VALUE` source overrides applied to the netlist.
    public var assignments: [String: Double]
    /// Oscillator networks: the torque cost (nil: cosine). Absent from other runs' records.
    public var phaseCost: PhaseCostKind?
    /// Oscillator networks: starts of the seeded multi-start (nil: one), drawn from `seed`.
    public var starts: Int?
    /// Finite temperature (issue 7): gradients are thermal estimates with these settings, the
    /// nudge `beta`; nil: the deterministic `estimator`. Absent from other runs' records.
    public var thermal: ThermalSettings?

    /// The torque costs of an oscillator network (`PhaseCost`).
    public enum PhaseCostKind: String, Codable, Sendable, CaseIterable {
        /// `1 − cos(φ − τ)`.
        case cosine
        /// `−log[(1 + ε + cos(φ − τ))/(2 + ε)]`, ε = 1e-5 (W24).
        case log

        /// The controller's cost.
        public var costKind: EquilibriumPropagation.CostKind {
            self == .cosine ? .phaseCosine : .phaseLogarithmic(epsilon: 1e-5)
        }
    }

    public init(netlist: String, data: String, epochs: Int, batchSize: Int = 1, optimizer: OptimizerKind = .adam,
                learningRate: Double = 1e-6, momentum: Double = 0, adamEpsilon: Double = 1e-8,
                estimator: Estimator = .centered,
                beta: Double = 1e-6, seed: UInt64 = 1, testFraction: Double = 0, probeSize: Int = 4,
                assignments: [String: Double] = [:]) {
        self.netlist = netlist
        self.data = data
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.momentum = momentum
        self.adamEpsilon = adamEpsilon
        self.estimator = estimator
        self.beta = beta
        self.seed = seed
        self.testFraction = testFraction
        self.probeSize = probeSize
        self.assignments = assignments
    }

    /// The optimizer it names, fresh.
    public func makeOptimizer() -> AnyOptimizer {
        switch optimizer {
        case .sgd: return .sgd(SGD(learningRate: learningRate, momentum: momentum))
        case .adam: return .adam(Adam(learningRate: learningRate, epsilon: adamEpsilon))
        }
    }
}
