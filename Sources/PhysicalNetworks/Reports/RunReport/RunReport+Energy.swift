import Foundation

extension RunReport {
    /// The energy sections, from `summary.json`'s `energy`, `digital` and `analog_digital_ratio`:
    ///
    /// - `fig-energy-breakdown`: the energy of one EP parameter update (J), one bar stacked by
    ///   where it goes (`energy.parts`: resistor heat of the free and nudged phases, ...), with a
    ///   table of the parts and their shares and the accounting's assumptions.
    /// - `fig-analog-digital`: the analog update's energy beside each digital baseline's (`digital.
    ///   baselines`, stacked by their parts, e.g. arithmetic and memory), on a logarithmic axis
    ///   because they differ by orders of magnitude; with a table of the ratios.
    mutating func addEnergySection(summary: JSONLookup?) throws(RunFileError) {
        page.blocks.append(.heading("Energy"))
        guard let summary, let energy = try summary.member("energy") else {
            page.blocks.append(.note("No energy section in summary.json: no energy breakdown or analog/digital comparison."))
            return
        }
        var rows: [[String]] = []
        for (key, label, unit) in [("per_update_joules", "per parameter update", "J"), ("per_sample_joules", "per sample", "J"),
                                   ("per_epoch_joules", "per epoch", "J"),
                                   ("physical_seconds_per_update", "physical time per update", "s")] {
            if let value = try energy.member(key) { rows.append([label, Self.format(try value.number(), unit: unit)]) }
        }
        if !rows.isEmpty { page.blocks.append(.table(header: ["energy of the analog hardware", "value"], rows: rows)) }

        let analogParts = try parts(energy)
        let perUpdate = try energy.member("per_update_joules")?.number()
        if analogParts.isEmpty {
            page.blocks.append(.note("summary.json gives no energy.parts: no breakdown of the update's energy."))
        } else {
            let total = analogParts.map(\.value).reduce(0, +)
            add(StackedBarChart(title: "Energy of one EP update, by part", valueLabel: "energy per update (J)", unit: "J",
                                bars: [.init(label: "EP update", parts: analogParts)]),
                id: "fig-energy-breakdown",
                caption: "Where the energy of one parameter update goes (the free phase, the nudged phases and the "
                    + "update itself), in joules.",
                valueName: "joules")
            page.blocks.append(.table(header: ["part", "energy per update", "share"], rows: analogParts.map {
                [$0.name, Self.format($0.value, unit: "J"), total > 0 ? String(format: "%.1f %%", 100 * $0.value / total) : "–"]
            }))
        }
        try addAssumptions(of: energy, title: "Assumptions of the analog energy accounting")

        page.blocks.append(.subheading("Analog against digital"))
        guard let digital = try summary.member("digital") else {
            page.blocks.append(.note("No digital section in summary.json: no analog/digital comparison."))
            return
        }
        var bars: [StackedBarChart.Bar] = []
        if !analogParts.isEmpty {
            bars.append(.init(label: "EP, analog (this run)", parts: analogParts))
        } else if let perUpdate {
            bars.append(.init(label: "EP, analog (this run)", parts: [.init(name: "analog update", value: perUpdate)]))
        }
        var baselineRows: [[String]] = []
        for baseline in try digital.member("baselines")?.elements() ?? [] {
            let name = try baseline.member("name")?.string() ?? "baseline"
            let joules = try baseline.member("joules")?.number()
            var baselineParts = try parts(baseline)
            if baselineParts.isEmpty, let joules { baselineParts = [.init(name: "\(name): total", value: joules)] }
            bars.append(.init(label: name, parts: baselineParts))
            baselineRows.append([name, joules.map { Self.format($0, unit: "J") } ?? "–",
                                 try baseline.member("flops").map { (v) throws(RunFileError) in Self.format(try v.number(), digits: 6) } ?? "–",
                                 try baseline.member("bytes").map { (v) throws(RunFileError) in Self.format(try v.number(), digits: 6) } ?? "–"])
        }
        if bars.count > 1 {
            add(StackedBarChart(title: "Energy per update: analog EP against digital hardware",
                                valueLabel: "energy per update (J, logarithmic)", unit: "J", bars: bars, scale: .logarithmic),
                id: "fig-analog-digital",
                caption: "The energy of one parameter update on the emulated analog hardware and on each digital baseline, "
                    + "each bar stacked by its parts. The axis is logarithmic: a bar ends at its total, but a part's length "
                    + "is not its share (the tables give the numbers).",
                valueName: "joules")
        } else {
            page.blocks.append(.note("summary.json's digital section lists no baselines to compare with."))
        }
        if !baselineRows.isEmpty {
            page.blocks.append(.table(header: ["digital baseline", "energy per update", "FLOPs", "bytes moved"], rows: baselineRows))
        }
        var ratioRows: [[String]] = []
        for entry in try summary.member("analog_digital_ratio")?.elements() ?? [] {
            ratioRows.append([try entry.member("baseline")?.string() ?? "–",
                              try entry.member("ratio").map { (v) throws(RunFileError) in Self.format(try v.number()) } ?? "–"])
        }
        if !ratioRows.isEmpty {
            page.blocks.append(.table(header: ["baseline", "analog / digital energy"], rows: ratioRows))
        }
        try addAssumptions(of: digital, title: "Assumptions of the digital estimates")
    }

    /// An object's `parts`: `[{"name": …, "joules": …}, …]`; joules written as null (a figure
    /// the run could not measure) read as NaN.
    private func parts(_ object: JSONLookup) throws(RunFileError) -> [StackedBarChart.Part] {
        var parts: [StackedBarChart.Part] = []
        for part in try object.member("parts")?.elements() ?? [] {
            guard let name = try part.member("name") else {
                throw RunFileError("'\(part.keyPath)' should have a name and joules", path: part.file)
            }
            parts.append(.init(name: try name.string(), value: try part.member("joules")?.number() ?? .nan))
        }
        return parts
    }

    private mutating func addAssumptions(of object: JSONLookup, title: String) throws(RunFileError) {
        let items = try object.member("assumptions")?.elements() ?? []
        guard !items.isEmpty else { return }
        var texts: [String] = []
        for item in items { texts.append(try item.string()) }
        page.blocks.append(.paragraph(title + ":"))
        page.blocks.append(.list(texts))
    }
}
