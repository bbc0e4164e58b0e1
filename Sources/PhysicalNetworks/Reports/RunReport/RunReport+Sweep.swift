import Foundation

extension RunReport {
    /// A sweep folder's `sweep.csv` (`parameter,value,…`, one row per point of the sweep; the
    /// plotted columns `test_accuracy`, `train_accuracy`, `energy_per_update_joules` found by name):
    ///
    /// - `fig-sweep-accuracy`: test and train accuracy against the swept value;
    /// - `fig-sweep-energy`: energy per update (J) against the swept value, on a logarithmic axis
    ///   when it spans more than a decade.
    ///
    /// The value axis is logarithmic when the values are positive and span more than a decade
    /// (learning rates, β); values that are not numbers are plotted at positions 1, 2, … in
    /// order. The table lists every row, with its status.
    mutating func addSweepSection(_ table: CSVTable) throws(RunFileError) {
        page.blocks.append(.heading("Sweep"))
        guard table.header.count >= 2, table.header[0] == "parameter", table.header[1] == "value" else {
            throw RunFileError("the header should start with 'parameter,value'", path: table.path + ":1")
        }
        page.blocks.append(.table(header: table.header, rows: table.rows.map(\.cells)))
        guard !table.rows.isEmpty else {
            page.blocks.append(.note("sweep.csv has no rows."))
            return
        }
        let parameter = table.rows[0].cells[0]
        let values = table.rows.map { Double($0.cells[1].trimmingCharacters(in: .whitespaces)) }
        let numeric = values.allSatisfy { $0?.isFinite ?? false }
        let x = numeric ? values.map { $0 ?? .nan } : table.rows.indices.map { Double($0 + 1) }
        let xScale = numeric ? Self.autoScale(x) : .linear
        let xLabel = numeric ? parameter : "\(parameter) (position in the table)"
        func series(_ column: String, _ label: String, _ style: PlotStyle, _ color: String) throws(RunFileError) -> [LinePlot.Series] {
            guard let index = table.column(column) else { return [] }
            let y = try table.numbers(inColumn: index)
            return [LinePlot.Series(label: label, points: zip(x, y).map { .init($0, $1) }, style: style, color: color)]
        }

        let accuracy = try series("test_accuracy", "test", .markers(.circle), PlotStyle.palette[0])
            + series("train_accuracy", "train", .markers(.square), PlotStyle.palette[1])
        if !accuracy.isEmpty {
            add(LinePlot(title: "Accuracy against \(parameter)", xLabel: xLabel, yLabel: "accuracy", series: accuracy,
                         xScale: xScale),
                id: "fig-sweep-accuracy",
                caption: "Final test and train accuracy of each run of the sweep, against \(parameter).",
                xName: parameter, yName: "accuracy")
        }
        let energy = try series("energy_per_update_joules", "energy per update", .markers(.circle), PlotStyle.palette[2])
        if let points = energy.first?.points, points.contains(where: { $0.y.isFinite }) {
            add(LinePlot(title: "Energy per update against \(parameter)", xLabel: xLabel, yLabel: "energy per update (J)",
                         series: energy, xScale: xScale, yScale: Self.autoScale(points.map(\.y))),
                id: "fig-sweep-energy",
                caption: "Energy of one parameter update on the analog hardware, in joules, against \(parameter).",
                xName: parameter, yName: "joules")
        } else {
            page.blocks.append(.note("sweep.csv gives no energy per update."))
        }
    }
}
