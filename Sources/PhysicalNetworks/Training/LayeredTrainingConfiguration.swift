import Foundation

/// The settings of a deep-resistive-network training run on the fast layered solver
/// (`LayeredTrainingRun`): what `configuration.json` records and what a checkpoint's
/// fingerprint covers (all but the epoch count, so a run can be extended by resuming it).
public struct LayeredTrainingConfiguration: RunConfiguration, Codable, Equatable, Sendable {
    /// The backpropagation baseline trained in the same run on the same data.
    public struct Baseline: Codable, Equatable, Sendable {
        /// Hidden nonlinearity of the MLP (the rectifier's clip [0, 1] is `hardSigmoid`).
        public var activation: MultilayerPerceptron.Activation
        /// Adam's step.
        public var learningRate: Double

        public init(activation: MultilayerPerceptron.Activation = .hardSigmoid, learningRate: Double = 1e-3) {
            self.activation = activation
            self.learningRate = learningRate
        }
    }

    /// The `.drn` description file.
    public var network: String
    /// `digits`, `fashion-mnist`, or a CSV path.
    public var data: String
    public var epochs: Int
    public var training: DeepResistiveTrainingConfiguration
    /// Seed of the split and the minibatch order (the conductances come from the description's).
    public var seed: UInt64
    /// Share of the samples held out for testing (data without its own test set).
    public var testFraction: Double
    /// Training samples on which EP's estimate is compared with the exact gradient.
    public var probeSize: Int
    /// The MLP trained beside the network, if any.
    public var baseline: Baseline?
    /// The non-ideal devices and converters the network trains through (nil: ideal), and the
    /// file they were read from.
    public var hardware: HardwareConfiguration?
    public var hardwareFile: String?

    public init(network: String, data: String, epochs: Int, training: DeepResistiveTrainingConfiguration,
                seed: UInt64 = 1, testFraction: Double = 0, probeSize: Int = 32, baseline: Baseline? = nil,
                hardware: HardwareConfiguration? = nil, hardwareFile: String? = nil) {
        precondition(epochs >= 1 && probeSize >= 0 && (0..<1).contains(testFraction),
                     "epochs \(epochs), probe \(probeSize), test fraction \(testFraction)")
        self.network = network
        self.data = data
        self.epochs = epochs
        self.training = training
        self.seed = seed
        self.testFraction = testFraction
        self.probeSize = probeSize
        self.baseline = baseline
        self.hardware = hardware
        self.hardwareFile = hardwareFile
    }
}
