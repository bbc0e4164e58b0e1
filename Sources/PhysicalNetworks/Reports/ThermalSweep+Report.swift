import Foundation

/// The files of a thermal sweep: `sweep.csv` (every grid point) and `sweep.svg` (the variance
/// against β, T and M on log–log axes with the slopes theory expects).
extension ThermalSweep {
    /// The CSV columns, in order.
    public static let csvHeader = ["estimator", "temperature", "beta", "samples", "parameter", "reference", "mean",
                                   "bias", "spread", "mean_stderr", "effective_samples", "expectation",
                                   "reported_stderr", "per_sample_spread", "seeds"]

    /// One line per (estimator, T, β, M, parameter): reference = dL/dθ of the Gaussian closed
    /// form, mean and spread (sample std) over the K seeds, bias = mean − reference,
    /// mean_stderr = spread/√K, effective_samples = the runs' mean; then the estimator's own
    /// finite-β/Gaussian expectation, the runs' mean batch-means standard error, the per-sample
    /// terms' spread within a run (σ₁), and K.
    /// β is 0 for `thermal-covariance`. Numbers in full precision (Swift's shortest round-trip).
    public func csv() -> String {
        var lines = [Self.csvHeader.joined(separator: ",")]
        for row in rows {
            let fields: [String] = [
                row.estimator.rawValue, "\(row.temperature)", "\(row.beta)", "\(row.samples)", csvField(row.parameter),
                "\(row.reference)", "\(row.mean)", "\(row.bias)", "\(row.spread)", "\(row.meanError)",
                "\(row.effectiveSamples)", "\(row.expectation)", "\(row.reportedError)", "\(row.perSampleSpread)", "\(row.seeds)",
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// At most this many parameters are drawn (the CSV has them all).
    public static let plottedParameters = 6

    /// The figure: three panels, the variance over seeds of each estimator against β (T and M
    /// fixed at the middle of their lists), against T (β, M fixed) and against M (T, β fixed),
    /// each with the reference power laws drawn through the points' geometric mean.
    public func plot(name: String) -> LogLogPlot {
        let fixed = grid.middle
        let shown = Array(parameters.prefix(Self.plottedParameters))
        let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
        let nudge = grid.nudge == .source ? "±β source" : "resistor, one-sided"
        var caption = [
            "Points: sample variance over K = \(grid.seeds) seeds of each estimate of dL/dθ (spread², one point per grid value);"
                + " circles thermal-nudged (\(nudge)), squares thermal-covariance (no nudge).",
            "Dashed: thermal-nudged theory Var ∝ T/(M β²) (slopes −2 in β, +1 in T, −1 in M);"
                + " dotted: thermal-covariance theory Var ∝ σ₁²/M with per-sample spread σ₁ = O(1) in T (slopes 0 in T, −1 in M).",
            "Noise \(grid.noise.rawValue); fixed values: T = \(fixed.temperature), β = \(fixed.beta), M = \(fixed.samples) samples per phase.",
        ]
        if parameters.count > shown.count {
            caption.append("Showing the first \(shown.count) of \(parameters.count) parameters (all are in sweep.csv).")
        }
        let panels = Axis.allCases.map { axis -> LogLogPlot.Panel in
            var series: [LogLogPlot.Series] = []
            var references: [LogLogPlot.Series] = []
            for estimator in EquilibriumPropagation.ThermalEstimator.allCases {
                var all: [LogLogPlot.Point] = []
                for (p, parameter) in shown.enumerated() {
                    let rows = panelRows(along: axis, estimator: estimator, parameter: parameter)
                    var points = rows.map { LogLogPlot.Point(Self.coordinate($0, axis), $0.variance) }
                    if estimator == .covariance, axis == .beta {
                        // No β: a horizontal line across the nudged estimator's β range.
                        if let only = points.first, let low = grid.betas.min(), let high = grid.betas.max(), high > low {
                            series.append(.init(label: "covariance, \(parameter) (no β)",
                                                points: [.init(low, only.y), .init(high, only.y)],
                                                style: .dotted, color: palette[p % palette.count]))
                        }
                        continue
                    }
                    all += points
                    let short = estimator == .nudged ? "nudged" : "covariance"
                    series.append(.init(label: "\(short), \(parameter)", points: points,
                                        style: .markers(estimator == .nudged ? .circle : .square),
                                        color: palette[p % palette.count]))
                }
                guard let slope = Self.expectedSlope(estimator, axis), let line = referenceLine(all, slope: slope)
                else { continue }
                let law: String
                switch (estimator, axis) {
                case (.nudged, .beta): law = "∝ β⁻² (nudged)"
                case (.nudged, .temperature): law = "∝ T (nudged)"
                case (.nudged, .samples): law = "∝ 1/M (nudged)"
                case (.covariance, .temperature): law = "∝ T⁰ (covariance)"
                default: law = "∝ 1/M (covariance)"
                }
                references.append(.init(label: "theory: \(law)", points: line,
                                        style: estimator == .nudged ? .dashed : .dotted, color: "#555555"))
            }
            let title: String, xLabel: String
            switch axis {
            case .beta: (title, xLabel) = ("vs β at T = \(fixed.temperature), M = \(fixed.samples)", "nudge β")
            case .temperature: (title, xLabel) = ("vs T at β = \(fixed.beta), M = \(fixed.samples)", "temperature T")
            case .samples: (title, xLabel) = ("vs M at T = \(fixed.temperature), β = \(fixed.beta)", "samples per phase M")
            }
            return LogLogPlot.Panel(title: title, xLabel: xLabel, yLabel: "Var of the estimate over seeds",
                                    series: series + references)
        }
        return LogLogPlot(title: "Thermal EP estimators' variance: \(name)", caption: caption, panels: panels)
    }

    /// The line y = A x^slope through the geometric mean of `points`, over their x range.
    func referenceLine(_ points: [LogLogPlot.Point], slope: Double) -> [LogLogPlot.Point]? {
        let usable = points.filter { $0.x > 0 && $0.y > 0 && $0.x.isFinite && $0.y.isFinite }
        guard let low = usable.map(\.x).min(), let high = usable.map(\.x).max(), high > low else { return nil }
        let mx = usable.map { log($0.x) }.reduce(0, +) / Double(usable.count)
        let my = usable.map { log($0.y) }.reduce(0, +) / Double(usable.count)
        return [low, high].map { LogLogPlot.Point($0, exp(my + slope * (log($0) - mx))) }
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
private func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
