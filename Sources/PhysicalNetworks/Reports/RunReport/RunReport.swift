import Foundation

/// The report of a run folder (`nudge report RUN_DIR`): one self-contained HTML page,
/// `RUN_DIR/report.html` (inline CSS and SVG, no script, no network), and every plotted series
/// as CSV in `RUN_DIR/report/`.
///
/// It reads, each when present (a missing one leaves its section out with a short note):
///
///     metrics.csv            EP training curves per epoch: accuracy, cost, the EP–exact gradient
///                            cosine, and every `energy_*` column
///     baseline_metrics.csv   the backprop baseline's curves (`epoch,train_accuracy,test_accuracy,
///                            train_loss,test_loss`), drawn beside EP's
///     summary.json           final figures; its `energy`, `digital` and `analog_digital_ratio`
///                            sections give the energy breakdown and the analog/digital comparison
///     sweep.csv              a sweep folder's table (`parameter,value,` then columns read by
///                            name: `test_accuracy`, `train_accuracy`, `energy_per_update_joules`,
///                            and others shown in its table; `nudge sweep` writes them)
///     configuration.json, command.txt   shown verbatim
///
/// A folder needs `metrics.csv` or `sweep.csv`. Figures carry fixed ids (`fig-accuracy`,
/// `fig-cost`, `fig-cosine`, `fig-energy-epochs`, `fig-energy-breakdown`, `fig-analog-digital`,
/// `fig-sweep-accuracy`, `fig-sweep-energy`); each one's CSV is `report/<id without fig->.csv`
/// in long form: `series,<x>,<y>` for a line plot, `bar,part,<value>` for a bar chart.
public struct RunReport: Sendable {
    /// One plotted figure: its SVG, its caption, and its data as CSV.
    public struct Figure: Sendable {
        /// The SVG element's id, e.g. `fig-accuracy`.
        public var id: String
        public var svg: String
        public var caption: String
        /// The CSV file's name in `report/`, e.g. `accuracy.csv`.
        public var csvName: String
        public var csv: String
    }

    /// The run folder, as given.
    public let folder: String
    /// The figures, in page order.
    public private(set) var figures: [Figure] = []
    var page: HTMLPage

    /// Reads the run folder and lays out the page.
    /// - Throws: `RunFileError` if the folder does not exist, holds neither `metrics.csv` nor
    ///   `sweep.csv`, or a file in it is malformed (naming the file and, for CSV, the line).
    public init(runFolder path: String) throws(RunFileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RunFileError("no such run folder", path: path)
        }
        guard isDirectory.boolValue else { throw RunFileError("is not a folder", path: path) }
        folder = path
        let name = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        page = HTMLPage(title: "nudge run report: \(name)")

        let metricsPath = file("metrics.csv"), sweepPath = file("sweep.csv")
        let hasMetrics = exists(metricsPath), hasSweep = exists(sweepPath)
        guard hasMetrics || hasSweep else {
            throw RunFileError("holds neither metrics.csv nor sweep.csv: nothing to report", path: path)
        }
        let summary = exists(file("summary.json")) ? try JSONLookup(contentsOf: file("summary.json")) : nil

        if let command = try text("command.txt") {
            page.blocks.append(.preformatted(command.trimmingCharacters(in: .newlines)))
        }
        if hasMetrics {
            let baselinePath = file("baseline_metrics.csv")
            try addTrainingSection(metrics: CSVTable(contentsOf: metricsPath),
                                   baseline: exists(baselinePath) ? CSVTable(contentsOf: baselinePath) : nil)
        }
        try addEnergySection(summary: summary)
        if hasSweep { try addSweepSection(CSVTable(contentsOf: sweepPath)) }
        try addRunSection(summary: summary, configuration: text("configuration.json"))
    }

    /// The page's HTML text.
    public var html: String { page.render() }

    /// Writes `report/*.csv` (one per figure), then `report.html`, each atomically.
    /// - Returns: the path of `report.html`.
    @discardableResult
    public func write() throws(RunFileError) -> String {
        let csvFolder = file("report")
        do {
            try FileManager.default.createDirectory(atPath: csvFolder, withIntermediateDirectories: true)
        } catch {
            throw RunFileError("cannot create the folder: \(error.localizedDescription)", path: csvFolder)
        }
        for figure in figures { try AtomicFile.write(figure.csv, to: csvFolder + "/" + figure.csvName) }
        let htmlPath = file("report.html")
        try AtomicFile.write(html, to: htmlPath)
        return htmlPath
    }

    /// Reads `runFolder` and writes its report (`report.html` and `report/*.csv`).
    /// - Returns: the path of the written `report.html`, inside the run folder.
    /// - Throws: `RunFileError` naming the folder or file at fault.
    public static func write(runFolder path: String) throws(RunFileError) -> String {
        try RunReport(runFolder: path).write()
    }

    // MARK: Building blocks shared by the sections

    /// A file of the run folder, named the way the user named the folder.
    func file(_ name: String) -> String { folder.hasSuffix("/") ? folder + name : folder + "/" + name }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The text of a file of the folder, nil if absent.
    func text(_ name: String) throws(RunFileError) -> String? {
        let path = file(name)
        guard exists(path) else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RunFileError("cannot read: \(error.localizedDescription)", path: path)
        }
    }

    /// Adds a line plot to the page, and its series as `series,<xName>,<yName>` CSV.
    mutating func add(_ plot: LinePlot, id: String, caption: String, xName: String, yName: String) {
        var csv = CSVText.line(["series", xName, yName])
        for series in plot.series {
            for point in series.points {
                csv += CSVText.line([series.label, CSVText.number(point.x), CSVText.number(point.y)])
            }
        }
        addFigure(Figure(id: id, svg: plot.svg(id: id), caption: caption, csvName: csvName(id), csv: csv))
    }

    /// Adds a bar chart to the page, and its parts as `bar,part,<valueName>` CSV.
    mutating func add(_ chart: StackedBarChart, id: String, caption: String, valueName: String) {
        var csv = CSVText.line(["bar", "part", valueName])
        for bar in chart.bars {
            for part in bar.parts { csv += CSVText.line([bar.label, part.name, CSVText.number(part.value)]) }
        }
        addFigure(Figure(id: id, svg: chart.svg(id: id), caption: caption, csvName: csvName(id), csv: csv))
    }

    private mutating func addFigure(_ figure: Figure) {
        figures.append(figure)
        page.blocks.append(.figure(svg: figure.svg, caption: figure.caption + " Data: report/\(figure.csvName)."))
    }

    private func csvName(_ id: String) -> String {
        (id.hasPrefix("fig-") ? String(id.dropFirst(4)) : id) + ".csv"
    }

    /// Logarithmic when every finite value is positive and they span more than a decade.
    static func autoScale(_ values: [Double]) -> AxisScale {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), low > 0 else { return .linear }
        return high / low > 10 ? .logarithmic : .linear
    }

    /// A number to `digits` significant digits, with a unit (`1.2e-09 J`).
    static func format(_ value: Double, unit: String = "", digits: Int = 3) -> String {
        String(format: "%.\(digits)g", value) + (unit.isEmpty ? "" : " " + unit)
    }
}
