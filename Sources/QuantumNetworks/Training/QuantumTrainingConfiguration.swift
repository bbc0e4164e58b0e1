import Foundation
import PhysicalNetworks

/// Everything that defines a quantum training run (`nudge quantum train`): kept in the run
/// folder (`configuration.json`) and fingerprinted into every checkpoint, so that `--resume`
/// with other settings, another model file or other data is refused.
public struct QuantumTrainingConfiguration: RunConfiguration, Codable, Equatable, Sendable {
    /// The model file and the dataset (paths as given).
    public var model: String
    public var data: String
    public var epochs: Int
    public var batchSize: Int
    public var optimizer: TrainingConfiguration.OptimizerKind
    public var learningRate: Double
    public var estimator: Estimator
    /// The nudge β.
    public var beta: Double
    /// Projective measurements per setting and phase (spins); nil: exact expectations.
    public var shots: Int?
    /// Harmonic modes: classical EP instead of quantum EP.
    public var classical: Bool
    public var seed: UInt64
    /// Share of the samples held out for testing.
    public var testFraction: Double
    /// Samples on which the gradient is compared with the exact one every epoch.
    public var probeSize: Int

    public init(model: String, data: String, epochs: Int, batchSize: Int = 1, optimizer: TrainingConfiguration.OptimizerKind = .adam,
                learningRate: Double = 0.05, estimator: Estimator = .centered, beta: Double = 0.1, shots: Int? = nil,
                classical: Bool = false, seed: UInt64 = 1, testFraction: Double = 0, probeSize: Int = 4) {
        self.model = model
        self.data = data
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.estimator = estimator
        self.beta = beta
        self.shots = shots
        self.classical = classical
        self.seed = seed
        self.testFraction = testFraction
        self.probeSize = probeSize
    }

    /// The optimizer it names, fresh.
    public func makeOptimizer() -> AnyOptimizer {
        switch optimizer {
        case .sgd: return .sgd(SGD(learningRate: learningRate))
        case .adam: return .adam(Adam(learningRate: learningRate))
        }
    }
}
