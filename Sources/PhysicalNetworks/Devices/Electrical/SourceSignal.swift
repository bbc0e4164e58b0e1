/// The value of an independent source over time, with SPICE's semantics.
///
/// In a DC analysis the source applies `dc`; in a transient it follows `waveform` (or stays at
/// `dc` when it has none). Units are those of the source (V or A).
public struct SourceSignal: Sendable, Equatable {
    /// The DC value (SPICE: the `DC` value, else the waveform at t = 0).
    public var dc: Double
    public var waveform: Waveform?

    public init(dc: Double, waveform: Waveform? = nil) {
        self.dc = dc
        self.waveform = waveform
    }

    /// A time-dependent source value.
    public enum Waveform: Sendable, Equatable {
        /// SPICE `PULSE(v1 v2 td tr tf pw per)` with every field resolved (seconds).
        case pulse(Pulse)
        /// SPICE `PWL(t1 v1 ...)`, held constant before the first and after the last point.
        case piecewiseLinear(times: [Double], values: [Double])
    }

    /// A trapezoidal pulse train.
    public struct Pulse: Sendable, Equatable {
        public var initial, pulsed, delay, rise, fall, width, period: Double

        public init(initial: Double, pulsed: Double, delay: Double, rise: Double, fall: Double,
                    width: Double, period: Double) {
            self.initial = initial
            self.pulsed = pulsed
            self.delay = delay
            self.rise = rise
            self.fall = fall
            self.width = width
            self.period = period
        }
    }

    /// The value under `drive`, including its source-stepping scale.
    @inlinable
    public func value(_ drive: Drive) -> Double {
        guard drive.followsWaveforms, let waveform else { return dc * drive.sourceScale }
        return waveform.value(at: drive.time) * drive.sourceScale
    }

    /// The value under `drive` with the DC value `dc` in place of `self.dc` (a source whose DC
    /// value lives in the parameter vector, such as a learning network's input).
    @inlinable
    public func value(_ drive: Drive, dc: Double) -> Double {
        guard drive.followsWaveforms, let waveform else { return dc * drive.sourceScale }
        return waveform.value(at: drive.time) * drive.sourceScale
    }

    /// The first waveform corner strictly after `time`.
    public func nextBreakpoint(after time: Double) -> Double? {
        waveform?.nextBreakpoint(after: time)
    }
}

extension Sequence {
    /// The earliest waveform corner strictly after `time` among the signals `signal` picks out
    /// of the elements (for a source family's `nextBreakpoint`).
    func earliestBreakpoint(after time: Double, of signal: (Element) -> SourceSignal) -> Double? {
        var next: Double?
        for element in self {
            if let t = signal(element).nextBreakpoint(after: time) { next = Swift.min(next ?? t, t) }
        }
        return next
    }
}

extension SourceSignal.Waveform {
    /// The waveform's value at `t` seconds.
    public func value(at t: Double) -> Double {
        switch self {
        case .pulse(let p):
            return p.value(at: t)
        case .piecewiseLinear(let times, let values):
            guard let first = times.first, let last = times.last else { return 0 }
            if t <= first { return values[0] }
            if t >= last { return values[values.count - 1] }
            var low = 0
            var high = times.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if times[middle] <= t { low = middle } else { high = middle }
            }
            let span = times[high] - times[low]
            if span <= 0 { return values[high] }
            return values[low] + (values[high] - values[low]) * (t - times[low]) / span
        }
    }

    /// The first corner strictly after `time`.
    public func nextBreakpoint(after time: Double) -> Double? {
        switch self {
        case .pulse(let p):
            return p.nextBreakpoint(after: time)
        case .piecewiseLinear(let times, _):
            return times.first { $0 > time }
        }
    }
}

extension SourceSignal.Pulse {
    /// The pulse value at `t` (SPICE's PULSE: repeats with `period` after `delay`).
    public func value(at t: Double) -> Double {
        if t < delay { return initial }
        var local = t - delay
        if period > 0 { local = local.truncatingRemainder(dividingBy: period) }
        if local < rise { return rise > 0 ? initial + (pulsed - initial) * local / rise : pulsed }
        if local < rise + width { return pulsed }
        if local < rise + width + fall {
            return fall > 0 ? pulsed + (initial - pulsed) * (local - rise - width) / fall : initial
        }
        return initial
    }

    /// The next corner strictly after `time` (corners closer than 1e-13 relative are passed).
    public func nextBreakpoint(after time: Double) -> Double? {
        if time < delay { return delay }
        let margin = 1e-13 * max(abs(time), rise + width + fall, Double.leastNormalMagnitude)
        let cycle = period > 0 ? ((time - delay) / period).rounded(.down) : 0
        for k in 0..<2 {
            if k == 1 && period <= 0 { return nil }
            let start = delay + (cycle + Double(k)) * max(period, 0)
            for corner in 0..<4 {
                let t = start + cornerOffset(corner)
                if t > time + margin { return t }
            }
        }
        return nil
    }

    /// Offset of the pulse's `index`-th corner from the start of a cycle.
    private func cornerOffset(_ index: Int) -> Double {
        switch index {
        case 0: return 0
        case 1: return rise
        case 2: return rise + width
        default: return rise + width + fall
        }
    }
}
