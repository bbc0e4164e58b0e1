import PhysicalNetworks

/// Quantum EP on a harmonic network (PHYSICS.md §6, "Harmonic network"): the ground state is
/// Gaussian, so every phase is closed form (`HarmonicNetwork.groundState()`); the nudge is
/// `β·½(x_o − y_o)²` (K + βe_oe_oᵀ, b + βy e_o); the device measures ⟨∂H/∂θ⟩ in each phase,
/// which for a spring includes the zero-point covariance, ½[(μ_i − μ_j)² + Σ_ii + Σ_jj − 2Σ_ij].
/// Classical EP on the same network sees only μ, and estimates the gradient of the classical
/// loss ½(μ_o − y)²: the two differ by the zero-point term (`HarmonicLossGradient`).
public struct HarmonicEquilibriumPropagation: Sendable {
    public var network: HarmonicNetwork
    /// Indices into `network.parameters` of the trainable terms.
    public var trainable: [Int]

    public init(network: HarmonicNetwork, trainable: [Int]? = nil) {
        self.network = network
        self.trainable = trainable ?? Array(network.parameters.indices)
    }

    /// A harmonic gradient: the quantum estimate, and for comparison the classical EP estimate
    /// (∂E/∂θ at μ in the same phases) and the exact split.
    public struct Estimate: Sendable {
        public var estimator: Estimator
        public var beta: Double
        public var loss: Double
        public var classicalLoss: Double
        public var gradient: [Double]
        public var classicalGradient: [Double]
        public var energy: Double
        public var phases: Int
        public var freeState: HarmonicGroundState
    }

    /// The gradient by `estimator` (real ones, or `exact`: the closed form).
    public func gradient(_ estimator: Estimator, beta: Double) throws -> Estimate {
        let free = try network.nudged(beta: 0).groundState()
        if estimator == .exact {
            let exact = free.lossGradient
            return Estimate(estimator: .exact, beta: 0, loss: free.loss, classicalLoss: free.classicalLoss,
                            gradient: trainable.map { exact.quantum[$0] }, classicalGradient: trainable.map { exact.classical[$0] },
                            energy: free.energy, phases: 1, freeState: free)
        }
        guard let nudges = estimator.realNudges else { throw QuantumLearningError.unsupportedEstimator(estimator.name) }
        guard beta > 0, beta.isFinite else { throw QuantumLearningError.invalidBeta(beta) }
        var quantum = [Double](repeating: 0, count: trainable.count), classical = quantum
        var phases = 1
        for (factor, weight) in nudges {
            let phase = factor == 0 ? free : try network.nudged(beta: factor * beta).groundState()
            if factor != 0 { phases += 1 }
            for (k, index) in trainable.enumerated() {
                quantum[k] += weight * phase.parameterExpectations[index] / beta
                classical[k] += weight * phase.classicalParameterDerivatives[index] / beta
            }
        }
        return Estimate(estimator: estimator, beta: beta, loss: free.loss, classicalLoss: free.classicalLoss,
                        gradient: quantum, classicalGradient: classical, energy: free.energy, phases: phases,
                        freeState: free)
    }
}
