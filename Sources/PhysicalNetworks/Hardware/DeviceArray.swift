import Foundation

/// N devices drawn from a `DeviceModel` with a seed: their fixed fabrication spread (step sizes,
/// bounds, stuck devices, drift exponents, tolerances) and their noise streams.
///
/// Fabrication draws come from stream 0 of the seed, in a fixed order per device (step spread,
/// lower bound, upper bound, stuck draw, stuck value, drift spread, tolerance), all drawn whatever
/// the settings, so that changing one setting does not reshuffle the others: the same seed gives
/// the same stuck devices with or without a step spread. Pulse (cycle-to-cycle) noise comes from
/// stream 1 and read noise from stream 2, so each is reproducible on its own.
///
/// The device values themselves are the caller's (e.g. a network's parameter vector); the array
/// updates them in place. Every method allocates nothing. Codable with its noise streams' state,
/// so that a checkpointed run resumes with the same devices drawing the same noise.
public struct DeviceArray: Sendable, Codable {
    /// The population the devices were drawn from.
    public let model: DeviceModel
    /// Δw_i⁺ ≥ 0, each device's up step size (empty for an ideal device).
    public private(set) var stepUp: [Double]
    /// Δw_i⁻ ≥ 0, each device's down step size (empty for an ideal device).
    public private(set) var stepDown: [Double]
    /// Each device's lower bound.
    public private(set) var lower: [Double]
    /// Each device's upper bound.
    public private(set) var upper: [Double]
    /// Whether each device is stuck.
    public private(set) var stuck: [Bool]
    /// The value each stuck device is stuck at: uniform in its bounds (NaN for unbounded devices,
    /// which stay stuck at whatever value they are programmed to; unused for the others).
    public private(set) var stuckValues: [Double]
    /// ν_i, each device's drift exponent.
    public private(set) var driftExponents: [Double]
    /// 1 + τ ξ_i, each device's static tolerance factor.
    public private(set) var toleranceFactors: [Double]
    private var pulseNoise: Xoshiro256StarStar
    private var readNoise: Xoshiro256StarStar

    /// The number of devices.
    public var count: Int { lower.count }

    /// Draws `count` devices from `model`.
    /// - Complexity: O(count) time and memory.
    public init(model: DeviceModel, count: Int, seed: UInt64) {
        precondition(count >= 0, "DeviceArray needs a non-negative count, got \(count)")
        self.model = model
        var fabrication = Xoshiro256StarStar(seed: seed, stream: 0)
        pulseNoise = Xoshiro256StarStar(seed: seed, stream: 1)
        readNoise = Xoshiro256StarStar(seed: seed, stream: 2)
        let pulsed = model.nominalStep != nil
        let step = model.nominalStep ?? 0
        stepUp = []
        stepDown = []
        lower = []
        upper = []
        stuck = []
        stuckValues = []
        driftExponents = []
        toleranceFactors = []
        let bounds = model.bounds ?? -Double.infinity...Double.infinity
        for _ in 0..<count {
            let stepSpread = model.stepDeviceToDevice * fabrication.nextStandardNormal()
            if pulsed {
                stepUp.append(max(0, step * (1 + model.upDown + stepSpread)))
                stepDown.append(max(0, step * (1 - model.upDown + stepSpread)))
            }
            var low = Self.spread(bounds.lowerBound, model.boundsDeviceToDevice * fabrication.nextStandardNormal())
            var high = Self.spread(bounds.upperBound, model.boundsDeviceToDevice * fabrication.nextStandardNormal())
            if low > high {
                let middle = 0.5 * (low + high)
                low = middle
                high = middle
            }
            lower.append(low)
            upper.append(high)
            stuck.append(fabrication.nextUnitDouble() < model.stuckFraction)
            let position = fabrication.nextUnitDouble()
            stuckValues.append(low.isFinite && high.isFinite ? low + (high - low) * position : .nan)
            driftExponents.append(model.drift * (1 + model.driftDeviceToDevice * fabrication.nextStandardNormal()))
            toleranceFactors.append(1 + model.tolerance * fabrication.nextStandardNormal())
        }
    }

    /// A bound spread by a relative deviation (infinite bounds stay infinite).
    private static func spread(_ bound: Double, _ deviation: Double) -> Double {
        bound.isFinite ? bound * (1 + deviation) : bound
    }

