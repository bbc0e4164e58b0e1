import Foundation
import XCTest

/// `nudge sweep`: one training run per value, gathered into sweep.csv; a second run reads the
/// finished points back; `nudge report` plots the sweep.
final class SweepCommandTests: XCTestCase {
    func testSweepWritesOneRowPerValueAndResumes() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("sweep").path
        let arguments = ["sweep", "circuits/drn_digits.drn", "--data", "digits", "--epochs", "1", "--batch", "64", "--probe", "0",
                         "--hardware", "circuits/drn_digits.hardware", "--parameter", "levels", "--values", "64,1024",
                         "--out", folder]
        let first = try CommandLineRun.run(arguments)
        XCTAssertEqual(first.status, 0, first.standardError)
        let csv = try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "parameter,value,test_accuracy,train_accuracy,energy_per_update_joules,"
                       + "programming_pulses_per_update,accuracy_after_1_year,status")
        XCTAssertEqual(lines.count, 3, csv)
        XCTAssertTrue(lines[1].hasPrefix("levels,64.0,"), csv)
        XCTAssertTrue(lines[2].hasPrefix("levels,1024.0,"), csv)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/levels=64/summary.json"))
        let configuration = try String(contentsOfFile: folder + "/levels=64/configuration.json", encoding: .utf8)
        XCTAssertTrue(configuration.contains("\"levels\" : 64"), configuration)

        let second = try CommandLineRun.run(arguments)
        XCTAssertEqual(second.status, 0, second.standardError)
        XCTAssertEqual(second.standardOutput.components(separatedBy: "read back").count - 1, 2, second.standardOutput)
        XCTAssertEqual(try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8), csv)

        // Other settings are not read back: the points run again.
        let longer = try CommandLineRun.run(arguments.map { $0 == "1" ? "2" : $0 })
        XCTAssertEqual(longer.status, 0, longer.standardError)
        XCTAssertFalse(longer.standardOutput.contains("read back"), longer.standardOutput)
        XCTAssertNotEqual(try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8), csv)

        let report = try CommandLineRun.run(["report", folder])
        XCTAssertEqual(report.status, 0, report.standardError)
        let page = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        XCTAssertTrue(page.contains("id=\"fig-sweep-accuracy\""))
        XCTAssertTrue(page.contains("id=\"fig-sweep-energy\""))
    }

    func testUnknownParameterIsRefused() throws {
        let run = try CommandLineRun.run(["sweep", "circuits/drn_digits.drn", "--data", "digits", "--epochs", "1",
                                          "--parameter", "colour", "--values", "1,2"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.standardError.contains("not a numeric hardware key"), run.standardError)
        let bad = try CommandLineRun.run(["sweep", "circuits/drn_digits.drn", "--data", "digits", "--epochs", "1",
                                          "--parameter", "levels", "--values", "4,x"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.standardError.contains("'x' is not a number"), bad.standardError)
    }

    /// Negative values parse, and a hardware key the layered solver cannot model is refused.
    func testNegativeValuesAndWireResistance() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("wires").path
        let wires = try CommandLineRun.run(["sweep", "circuits/drn_digits.drn", "--data", "digits", "--epochs", "1",
                                            "--parameter", "wire_resistance", "--values", "1,10", "--out", folder])
        XCTAssertEqual(wires.status, 1)
        XCTAssertTrue(wires.standardError.contains("ideal wires"), wires.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder), "a refused sweep leaves no folder")
        let negative = try CommandLineRun.run(["sweep", "circuits/drn_digits.drn", "--data", "digits", "--epochs", "1",
                                               "--parameter", "up_down", "--values", "-2,x"])
        XCTAssertNotEqual(negative.status, 0)
        XCTAssertTrue(negative.standardError.contains("'x' is not a number"), negative.standardError)
    }

    func testReportOfAMissingFolderIsAClearError() throws {
        let run = try CommandLineRun.run(["report", "no/such/run"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("no/such/run"), run.standardError)
    }
}
