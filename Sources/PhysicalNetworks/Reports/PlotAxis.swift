import Foundation

/// How values map onto a plot axis.
public enum AxisScale: Sendable, Equatable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (whole decades); values ≤ 0 cannot be drawn.
    case logarithmic
}

/// A labelled tick: where it sits along the axis (0 at the lower end, 1 at the upper end) and
/// its label as SVG character data (already escaped; it may hold a `<tspan>` exponent).
struct PlotTick: Sendable, Equatable {
    var fraction: Double
    var label: String
}

/// One axis of a plot: where a value falls, which values it can draw, and its ticks. Shared by
/// `LogLogPlot`, `LinePlot` and `StackedBarChart`.
protocol PlotAxis: Sendable {
    /// Where `value` falls, 0 at the axis' lower end and 1 at its upper end.
    func fraction(_ value: Double) -> Double
    /// Whether `value` can be drawn: finite, and positive on a logarithmic axis.
    func canPlot(_ value: Double) -> Bool
    /// The labelled ticks.
    var ticks: [PlotTick] { get }
    /// Where the unlabelled minor ticks go (fractions along the axis).
    var minorTickFractions: [Double] { get }
}

/// A logarithmic axis from 10^lowerDecade to 10^upperDecade, ticked at every decade with
/// unlabelled minor ticks at 2…9 × 10^k.
public struct LogAxis: PlotAxis, Equatable {
    public var lowerDecade: Int
    public var upperDecade: Int

    /// The smallest whole-decade range holding `values` (positive, finite ones; [1, 10] when
    /// there are none), at least one decade wide.
    public init(covering values: [Double]) {
        let logs = values.filter { $0 > 0 && $0.isFinite }.map { log10($0) }
        guard let low = logs.min(), let high = logs.max() else {
            (lowerDecade, upperDecade) = (0, 1)
            return
        }
        // A little slack so that a value at 10^k·(1 ± 1e-12) does not open a new decade.
        lowerDecade = Int((low + 1e-9).rounded(.down))
        upperDecade = max(Int((high - 1e-9).rounded(.up)), lowerDecade + 1)
    }

    /// The decades 10^k, k = lowerDecade…upperDecade, where the ticks go.
    public var decades: [Int] { Array(lowerDecade...upperDecade) }

    /// Where `value` falls, 0 at 10^lowerDecade and 1 at 10^upperDecade.
    public func fraction(_ value: Double) -> Double {
        (log10(value) - Double(lowerDecade)) / Double(upperDecade - lowerDecade)
    }

    func canPlot(_ value: Double) -> Bool { value > 0 && value.isFinite }

    var ticks: [PlotTick] {
        decades.map { k in
            PlotTick(fraction: Double(k - lowerDecade) / Double(upperDecade - lowerDecade),
                     label: "10<tspan dy=\"-6\" font-size=\"9\">\(k)</tspan>")
        }
    }

    var minorTickFractions: [Double] {
        (lowerDecade..<upperDecade).flatMap { k in (2...9).map { fraction(Double($0) * pow(10, Double(k))) } }
    }
}

/// A linear axis from `lower` to `upper` with ticks every `step`, where the step is 1, 2 or 5
/// times a power of ten and both ends are multiples of it ("nice" numbers, Heckbert 1990).
public struct LinearAxis: PlotAxis, Equatable {
    public var lower: Double
    public var upper: Double
    public var step: Double

    /// The nice range holding every finite value of `values`, with about `tickCount` intervals.
    /// A single value v opens [v − 1, v + 1] (or ±10 % of v); no finite value gives [0, 1].
    /// - Parameter integerSteps: ticks at whole numbers only (a step of at least 1), for counts
    ///   such as epochs.
    public init(covering values: [Double], tickCount: Int = 5, integerSteps: Bool = false) {
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else {
            (lower, upper, step) = (0, 1, 0.2)
            return
        }
        if high - low <= 1e-12 * max(abs(low), abs(high)) {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let raw = (high - low) / Double(max(tickCount, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let mantissa = raw / magnitude
        step = (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * magnitude
        if integerSteps { step = max(step, 1) }
        // Slack so that a value a rounding error past a multiple of the step opens no new tick.
        lower = ((low / step) + 1e-9).rounded(.down) * step
        upper = ((high / step) - 1e-9).rounded(.up) * step
    }

    /// The tick values lower, lower + step, …, upper.
    public var tickValues: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...count).map { lower + Double($0) * step }
    }

    public func fraction(_ value: Double) -> Double { (value - lower) / (upper - lower) }

    func canPlot(_ value: Double) -> Bool { value.isFinite }

    var ticks: [PlotTick] {
        tickValues.map { PlotTick(fraction: fraction($0), label: label($0)) }
    }

    var minorTickFractions: [Double] { [] }

    /// A tick value with as many decimals as the step needs (`0.25`, `40`), or in exponent form
    /// for very large or small magnitudes (`2e-06`).
    func label(_ value: Double) -> String {
        let value = abs(value) < step * 1e-6 ? 0 : value
        let largest = max(abs(lower), abs(upper))
        if largest >= 1e6 || largest < 1e-3 { return String(format: "%.3g", value) }
        let decimals = max(0, Int((-log10(step) - 1e-9).rounded(.up)))
        return String(format: "%.\(decimals)f", value)
    }
}

/// A scale's axis covering `values` (on a linear axis, with whole-number ticks if `integerSteps`).
func makeAxis(_ scale: AxisScale, covering values: [Double], integerSteps: Bool = false) -> any PlotAxis {
    switch scale {
    case .linear: LinearAxis(covering: values, integerSteps: integerSteps)
    case .logarithmic: LogAxis(covering: values)
    }
}
