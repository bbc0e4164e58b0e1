import Foundation

/// Thermal EP (issue 7; Massar & Mognetti 2024, PHYSICS.md §5): at temperature T the network
/// samples `p_β ∝ exp(−(E + βC)/T)` (Boltzmann noise) and the loss is the average cost
/// `L = ⟨C⟩₀`. With `F_β = −T ln Z_β`, `∂_θ F = ⟨∂_θE⟩_β` and `∂_β F = ⟨C⟩_β`, so
///
///     dL/dθ = ∂_β ⟨∂_θE⟩_β |₀ = −(1/T) Cov₀(∂_θE, C)
///
/// - `nudged`: time averages of the local measurements ∂E/∂θ over Langevin runs at +β and −β,
///   `[⟨∂_θE⟩_β − ⟨∂_θE⟩_{−β}]/(2β)` (bias O(β²), variance ∝ T/(Mβ²)); with a noisy nudging
///   resistor (`NudgeElement.resistor`) the one-sided `[⟨∂_θE⟩_β − ⟨∂_θE⟩₀]/β`;
/// - `covariance`: the free phase only, no nudge and no clamping ever applied:
///   `−(1/T) Ĉov(∂_θE, C)` over the free run's samples (per-sample spread O(1) as T → 0).
///
/// Both are exact in expectation only under Boltzmann noise, whose stationary law is exp(−E/T);
/// under Johnson noise a circuit's covariance is kT·C⁻¹ whatever the conductances and the
/// covariance estimator does not estimate dL/dθ (see `NoiseModel`).
///
/// **Standard errors** by batch means: the M samples of a run are cut into 20 consecutive
/// batches, and the standard error is the spread of the batch estimates over √20 — correct for
/// autocorrelated Langevin samples as long as a batch is much longer than the correlation time;
/// `effectiveSamples` is then Var(per-sample)/stderr², which the naive M overstates.
extension EquilibriumPropagation {
    /// How the thermal phases are sampled.
    public struct ThermalSampling: Sendable, Equatable {
        public var dynamics: LangevinDynamics
        /// Samples per phase (M), taken every `interval` steps after `burnIn` steps.
        public var samples: Int
        public var interval: Int
        public var burnIn: Int
        /// The nudging element: a noiseless source (default; `nudged` then differences ±β) or
        /// a resistor with its own Johnson noise (`nudged` then differences β and the free run).
        public var nudge: NudgeElement

        public init(dynamics: LangevinDynamics, samples: Int, interval: Int = 10, burnIn: Int = 1000,
                    nudge: NudgeElement = .source) {
            precondition(samples >= 40 && interval >= 1 && burnIn >= 0,
                         "thermal sampling needs ≥ 40 samples (20 batches), an interval ≥ 1 and a burn-in ≥ 0")
            self.dynamics = dynamics
            self.samples = samples
            self.interval = interval
            self.burnIn = burnIn
            self.nudge = nudge
        }
    }

    /// The thermal estimators.
    public enum ThermalEstimator: String, Sendable, CaseIterable {
        case nudged = "thermal-nudged"
        case covariance = "thermal-covariance"
    }

    /// A thermal gradient estimate with its uncertainty.
    public struct ThermalGradientEstimate: Sendable {
        public var estimator: ThermalEstimator
        /// ⟨C⟩ over the free run (the loss at temperature T) and its standard error.
        public var loss: Double
        public var lossError: Double
        /// dL/dθ per trainable parameter, and its standard error (batch means).
        public var gradient: [Double]
        public var standardError: [Double]
        /// Var(per-sample estimate)/stderr² per parameter: the samples' worth once correlated.
        public var effectiveSamples: [Double]
        /// Langevin steps taken over all phases.
        public var steps: Int
    }

