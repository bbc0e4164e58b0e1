import Foundation

/// Minibatch training of a network in place with an EP controller: for each sample, the
/// controller's phases and local measurements give a gradient; the minibatch average drives an
/// optimizer; the parameters are clipped to their bounds (conductances stay in [g_min, g_max])
/// and written back into the network. No file I/O: a run around it (`TrainingRun`) owns files.
public final class Trainer {
    public let controller: EquilibriumPropagation
    public var optimizer: AnyOptimizer
    public let bounds: ParameterBounds
    public let estimator: Estimator
    /// The nudge (S).
    public let beta: Double
    /// Finite temperature: gradients are thermal estimates (`Trainer+Thermal.swift`); nil: the
    /// deterministic `estimator`.
    public var thermal: ThermalSettings?

    /// What one pass over some samples gave.
    public struct Outcome: Sendable, Equatable {
        /// Mean loss over the samples (at the free equilibrium, before any update).
        public var loss: Double
        public var correct: Int
        public var count: Int
        /// Physical time of all relaxations (s) and the heat they dissipated (J).
        public var physicalTime: Double
        public var dissipatedEnergy: Double
        /// The first numerical failure met, or `.converged`.
        public var status: SolverStatus
        /// The energy ledgers of the training phases, added (evaluation keeps only the heat).
        public var ledger = EnergyLedger()

        public var accuracy: Double { count > 0 ? Double(correct) / Double(count) : 0 }

        static let empty = Outcome(loss: 0, correct: 0, count: 0, physicalTime: 0, dissipatedEnergy: 0,
                                   status: .converged)

        mutating func add(_ other: Outcome) {
            loss += other.loss
            correct += other.correct
            count += other.count
            physicalTime += other.physicalTime
            dissipatedEnergy += other.dissipatedEnergy
            ledger.add(other.ledger)
            if status == .converged { status = other.status }
        }

        mutating func add(_ estimate: GradientEstimate) {
            loss += estimate.loss
            correct += estimate.isCorrect ? 1 : 0
            count += 1
            physicalTime += estimate.physicalTime
            dissipatedEnergy += estimate.dissipatedEnergy
            for report in estimate.reports { ledger.add(report.ledger) }
            if status == .converged { status = estimate.status }
        }
    }

    public init(controller: EquilibriumPropagation, optimizer: AnyOptimizer, bounds: ParameterBounds,
                estimator: Estimator, beta: Double) {
        precondition(bounds.count == controller.trainable.count,
                     "\(bounds.count) bounds for \(controller.trainable.count) trainable parameters")
        self.controller = controller
        self.optimizer = optimizer
        self.bounds = bounds
        self.estimator = estimator
        self.beta = beta
    }

    /// The trainable parameters (S).
    public var parameters: [Double] {
        get { controller.trainableValues }
        set { controller.trainableValues = newValue }
    }

    /// One optimizer step on a minibatch. `sign` (±1) flips β for the random-sign estimator;
    /// `noiseSeed` seeds a thermal run's Langevin noise (sample k: `noiseSeed + k`).
    /// When a phase fails to settle, the parameters are left as they are and the outcome says so.
    public func train(_ samples: [(features: ArraySlice<Double>, targets: ArraySlice<Double>)],
                      sign: Double = 1, noiseSeed: UInt64 = 0) throws(LearningError) -> Outcome {
        var outcome = Outcome.empty
        var mean = [Double](repeating: 0, count: controller.trainable.count)
        for (index, sample) in samples.enumerated() {
            if let thermal {
                let (gradient, sampleOutcome) = try thermalGradient(for: sample, settings: thermal,
                                                                    seed: noiseSeed &+ UInt64(index))
                outcome.add(sampleOutcome)
                for k in mean.indices { mean[k] += gradient[k] / Double(samples.count) }
                continue
            }
            let estimate = try gradient(for: sample, estimator: estimator, beta: beta * sign)
            outcome.add(estimate)
            for k in mean.indices { mean[k] += estimate.gradient[k] / Double(samples.count) }
        }
        outcome.loss /= Double(max(samples.count, 1))
        // A gradient from a phase that did not settle is no measurement: no update from it.
        guard outcome.status.isSuccess else { return outcome }
        var theta = parameters
        optimizer.step(parameters: &theta, gradient: mean)
        _ = bounds.clamp(&theta)
        parameters = theta
        return outcome
    }

    /// Loss and accuracy at the free equilibrium, without training.
    public func evaluate(_ samples: [(features: ArraySlice<Double>, targets: ArraySlice<Double>)]) throws(LearningError) -> Outcome {
        var outcome = Outcome.empty
        for sample in samples {
            try controller.setInputs(Array(sample.features))
            try controller.setTargets(Array(sample.targets))
            let free = controller.freePhase()
            outcome.loss += controller.loss(free.state)
            outcome.correct += controller.isCorrect(free.state) ? 1 : 0
            outcome.count += 1
            outcome.physicalTime += free.report.time
            outcome.dissipatedEnergy += free.report.dissipatedEnergy
            if outcome.status == .converged && !free.report.status.isSuccess { outcome.status = free.report.status }
        }
        outcome.loss /= Double(max(samples.count, 1))
        return outcome
    }

    /// Cosine similarity of the minibatch-mean EP gradient with the exact one, on `samples`;
    /// NaN when there is nothing to compare (no samples, the estimator is the exact one, or
    /// there is no exact gradient: see `EquilibriumPropagation.exactGradient`). At finite
    /// temperature the thermal estimate against the Gaussian closed form (`thermalAgreement`).
    public func gradientAgreement(_ samples: [(features: ArraySlice<Double>, targets: ArraySlice<Double>)],
                                  noiseSeed: UInt64 = 0) throws(LearningError) -> Double {
        if let thermal {
            return samples.isEmpty ? .nan : try thermalAgreement(samples, settings: thermal, seed: noiseSeed)
        }
        guard !samples.isEmpty, estimator != .exact, controller.hasCompleteJacobian else { return .nan }
        var ep = [Double](repeating: 0, count: controller.trainable.count)
        var exact = ep
        for sample in samples {
            // Both from the same random starts (a multi-start draws them in sequence).
            let starts = controller.startGenerator
            let e = try gradient(for: sample, estimator: estimator == .randomSign ? .positive : estimator, beta: beta)
            controller.startGenerator = starts
            let x = try gradient(for: sample, estimator: .exact, beta: beta)
            for k in ep.indices {
                ep[k] += e.gradient[k]
                exact[k] += x.gradient[k]
            }
        }
        let dot = zip(ep, exact).reduce(0) { $0 + $1.0 * $1.1 }
        let norms = (ep.reduce(0) { $0 + $1 * $1 } * exact.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return norms > 0 ? dot / norms : .nan
    }

    private func gradient(for sample: (features: ArraySlice<Double>, targets: ArraySlice<Double>),
                          estimator: Estimator, beta: Double) throws(LearningError) -> GradientEstimate {
        try controller.setInputs(Array(sample.features))
        try controller.setTargets(Array(sample.targets))
        if beta < 0 {
            // (−β, 0) is the positive estimator with β → −β; run it as the negative one.
            return try controller.gradient(estimator == .randomSign || estimator == .positive ? .negative : estimator,
                                           beta: -beta)
        }
        return try controller.gradient(estimator == .randomSign ? .positive : estimator, beta: beta)
    }
}
