/// Adam: gradient descent scaled by running estimates of the gradient's first and second moments.
///
///     mₜ = β₁ mₜ₋₁ + (1 − β₁) gₜ            vₜ = β₂ vₜ₋₁ + (1 − β₂) gₜ²
///     m̂ₜ = mₜ / (1 − β₁ᵗ)                   v̂ₜ = vₜ / (1 − β₂ᵗ)
///     θₜ = θₜ₋₁ − α m̂ₜ / (√v̂ₜ + ε)
///
/// (Kingma & Ba, "Adam: A method for stochastic optimization", ICLR 2015, Algorithm 1.)
/// The powers β₁ᵗ, β₂ᵗ are kept as running products (one multiplication per step, no `pow`), so
/// the arithmetic is identical on every platform and a checkpoint restores it exactly.
public struct Adam: Optimizer, Equatable {
    /// Step size α > 0 (units of θ: each step moves a parameter by at most about α).
    public let learningRate: Double
    /// First-moment decay β₁ ∈ [0, 1).
    public let beta1: Double
    /// Second-moment decay β₂ ∈ [0, 1).
    public let beta2: Double
    /// ε > 0 in the denominator (units of the gradient).
    public let epsilon: Double
    /// First moment m (empty until the first step).
    public private(set) var firstMoment: [Double]
    /// Second raw moment v (empty until the first step).
    public private(set) var secondMoment: [Double]
    /// β₁ᵗ after t steps.
    public private(set) var beta1Power: Double
    /// β₂ᵗ after t steps.
    public private(set) var beta2Power: Double
    public private(set) var stepCount: Int

    /// - Parameters:
    ///   - learningRate: α, finite and positive (the paper's default is 0.001).
    ///   - beta1: β₁ in [0, 1), default 0.9.
    ///   - beta2: β₂ in [0, 1), default 0.999.
    ///   - epsilon: ε > 0, default 1e-8.
    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        precondition(Self.isValid(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon),
                     "Adam needs α > 0, β₁, β₂ in [0, 1), ε > 0 (all finite), got α = \(learningRate), β₁ = \(beta1), β₂ = \(beta2), ε = \(epsilon)")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = []
        secondMoment = []
        beta1Power = 1
        beta2Power = 1
        stepCount = 0
    }

    /// Whether `init` accepts these hyperparameters.
    public static func isValid(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double) -> Bool {
        learningRate.isFinite && learningRate > 0 && beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1
            && epsilon.isFinite && epsilon > 0
    }

    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        checkStepShapes(parameters: parameters, gradient: gradient, state: firstMoment.count)
        if firstMoment.isEmpty {
            firstMoment = [Double](repeating: 0, count: parameters.count)
            secondMoment = firstMoment
        }
        stepCount += 1
        beta1Power *= beta1
        beta2Power *= beta2
        let firstCorrection = 1 - beta1Power
        let secondCorrection = 1 - beta2Power
        let (beta1, beta2, epsilon) = (beta1, beta2, epsilon)
        // θ −= lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ): the corrections are folded
        // into a step size and a reciprocal, leaving one division and one square root per
        // parameter; raw pointers (no bounds checks) let the loop vectorize.
        let stepSize = learningRate / firstCorrection, inverseSecondCorrection = 1 / secondCorrection
        parameters.withUnsafeMutableBufferPointer { theta in
            gradient.withUnsafeBufferPointer { grad in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        for i in 0..<theta.count {
                            let g = grad[i]
                            m[i] = beta1 * m[i] + (1 - beta1) * g
                            v[i] = beta2 * v[i] + (1 - beta2) * (g * g)
                            theta[i] -= stepSize * m[i] / ((v[i] * inverseSecondCorrection).squareRoot() + epsilon)
                        }
                    }
                }
            }
        }
    }
}

extension Adam: Codable {
    private enum CodingKeys: String, CodingKey {
        case learningRate, beta1, beta2, epsilon, firstMoment, secondMoment, beta1Power, beta2Power, stepCount
    }

    /// Decodes a checkpointed Adam; out-of-range hyperparameters or moment vectors of different
    /// lengths are corrupted data.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let learningRate = try container.decode(Double.self, forKey: .learningRate)
        let beta1 = try container.decode(Double.self, forKey: .beta1)
        let beta2 = try container.decode(Double.self, forKey: .beta2)
        let epsilon = try container.decode(Double.self, forKey: .epsilon)
        guard Self.isValid(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon) else {
            throw DecodingError.dataCorruptedError(
                forKey: .learningRate, in: container,
                debugDescription: "Adam needs α > 0, β₁, β₂ in [0, 1), ε > 0, got \(learningRate), \(beta1), \(beta2), \(epsilon)")
        }
        self.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        firstMoment = try container.decode([Double].self, forKey: .firstMoment)
        secondMoment = try container.decode([Double].self, forKey: .secondMoment)
        beta1Power = try container.decode(Double.self, forKey: .beta1Power)
        beta2Power = try container.decode(Double.self, forKey: .beta2Power)
        stepCount = try container.decode(Int.self, forKey: .stepCount)
        guard firstMoment.count == secondMoment.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .secondMoment, in: container,
                debugDescription: "moment vectors of different lengths (\(firstMoment.count) and \(secondMoment.count))")
        }
        guard stepCount >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .stepCount, in: container,
                                                   debugDescription: "negative step count \(stepCount)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(beta1, forKey: .beta1)
        try container.encode(beta2, forKey: .beta2)
        try container.encode(epsilon, forKey: .epsilon)
        try container.encode(firstMoment, forKey: .firstMoment)
        try container.encode(secondMoment, forKey: .secondMoment)
        try container.encode(beta1Power, forKey: .beta1Power)
        try container.encode(beta2Power, forKey: .beta2Power)
        try container.encode(stepCount, forKey: .stepCount)
    }
}
