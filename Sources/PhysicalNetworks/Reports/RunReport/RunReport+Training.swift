import Foundation

extension RunReport {
    /// Training curves per epoch from `metrics.csv` (EP) and `baseline_metrics.csv` (backprop):
    ///
    /// - `fig-accuracy`: train and test accuracy (fraction of samples classified right), EP in
    ///   blue and BP in orange, test solid and train dashed.
    /// - `fig-cost`: EP's train and test cost C (the squared error the nudge acts on) beside BP's
    ///   loss; logarithmic when it spans more than a decade.
    /// - `fig-cosine`: the cosine between EP's gradient estimate and the exact gradient on the
    ///   probe batch (1: same direction). When every cosine exceeds 0.99 it plots 1 − cosine on a
    ///   logarithmic axis, where the differences are visible.
    /// - `fig-energy-epochs`: every `energy_*` column per epoch.
    mutating func addTrainingSection(metrics: CSVTable, baseline: CSVTable?) throws(RunFileError) {
        page.blocks.append(.heading("Training"))
        let ep = try Curves(metrics)
        let bp = try baseline.map { (table) throws(RunFileError) in try Curves(table) }
        let ep1 = PlotStyle.palette[0], bp1 = PlotStyle.palette[1]

        var accuracy: [LinePlot.Series] = []
        accuracy += ep.series("test_accuracy", label: "EP test", style: .line, color: ep1)
        accuracy += ep.series("train_accuracy", label: "EP train", style: .dashed, color: ep1)
        accuracy += bp?.series("test_accuracy", label: "BP test", style: .line, color: bp1) ?? []
        accuracy += bp?.series("train_accuracy", label: "BP train", style: .dashed, color: bp1) ?? []
        if accuracy.isEmpty {
            page.blocks.append(.note("No accuracy columns in metrics.csv."))
        } else {
            addEpochPlot(LinePlot(title: "Accuracy per epoch", xLabel: "epoch", yLabel: "accuracy", series: accuracy),
                id: "fig-accuracy",
                caption: "Fraction of samples classified correctly, after each epoch: Equilibrium Propagation (blue) "
                    + (bp == nil ? "(no baseline_metrics.csv: no backprop curves)." : "and the backprop baseline (orange)."),
                yName: "accuracy")
        }

        var cost: [LinePlot.Series] = []
        cost += ep.series("test_cost", label: "EP test cost", style: .line, color: ep1)
        cost += ep.series("train_cost", label: "EP train cost", style: .dashed, color: ep1)
        cost += bp?.series("test_loss", label: "BP test loss", style: .line, color: bp1) ?? []
        cost += bp?.series("train_loss", label: "BP train loss", style: .dashed, color: bp1) ?? []
        if !cost.isEmpty {
            let scale = Self.autoScale(cost.flatMap(\.points).map(\.y))
            addEpochPlot(LinePlot(title: "Cost per epoch", xLabel: "epoch", yLabel: "cost", series: cost, yScale: scale),
                id: "fig-cost",
                caption: "EP's cost (the squared error the nudge acts on) and, when present, the baseline's loss, per epoch.",
                yName: "cost")
        }

        if let cosine = ep.series("ep_exact_cosine", label: "cos(EP, exact)", style: .markers(.circle), color: ep1).first {
            let values = cosine.points.map(\.y).filter(\.isFinite)
            if let low = values.min(), low > 0.99 {
                var gap = cosine
                gap.label = "1 − cos(EP, exact)"
                gap.points = cosine.points.map { .init($0.x, 1 - $0.y) }
                addEpochPlot(LinePlot(title: "EP gradient against the exact gradient", xLabel: "epoch", yLabel: "1 − cosine",
                             series: [gap], yScale: .logarithmic),
                    id: "fig-cosine",
                    caption: "One minus the cosine between EP's gradient estimate and the exact gradient on the probe batch "
                        + "(0: the same direction; every cosine here is above 0.99, the largest gap \(Self.format(1 - low))).",
                    yName: "one_minus_cosine")
            } else {
                addEpochPlot(LinePlot(title: "EP gradient against the exact gradient", xLabel: "epoch", yLabel: "cosine",
                             series: [cosine], yIncludes: [1]),
                    id: "fig-cosine",
                    caption: "Cosine between EP's gradient estimate and the exact gradient on the probe batch, per epoch "
                        + "(1: the same direction).",
                    yName: "cosine")
            }
        } else {
            page.blocks.append(.note("No ep_exact_cosine column in metrics.csv: no gradient comparison."))
        }

        let energyColumns = ep.table.header.dropFirst().filter { $0.hasPrefix("energy_") }
        if !energyColumns.isEmpty {
            let series = energyColumns.enumerated().flatMap { k, name in
                ep.series(name, label: name, style: .markers(.circle), color: PlotStyle.palette[k % PlotStyle.palette.count])
            }
            addEpochPlot(LinePlot(title: "Energy per epoch", xLabel: "epoch", yLabel: "energy (J)", series: series,
                         yScale: Self.autoScale(series.flatMap(\.points).map(\.y))),
                id: "fig-energy-epochs",
                caption: "The energy columns of metrics.csv (energy_*), per epoch, in joules.",
                yName: "joules")
        }
    }
}

extension RunReport {
    /// Adds a plot against epochs (whole-number ticks), its CSV `series,epoch,<yName>`.
    fileprivate mutating func addEpochPlot(_ plot: LinePlot, id: String, caption: String, yName: String) {
        var plot = plot
        plot.integerX = true
        add(plot, id: id, caption: caption, xName: "epoch", yName: yName)
    }
}

/// The columns of a per-epoch CSV (`epoch,<columns…>`) as numbers.
private struct Curves {
    let table: CSVTable
    let epochs: [Double]
    let columns: [String: [Double]]

    init(_ table: CSVTable) throws(RunFileError) {
        guard table.header.first == "epoch" else {
            throw RunFileError("the header should start with 'epoch', found '\(table.header.first ?? "")'",
                               path: table.path + ":1")
        }
        self.table = table
        epochs = try table.numbers(inColumn: 0)
        var columns: [String: [Double]] = [:]
        for index in table.header.indices.dropFirst() {
            columns[table.header[index]] = try table.numbers(inColumn: index)
        }
        self.columns = columns
    }

    /// Column `name` as a one-element list of series (empty when the column is absent).
    func series(_ name: String, label: String, style: PlotStyle, color: String) -> [LinePlot.Series] {
        guard let values = columns[name] else { return [] }
        return [LinePlot.Series(label: label, points: zip(epochs, values).map { .init($0, $1) }, style: style, color: color)]
    }
}
