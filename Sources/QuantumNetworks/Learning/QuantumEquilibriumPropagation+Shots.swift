import PhysicalNetworks

/// Quantum EP as measured: every ⟨∂H/∂θ⟩ of every phase from M projective shots per
/// measurement setting (`MeasurementSettings`), so the gradient carries shot noise of variance
/// ≈ Σ_phases w² Var(∂H/∂θ)/(Mβ²) (PHYSICS.md §6: 2Var/(Mβ²) for the centered estimator), and
/// the estimate says how many experiments it took: measured phases × settings × M (the free
/// phase is solved but not measured by the centered and Richardson estimators).
extension QuantumEquilibriumPropagation {
    /// Shots per setting and phase, and the seed of the outcomes.
    public struct Shots: Sendable, Equatable {
        public var count: Int
        public var seed: UInt64
        public init(count: Int, seed: UInt64 = 1) {
            precondition(count >= 2, "at least 2 shots per setting, got \(count)")
            self.count = count
            self.seed = seed
        }
    }

    /// The gradient by a real estimator from shots. The loss is the free state's exact ⟨Ĉ⟩.
    /// - Throws: `QuantumLearningError.notPauliMeasurable` unless the Hamiltonian's parameter
    ///   operators are Pauli strings.
    public func gradient(_ estimator: Estimator, beta: Double, shots: Shots) throws -> QuantumGradientEstimate {
        guard let pauli = hamiltonian as? any PauliParametrized else { throw QuantumLearningError.notPauliMeasurable }
        guard let nudges = estimator.realNudges else { throw QuantumLearningError.unsupportedEstimator(estimator.name) }
        guard beta > 0, beta.isFinite else { throw QuantumLearningError.invalidBeta(beta) }
        let terms = trainable.map { pauli.derivativeTerm($0) }
        let settings = MeasurementSettings(terms: terms, spins: pauli.spins)
        var generator = Xoshiro256StarStar(seed: shots.seed)
        let free = try freePhase()
        var gradient = [Double](repeating: 0, count: trainable.count)
        var variance = gradient
        var phases = 1, measured = 0
        for (factor, weight) in nudges {
            let phase = factor == 0 ? free : try self.phase(beta: factor * beta, from: free.state)
            if factor != 0 { phases += 1 }
            measured += 1
            let (means, errors) = settings.measure(terms, in: phase.state, shots: shots.count, using: &generator)
            for k in gradient.indices {
                gradient[k] += weight * means[k] / beta
                variance[k] += weight * weight * errors[k] * errors[k] / (beta * beta)
            }
        }
        var estimate = QuantumGradientEstimate(estimator: estimator, beta: beta, loss: loss(free.state),
                                               gradient: gradient, energy: free.energy, phases: phases,
                                               freeState: free.state, isCorrect: cost.isCorrect(free.state))
        estimate.standardError = variance.map { $0.squareRoot() }
        estimate.experiments = measured * settings.count * shots.count
        estimate.settings = settings.count
        return estimate
    }
}
