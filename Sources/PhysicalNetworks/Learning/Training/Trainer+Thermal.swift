import Foundation

/// Training at finite temperature (issue 7): each sample's gradient is a thermal estimate
/// (`EquilibriumPropagation.thermalGradient`) — with `thermal-covariance` the outputs are never
/// clamped or nudged, the network only fluctuates freely at temperature T.
extension Trainer {
    /// The thermal gradient for one sample, its Langevin noise seeded by `seed`, as the outcome
    /// of a minibatch counts it: the loss is ⟨C⟩ at temperature T, correctness that of the
    /// noiseless free equilibrium, the physical time the Langevin time sampled (steps × h).
    /// The heat is NaN: a thermal run's net heat exchange with the bath is not modelled.
    func thermalGradient(for sample: (features: ArraySlice<Double>, targets: ArraySlice<Double>),
                         settings: ThermalSettings, seed: UInt64) throws(LearningError)
        -> (gradient: [Double], outcome: Outcome) {
        try controller.setInputs(Array(sample.features))
        try controller.setTargets(Array(sample.targets))
        var outcome = Outcome.empty
        outcome.count = 1
        outcome.dissipatedEnergy = .nan
        let sampling: EquilibriumPropagation.ThermalSampling
        do throws(EquilibriumPropagation.ThermalSetupError) {
            sampling = try controller.thermalSampling(settings, seed: seed)
        } catch {
            outcome.status = .unsupported
            return (controller.trainable.map { _ in 0 }, outcome)
        }
        do throws(LangevinDynamics.Failure) {
            let estimate = try controller.thermalGradient(settings.estimator, beta: beta, sampling: sampling)
            let free = controller.freePhase()
            outcome.loss = estimate.loss
            outcome.correct = controller.isCorrect(free.state) ? 1 : 0
            outcome.physicalTime = Double(estimate.steps) * sampling.dynamics.stepSize
            if !free.report.status.isSuccess { outcome.status = free.report.status }
            return (estimate.gradient, outcome)
        } catch {
            switch error {
            case .singularMass: outcome.status = .singularMatrix
            case .nonFinite: outcome.status = .nonFinite
            }
            return (controller.trainable.map { _ in 0 }, outcome)
        }
    }

    /// The seed of sample `index` of minibatch `batch` of `epoch` in a run seeded by `seed`: a
    /// resumed run draws the same noise as the uninterrupted one.
    public static func noiseSeed(run seed: UInt64, epoch: Int, batch: Int) -> UInt64 {
        var generator = Xoshiro256StarStar(seed: seed, stream: (2 << 32) + UInt64(epoch) << 20 + UInt64(batch))
        return generator.next()
    }

    /// Cosine similarity of the minibatch-mean thermal estimate with the Gaussian closed form's
    /// dL/dθ at the same temperature (`gaussianReference`), on `samples`; NaN when the closed
    /// form cannot be formed (a network too large or not settling).
    func thermalAgreement(_ samples: [(features: ArraySlice<Double>, targets: ArraySlice<Double>)],
                          settings: ThermalSettings, seed: UInt64) throws(LearningError) -> Double {
        var estimate = [Double](repeating: 0, count: controller.trainable.count)
        var reference = estimate
        for (k, sample) in samples.enumerated() {
            let (gradient, outcome) = try thermalGradient(for: sample, settings: settings, seed: seed &+ UInt64(k))
            guard outcome.status.isSuccess else { return .nan }
            let closed: EquilibriumPropagation.GaussianReference
            do throws(EquilibriumPropagation.GaussianFailure) {
                closed = try controller.gaussianReference(temperature: settings.temperature, noise: settings.noise)
            } catch { return .nan }
            for i in estimate.indices {
                estimate[i] += gradient[i]
                reference[i] += closed.gradient[i]
            }
        }
        let dot = zip(estimate, reference).reduce(0) { $0 + $1.0 * $1.1 }
        let norms = (estimate.reduce(0) { $0 + $1 * $1 } * reference.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return norms > 0 ? dot / norms : .nan
    }
}
