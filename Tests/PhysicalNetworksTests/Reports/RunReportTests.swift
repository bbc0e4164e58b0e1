import Foundation
import XCTest
@testable import PhysicalNetworks

/// `RunReport`: every figure of a full run, CSVs equal to the inputs, escaping, missing sections,
/// errors, and well-formed markup.
final class RunReportTests: XCTestCase {
    func testFullRunHasEveryFigureAndWellFormedMarkup() throws {
        let folder = try makeTemporaryFolder()
        try RunReportFixture.makeFullRun(in: folder)
        let path = try RunReport.write(runFolder: folder)
        XCTAssertEqual(path, folder + "/report.html")
        let html = contents(of: path)
        for id in ["fig-accuracy", "fig-cost", "fig-cosine", "fig-energy-epochs", "fig-energy-breakdown", "fig-analog-digital"] {
            XCTAssertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" id=\"\(id)\""), id)
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/report/\(id.dropFirst(4)).csv"), id)
        }
        XCTAssertFalse(html.contains("fig-sweep"), "no sweep.csv, no sweep figures")
        RunReportFixture.assertWellFormedXML(html)
        // Self-contained: no script, no external reference.
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.contains("http://") && html.replacingOccurrences(of: "http://www.w3.org/", with: "").contains("http://"))
        XCTAssertFalse(html.contains("https://"))
        XCTAssertFalse(html.contains("src="))
        XCTAssertFalse(html.replacingOccurrences(of: "href=\"#", with: "").contains("href="), "only links within the page")
        XCTAssertTrue(html.contains("<a href=\"#energy\">Energy</a>"))
        XCTAssertTrue(html.contains("<h2 id=\"energy\">Energy</h2>"))
        // Each figure has a <title>.
        XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 6)
        XCTAssertTrue(html.contains("<title>Accuracy per epoch</title>"))
        // The energy tables and the summary.
        XCTAssertTrue(html.contains("resistor heat, nudged phases"))
        XCTAssertTrue(html.contains("66.7 %"), "the free phase's share of 1.5 nJ")
        XCTAssertTrue(html.contains("0.00075"), "the analog/digital ratio")
        XCTAssertTrue(html.contains("openblas_core"))
        XCTAssertTrue(html.contains("ep.test_accuracy"))
        XCTAssertTrue(html.contains("0.5, 0.25"))
        XCTAssertTrue(html.contains("nudge train circuits/xor.cir --out runs/x"))
    }

    func testTextFromFilesIsEscaped() throws {
        let folder = try makeTemporaryFolder()
        try RunReportFixture.makeFullRun(in: folder)
        let html = try RunReport(runFolder: folder).html
        XCTAssertTrue(html.contains("digits &lt;small&gt; &amp; \\&quot;quoted\\&quot;"))
        XCTAssertFalse(html.contains("<small>"))
        XCTAssertTrue(html.contains("a &lt;b&gt; &amp; c"), "assumptions are escaped")
        XCTAssertFalse(html.contains("<b>"))
    }

    func testCSVsHoldThePlottedValues() throws {
        let folder = try makeTemporaryFolder()
        try RunReportFixture.makeFullRun(in: folder)
        _ = try RunReport.write(runFolder: folder)
        let accuracy = rows(folder + "/report/accuracy.csv")
        XCTAssertEqual(accuracy.first, ["series", "epoch", "accuracy"])
        XCTAssertEqual(values(accuracy, "EP test"), [[1, 0.75], [2, 0.875], [3, 0.9375]])
        XCTAssertEqual(values(accuracy, "EP train"), [[1, 0.5], [2, 0.8], [3, 0.9]])
        XCTAssertEqual(values(accuracy, "BP test"), [[1, 0.7], [2, 0.85], [3, 0.9]])
        XCTAssertEqual(values(accuracy, "BP train"), [[1, 0.6], [2, 0.9], [3, 0.95]])
        let cost = rows(folder + "/report/cost.csv")
        XCTAssertEqual(values(cost, "BP train loss"), [[1, 0.3], [2, 0.1], [3, 0.05]])
        // A NaN is kept in the CSV (and skipped in the plot).
        let cosine = rows(folder + "/report/cosine.csv")
        XCTAssertEqual(cosine.first, ["series", "epoch", "cosine"])
        XCTAssertEqual(cosine.dropFirst().map { $0[2] }, ["0.5", "nan", "0.98"])
        let energy = rows(folder + "/report/energy-epochs.csv")
        XCTAssertEqual(values(energy, "energy_per_epoch_joules"), [[1, 1e-6], [2, 2e-6], [3, 4e-6]])
        let breakdown = rows(folder + "/report/energy-breakdown.csv")
        XCTAssertEqual(breakdown, [["bar", "part", "joules"], ["EP update", "resistor heat, free phase", "1e-09"],
                                   ["EP update", "resistor heat, nudged phases", "4e-10"], ["EP update", "update pulses", "1e-10"]])
        let comparison = rows(folder + "/report/analog-digital.csv")
        XCTAssertEqual(comparison.count, 1 + 3 + 2 + 1)
        XCTAssertTrue(comparison.contains(["BP MLP, 45 nm (Horowitz 2014)", "memory", "1.5e-06"]))
        XCTAssertTrue(comparison.contains(["EP digital, 7 nm", "EP digital, 7 nm: total", "3e-07"]))
    }

    func testSweepFolder() throws {
        let folder = try makeTemporaryFolder()
        try RunReportFixture.write(RunReportFixture.sweep, folder, "sweep.csv")
        let report = try RunReport(runFolder: folder)
        XCTAssertEqual(report.figures.map(\.id), ["fig-sweep-accuracy", "fig-sweep-energy"])
        let html = report.html
        RunReportFixture.assertWellFormedXML(html)
        XCTAssertTrue(html.contains("No energy section"))
        XCTAssertTrue(html.contains("No summary.json"))
        XCTAssertTrue(html.contains("failed"))
        // β spans three decades: a logarithmic value axis; the energy too.
        XCTAssertTrue(html.contains("10<tspan dy=\"-6\" font-size=\"9\">-6</tspan>"))
        XCTAssertTrue(html.contains("10<tspan dy=\"-6\" font-size=\"9\">-9</tspan>"))
        _ = try report.write()
        let energy = rows(folder + "/report/sweep-energy.csv")
        XCTAssertEqual(energy.first, ["series", "beta", "joules"])
        XCTAssertEqual(energy.dropFirst().map { $0[1] }, ["1e-06", "1e-05", "0.0001", "0.001"])
        XCTAssertEqual(energy.dropFirst().map { $0[2] }, ["1e-09", "1e-08", "1e-07", "nan"])
    }

    func testMissingSectionsAreOmittedWithANote() throws {
        let folder = try makeTemporaryFolder()
        try RunReportFixture.write("epoch,train_accuracy\n1,0.5\n2,0.75\n", folder, "metrics.csv")
        let report = try RunReport(runFolder: folder)
        XCTAssertEqual(report.figures.map(\.id), ["fig-accuracy"])
        let html = report.html
        RunReportFixture.assertWellFormedXML(html)
        for note in ["no backprop curves", "No ep_exact_cosine column", "No energy section", "No summary.json",
                     "No configuration.json"] {
            XCTAssertTrue(html.contains(note), note)
        }
    }

    func testMetricsWithoutRowsGiveEmptyFigures() throws {
        let folder = try makeTemporaryFolder()
        try RunReportFixture.write("epoch,test_accuracy,ep_exact_cosine\n", folder, "metrics.csv")
        let report = try RunReport(runFolder: folder)
        XCTAssertEqual(report.figures.map(\.id), ["fig-accuracy", "fig-cosine"])
        RunReportFixture.assertWellFormedXML(report.html)
    }

    func testFolderWithoutMetricsOrSweepIsAnErrorNamingIt() throws {
        let folder = try makeTemporaryFolder()
        try RunReportFixture.write("{}", folder, "summary.json")
        XCTAssertThrowsError(try RunReport.write(runFolder: folder)) { error in
            XCTAssertEqual((error as? RunFileError)?.path, folder)
            XCTAssertTrue("\(error)".contains("neither metrics.csv nor sweep.csv"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/report.html"))
        XCTAssertThrowsError(try RunReport.write(runFolder: folder + "/absent")) { error in
            XCTAssertEqual("\(error)", folder + "/absent: no such run folder")
        }
    }

    func testMalformedFilesNameTheirLine() throws {
        let folder = try makeTemporaryFolder()
        try RunReportFixture.write("epoch,test_accuracy\n1,0.5\n2,high\n", folder, "metrics.csv")
        XCTAssertThrowsError(try RunReport(runFolder: folder)) { error in
            XCTAssertEqual("\(error)", folder + "/metrics.csv:3: column 'test_accuracy': 'high' is not a number")
        }
        try RunReportFixture.write("epoch,test_accuracy\n1,0.5,7\n", folder, "metrics.csv")
        XCTAssertThrowsError(try RunReport(runFolder: folder)) { error in
            XCTAssertEqual((error as? RunFileError)?.path, folder + "/metrics.csv:2")
        }
        try RunReportFixture.write("epoch,test_accuracy\n1,0.5\n", folder, "metrics.csv")
        try RunReportFixture.write(#"{"energy": {"parts": [{"joules": 1}]}}"#, folder, "summary.json")
        XCTAssertThrowsError(try RunReport(runFolder: folder)) { error in
            XCTAssertEqual("\(error)", folder + "/summary.json: 'energy.parts[0]' should have a name and joules")
        }
        // A figure the run could not measure is written as null: read as NaN, not drawn.
        try RunReportFixture.write(#"{"energy": {"parts": [{"name": "x", "joules": null}, {"name": "y", "joules": 2e-9}]}}"#,
                                   folder, "summary.json")
        XCTAssertNoThrow(try RunReport(runFolder: folder))
        try RunReportFixture.write(#"{"energy": {"per_update_joules": "lots"}}"#, folder, "summary.json")
        XCTAssertThrowsError(try RunReport(runFolder: folder)) { error in
            XCTAssertEqual("\(error)", folder + "/summary.json: 'energy.per_update_joules' should be a number")
        }
    }

    func testQuotedCSVCells() {
        XCTAssertEqual(CSVTable.cells(of: #"a,"b, c","say ""hi""",,d"#), ["a", "b, c", #"say "hi""#, "", "d"])
        XCTAssertEqual(CSVText.line(["a", "b,c", #"q"q"#]), #"a,"b,c","q""q""# + "\n")
    }

    // MARK: Helpers

    private func rows(_ path: String) -> [[String]] {
        contents(of: path).split(separator: "\n").map { CSVTable.cells(of: String($0)) }
    }

    /// The (x, y) pairs of one series of a long-form CSV.
    private func values(_ rows: [[String]], _ series: String) -> [[Double]] {
        rows.filter { $0.first == series }.map { [Double($0[1]) ?? -1, Double($0[2]) ?? -1] }
    }
}
