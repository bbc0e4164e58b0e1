extension RandomCircuits {
    /// The waveform of an independent source, with levels in tenths of a unit and times in
    /// percent of the stop time, so the netlist text is exact once the stop time is known.
    enum Waveform: Sendable {
        /// `DC level`
        case constant(level: Int)
        /// `PULSE(initial pulsed delay rise fall width period)`, rise = fall = 1%, period = 2×stop.
        case pulse(initial: Int, pulsed: Int, delayPercent: Int, widthPercent: Int)
        /// `PWL(0 level₀ t₁ level₁ ...)`, holding the last level after the last point.
        case piecewiseLinear(levels: [Int], percents: [Int])

        /// A random waveform of the kind `stimulus` asks for, levels within ±1.5 units.
        static func random(_ stimulus: Stimulus, using random: inout SplitMix64) -> Waveform {
            func level() -> Int { random.integer(in: -15...15) }
            switch stimulus {
            case .constant:
                return .constant(level: level())
            case .pulse:
                let initial = level()
                var pulsed = level()
                while pulsed == initial { pulsed = level() }
                return .pulse(initial: initial, pulsed: pulsed,
                              delayPercent: random.integer(in: 5...30),
                              widthPercent: random.integer(in: 20...50))
            case .piecewiseLinear:
                let count = random.integer(in: 3...5)
                let percents = Array(random.shuffled(Array(stride(from: 5, through: 95, by: 5))).prefix(count)).sorted()
                return .piecewiseLinear(levels: (0...count).map { _ in level() }, percents: percents)
            case .mixed:
                let kinds: [Stimulus] = [.constant, .pulse, .piecewiseLinear]
                let kind = random.element(of: kinds)
                return Self.random(kind, using: &random)
            }
        }

        /// The SPICE source value, each level multiplied by `unit` (1 for volts; amperes per
        /// volt for a current source meant to move its nodes by about `level` volts).
        func text(stopTime: SpiceNumber, unit: Double) -> String {
            func value(_ tenths: Int) -> String {
                unit == 1 ? "\(SpiceNumber(mantissa: tenths, exponent: -1))" : "\(Double(tenths) / 10 * unit)"
            }
            func time(_ percent: Int) -> SpiceNumber { stopTime.scaled(by: percent, digits: 2) }
            switch self {
            case .constant(let level):
                return "DC \(value(level))"
            case .pulse(let initial, let pulsed, let delay, let width):
                return "PULSE(\(value(initial)) \(value(pulsed)) \(time(delay)) \(time(1)) \(time(1)) "
                    + "\(time(width)) \(stopTime.scaled(by: 2, digits: 0)))"
            case .piecewiseLinear(let levels, let percents):
                let points = zip([0] + percents, levels).map { "\($0.0 == 0 ? "0" : "\(time($0.0))") \(value($0.1))" }
                return "PWL(\(points.joined(separator: " ")))"
            }
        }
    }
}