    /// The thermal gradient for the current inputs and targets.
    /// - Throws: `LangevinDynamics.Failure` when the dynamics cannot run (a missing mass, a
    ///   step too large).
    public func thermalGradient(_ estimator: ThermalEstimator, beta: Double, sampling: ThermalSampling)
        throws(LangevinDynamics.Failure) -> ThermalGradientEstimate {
        precondition(sampling.nudge == .source || beta > 0, "a noisy nudging resistor needs β > 0")
        let free = try sampleRun(beta: 0, sampling: sampling, seedOffset: 0)
        let batches = 20, perBatch = free.costs.count / batches
        let temperature = sampling.dynamics.temperature
        let lossBatches = (0..<batches).map { b in mean(free.costs[(b * perBatch)..<((b + 1) * perBatch)]) }
        var gradient: [Double], errors: [Double], effective: [Double]
        var steps = free.steps
        switch estimator {
        case .covariance:
            // Per-sample terms −(a − ā)(c − c̄)/T, their mean the covariance estimate.
            let c = mean(free.costs[...])
            var terms = [[Double]](repeating: [], count: trainable.count)
            for k in trainable.indices {
                let a = mean(free.measurements.map { $0[k] }[...])
                terms[k] = zip(free.measurements, free.costs).map { -($0[k] - a) * ($1 - c) / temperature }
            }
            (gradient, errors, effective) = Self.batchStatistics(terms, batches: batches)
        case .nudged:
            let plus = try sampleRun(beta: beta, sampling: sampling, seedOffset: 1)
            steps += plus.steps
            let terms: [[Double]]
            if sampling.nudge == .resistor {
                terms = trainable.indices.map { k in
                    zip(plus.measurements, free.measurements).map { ($0[k] - $1[k]) / beta }
                }
            } else {
                let minus = try sampleRun(beta: -beta, sampling: sampling, seedOffset: 2)
                steps += minus.steps
                terms = trainable.indices.map { k in
                    zip(plus.measurements, minus.measurements).map { ($0[k] - $1[k]) / (2 * beta) }
                }
            }
            (gradient, errors, effective) = Self.batchStatistics(terms, batches: batches)
        }
        return ThermalGradientEstimate(
            estimator: estimator, loss: mean(free.costs[...]),
            lossError: Self.spread(lossBatches) / Double(batches).squareRoot(),
            gradient: gradient, standardError: errors, effectiveSamples: effective, steps: steps)
    }

    /// One Langevin run at nudge β: the local measurements and the cost at every sample.
    func sampleRun(beta: Double, sampling: ThermalSampling, seedOffset: UInt64) throws(LangevinDynamics.Failure)
        -> (measurements: [[Double]], costs: [Double], steps: Int) {
        setBeta(beta)
        defer { setBeta(0) }
        var dynamics = sampling.dynamics
        if sampling.nudge == .resistor, dynamics.noise == .johnson, beta > 0 {
            dynamics.groundedSources += network.roles.outputs.map { .init(unknown: $0, dissipation: beta) }
        }
        var streams = Xoshiro256StarStar(seed: dynamics.seed, stream: seedOffset)
        dynamics.seed = streams.next()  // each phase its own noise
        var state = defaultStart
        try dynamics.run(equations, state: &state, steps: sampling.burnIn)
        var measurements: [[Double]] = [], costs: [Double] = []
        measurements.reserveCapacity(sampling.samples)
        costs.reserveCapacity(sampling.samples)
        var all = [Double](repeating: 0, count: network.parameters.count)
        try dynamics.run(equations, state: &state, steps: sampling.samples * sampling.interval,
                         every: sampling.interval) { x in
            all.withUnsafeMutableBufferPointer { equations.parameterGradient(x, drive: .dc, into: $0) }
            measurements.append(trainable.map { all[$0] })
            costs.append(cost.cost(x, parameters: UnsafeBufferPointer(equations.parameters)))
        }
        return (measurements, costs, sampling.burnIn + sampling.samples * sampling.interval)
    }

    /// Mean, batch-means standard error and effective sample size of each row of `terms`.
    static func batchStatistics(_ terms: [[Double]], batches: Int) -> ([Double], [Double], [Double]) {
        var means: [Double] = [], errors: [Double] = [], effective: [Double] = []
        for row in terms {
            let perBatch = row.count / batches
            let batchMeans = (0..<batches).map { b in mean(row[(b * perBatch)..<((b + 1) * perBatch)]) }
            let error = spread(batchMeans) / Double(batches).squareRoot()
            means.append(mean(row[...]))
            errors.append(error)
            let variance = spread(row) * spread(row)
            effective.append(error > 0 ? variance / (error * error) : Double(row.count))
        }
        return (means, errors, effective)
    }

    /// Sample standard deviation.
    static func spread(_ values: [Double]) -> Double {
        let m = mean(values[...])
        let sum = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (sum / Double(max(values.count - 1, 1))).squareRoot()
    }
}

/// The mean of a slice (0 for none).
private func mean(_ values: ArraySlice<Double>) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
}
