/// Stochastic gradient descent with heavy-ball momentum.
///
///     vₜ = μ vₜ₋₁ + gₜ,    θₜ = θₜ₋₁ − η vₜ,    v₀ = 0
///
/// (Polyak, "Some methods of speeding up the convergence of iteration methods", USSR Comput.
/// Math. Math. Phys. 4(5), 1964; in the form of Sutskever et al., ICML 2013, and PyTorch's
/// `torch.optim.SGD`). With μ = 0 it is plain gradient descent, θₜ = θₜ₋₁ − η gₜ.
public struct SGD: Optimizer, Equatable {
    /// Learning rate η > 0 (units of θ² per unit of loss, e.g. S² for conductances).
    public let learningRate: Double
    /// Momentum coefficient μ ∈ [0, 1).
    public let momentum: Double
    /// Velocity v (empty until the first step when μ > 0; unused when μ = 0).
    public private(set) var velocity: [Double]
    public private(set) var stepCount: Int

    /// - Parameters:
    ///   - learningRate: η, finite and positive.
    ///   - momentum: μ in [0, 1); 0 for plain gradient descent.
    public init(learningRate: Double, momentum: Double = 0) {
        precondition(Self.isValid(learningRate: learningRate, momentum: momentum),
                     "SGD needs a finite learning rate > 0 and momentum in [0, 1), got η = \(learningRate), μ = \(momentum)")
        self.learningRate = learningRate
        self.momentum = momentum
        velocity = []
        stepCount = 0
    }

    /// Whether `init(learningRate:momentum:)` accepts these values.
    public static func isValid(learningRate: Double, momentum: Double) -> Bool {
        learningRate.isFinite && learningRate > 0 && momentum >= 0 && momentum < 1
    }

    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        checkStepShapes(parameters: parameters, gradient: gradient, state: velocity.count)
        stepCount += 1
        if momentum == 0 {
            for i in parameters.indices { parameters[i] -= learningRate * gradient[i] }
            return
        }
        if velocity.isEmpty { velocity = [Double](repeating: 0, count: parameters.count) }
        for i in parameters.indices {
            velocity[i] = momentum * velocity[i] + gradient[i]
            parameters[i] -= learningRate * velocity[i]
        }
    }
}

extension SGD: Codable {
    private enum CodingKeys: String, CodingKey { case learningRate, momentum, velocity, stepCount }

    /// Decodes a checkpointed SGD; out-of-range hyperparameters are corrupted data.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let learningRate = try container.decode(Double.self, forKey: .learningRate)
        let momentum = try container.decode(Double.self, forKey: .momentum)
        guard Self.isValid(learningRate: learningRate, momentum: momentum) else {
            throw DecodingError.dataCorruptedError(
                forKey: .learningRate, in: container,
                debugDescription: "SGD needs a finite learning rate > 0 and momentum in [0, 1), got \(learningRate), \(momentum)")
        }
        self.init(learningRate: learningRate, momentum: momentum)
        velocity = try container.decode([Double].self, forKey: .velocity)
        stepCount = try container.decode(Int.self, forKey: .stepCount)
        guard stepCount >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .stepCount, in: container,
                                                   debugDescription: "negative step count \(stepCount)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(momentum, forKey: .momentum)
        try container.encode(velocity, forKey: .velocity)
        try container.encode(stepCount, forKey: .stepCount)
    }
}