    /// Programs the desired changes Δ into `values` by pulses, as the hardware would.
    ///
    /// Device i gets n_i = ⌈|Δ_i|/Δw_min⌉ pulses (`DeviceModel.pulseCount`, from the model's
    /// nominal step: the controller knows no device's own step) in the direction of Δ_i, Δ_i
    /// first limited to what the model's nominal bounds can take from w_i; each
    /// pulse changes w by `update.change(…)` × (1 + σ_c2c ξ) and is clipped to the device's bounds;
    /// with `levels` the final value is snapped to the level grid. Stuck devices receive their
    /// pulses but keep their value.
    ///
    /// An ideal device (no `levels`, no `stepSize`) is exact: w ← clip(w + Δ, lower_i, upper_i),
    /// no pulses and no energy (stuck devices still keep their value).
    /// - Returns: pulses, energy (pulses × `pulseEnergy`), devices updated and saturated.
    /// - Complexity: O(N + Σ n_i), no allocation.
    public mutating func apply(_ desired: [Double], to values: inout [Double]) -> UpdateStatistics {
        precondition(desired.count == count && values.count == count,
                     "apply needs \(count) changes and values, got \(desired.count) and \(values.count)")
        var statistics = UpdateStatistics()
        guard let step = model.nominalStep else {
            for i in 0..<count where desired[i] != 0 {
                statistics.devicesUpdated += 1
                if stuck[i] { continue }
                let target = values[i] + desired[i]
                let clipped = min(max(target, lower[i]), upper[i])
                if clipped != target { statistics.devicesSaturated += 1 }
                values[i] = clipped
            }
            return statistics
        }
        let update = model.update
        let noise = model.cycleToCycle
        let snapsToLevels = model.levels != nil && model.bounds != nil
        for i in 0..<count {
            // The controller asks only for what the device's nominal range can take.
            var change = desired[i]
            if let bounds = model.bounds {
                change = min(max(values[i] + change, bounds.lowerBound), bounds.upperBound) - values[i]
            }
            let pulses = DeviceModel.pulseCount(change, step: step)
            guard pulses > 0 else { continue }
            statistics.pulses += pulses
            statistics.devicesUpdated += 1
            if stuck[i] { continue }
            let direction: PulseDirection = change > 0 ? .up : .down
            let (low, high, up, down) = (lower[i], upper[i], stepUp[i], stepDown[i])
            var w = values[i]
            var clipped = false
            for _ in 0..<pulses {
                var dw = update.change(direction, at: w, stepUp: up, stepDown: down, lower: low, upper: high)
                if noise != 0 { dw *= 1 + noise * pulseNoise.nextStandardNormal() }
                w += dw
                if w > high {
                    w = high
                    clipped = true
                } else if w < low {
                    w = low
                    clipped = true
                }
            }
            if snapsToLevels { w = min(max(snap(w, step: step), low), high) }
            values[i] = w
            if clipped { statistics.devicesSaturated += 1 }
        }
        statistics.energy = Double(statistics.pulses) * model.pulseEnergy
        return statistics
    }

    /// The nearest level of the grid lower + k Δw_min, k = 0…levels − 1.
    private func snap(_ value: Double, step: Double) -> Double {
        let low = model.bounds?.lowerBound ?? 0
        let top = Double((model.levels ?? 2) - 1)
        let k = min(max(((value - low) / step).rounded(), 0), top)
        return low + k * step
    }

    /// Snaps `values` to the level grid lower + k Δw_min (k = 0…levels − 1, values outside the
    /// range go to the end levels); no change without `levels`.
    /// - Complexity: O(N), no allocation.
    public func quantize(_ values: inout [Double]) {
        guard model.levels != nil, model.bounds != nil, let step = model.nominalStep else { return }
        for i in values.indices { values[i] = snap(values[i], step: step) }
    }

    /// Programs initial (or fabricated) values: snapped to the levels, times each device's
    /// tolerance factor 1 + τ ξ_i, clipped to its bounds; stuck devices take their stuck value
    /// (bounded devices) and keep it through every later update.
    /// - Complexity: O(N), no allocation.
    public func programInitial(_ values: inout [Double]) {
        precondition(values.count == count, "programInitial needs \(count) values, got \(values.count)")
        quantize(&values)
        for i in 0..<count {
            let programmed = min(max(values[i] * toleranceFactors[i], lower[i]), upper[i])
            values[i] = stuck[i] && !stuckValues[i].isNaN ? stuckValues[i] : programmed
        }
    }

    /// Power-law drift a time `elapsed` (s) after programming: w_i ← w_i (t/t₀)^(−ν_i) for
    /// t = `elapsed` ≥ t₀ (no change before t₀; stuck devices do not drift). `values` are the
    /// values as programmed (read at t₀); applying it twice compounds. Not clipped to the bounds:
    /// a drifting conductance may leave its programmable range.
    /// - Complexity: O(N), no allocation.
    public func drift(_ values: inout [Double], elapsed: Double) {
        precondition(values.count == count, "drift needs \(count) values, got \(values.count)")
        let t0 = model.driftReferenceTime
        guard elapsed > t0 else { return }
        let logRatio = log(elapsed / t0)
        for i in 0..<count where !stuck[i] && driftExponents[i] != 0 {
            values[i] *= exp(-driftExponents[i] * logRatio)
        }
    }

    /// One noisy read of a measurement m: m + σ ξ, σ² = (ρ m)² + σ_a² (exact without read noise).
    public mutating func read(_ value: Double) -> Double {
        let relative = model.readNoise * value
        let variance = relative * relative + model.readNoiseAbsolute * model.readNoiseAbsolute
        guard variance > 0 else { return value }
        return value + variance.squareRoot() * readNoise.nextStandardNormal()
    }

    /// Reads every measurement in place (see `read(_:)`).
    /// - Complexity: O(N), no allocation.
    public mutating func read(_ values: inout [Double]) {
        for i in values.indices { values[i] = read(values[i]) }
    }
}
