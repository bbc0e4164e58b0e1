/// The hyperparameters of equilibrium propagation on a layered Hopfield network
/// (`HopfieldTrainer`), SB17's protocol.
///
/// **Conventions against SB17's code.** The cost here is `C = ½‖s_out − y‖²`; SB17's has no ½,
/// so SB17's β = 0.5 puts the same force β·(s − y) on the outputs as β = 1 here. The update is
/// `θ ← θ − lr · (∂E/∂θ(s_β) − ∂E/∂θ(s_0)) / (β·B)` (the batch mean); SB17 divides the same
/// difference by its own β = 0.5, so its learning rates 0.1/0.05 are 0.2/0.1 here (`sb17`).
public struct HopfieldTrainingConfiguration: Sendable, Equatable {
    /// Units per layer, input first, e.g. `[64, 50, 10]`.
    public var layerSizes: [Int]
    /// Examples per minibatch (SB17: 20).
    public var batchSize: Int
    /// Clipped descent steps of the free phase, from the zero state (SB17: 20).
    public var freeSteps: Int
    /// Clipped descent steps of the nudged phase, from the free state (SB17: 4).
    public var nudgedSteps: Int
    /// The step ε of both phases (SB17: 0.5).
    public var stepSize: Double
    /// |β| for the ½‖·‖² cost (SB17's 0.5 is 1 here).
    public var beta: Double
    /// Draw the sign of β at random for each minibatch (SB17: yes).
    public var randomSign: Bool
    /// One learning rate per layer pair l (for W_l and the biases of layer l + 1).
    public var learningRates: [Double]

    /// - Precondition: at least two layers; positive batch size, step and β; one learning rate
    ///   per layer pair; non-negative step counts.
    public init(layerSizes: [Int], batchSize: Int = 20, freeSteps: Int = 20, nudgedSteps: Int = 4,
                stepSize: Double = 0.5, beta: Double = 1, randomSign: Bool = true,
                learningRates: [Double]) {
        precondition(layerSizes.count >= 2 && layerSizes.allSatisfy { $0 > 0 },
                     "Hopfield training needs at least two non-empty layers, got \(layerSizes)")
        precondition(learningRates.count == layerSizes.count - 1,
                     "\(learningRates.count) learning rates for \(layerSizes.count - 1) layer pairs")
        precondition(batchSize >= 1 && freeSteps >= 0 && nudgedSteps >= 0,
                     "batch \(batchSize), free steps \(freeSteps), nudged steps \(nudgedSteps)")
        precondition(stepSize > 0 && stepSize.isFinite && beta > 0 && beta.isFinite,
                     "step \(stepSize) and β \(beta) must be positive and finite")
        self.layerSizes = layerSizes
        self.batchSize = batchSize
        self.freeSteps = freeSteps
        self.nudgedSteps = nudgedSteps
        self.stepSize = stepSize
        self.beta = beta
        self.randomSign = randomSign
        self.learningRates = learningRates
    }

    /// SB17's code hyperparameters (PHYSICS.md §8 case 10) for one hidden layer: batch 20,
    /// 20 free and 4 nudged steps of 0.5, β = 0.5 (1 here) with random sign, learning rates
    /// 0.1/0.05 (0.2/0.1 here; see the type).
    public static func sb17(layerSizes: [Int]) -> HopfieldTrainingConfiguration {
        precondition(layerSizes.count == 3, "SB17's rates are for one hidden layer, got \(layerSizes)")
        return HopfieldTrainingConfiguration(layerSizes: layerSizes, learningRates: [0.2, 0.1])
    }
}

/// What one training epoch measured.
public struct HopfieldEpochReport: Sendable, Equatable {
    /// The epoch number (0 first).
    public var epoch: Int
    /// Examples seen.
    public var examples: Int
    /// Fraction classified right by the free phase, before each minibatch's update.
    public var trainAccuracy: Double
    /// Mean ½‖s_out − y‖² at the free phase, before each minibatch's update.
    public var trainCost: Double
}
