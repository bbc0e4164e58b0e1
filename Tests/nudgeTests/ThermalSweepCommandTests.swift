import Foundation
import XCTest

/// `nudge thermal-sweep`: a tiny sweep on circuits/thermal_rc.cir (PHYSICS.md case 5 as an RC
/// node) writes sweep.csv and sweep.svg; bad input fails with a clear message, a non-zero exit
/// status and no output folder.
final class ThermalSweepCommandTests: XCTestCase {
    private let tiny = ["--temperatures", "0.01,0.05", "--betas", "0.05,0.1", "--samples", "40", "--seeds", "2"]

    func testTinySweepWritesTheCSVAndThePlot() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("sweep").path
        let run = try CommandLineRun.run(["thermal-sweep", "circuits/thermal_rc.cir", "--target", "out=0.5"] + tiny
                                         + ["--out", folder])
        XCTAssertEqual(run.status, 0, run.standardError)
        let csv = try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("estimator,temperature,beta,samples,parameter,reference,mean,bias,spread,"
                                         + "mean_stderr,effective_samples"), String(lines[0]))
        // Per T: one covariance row and one per β, one parameter (r1).
        XCTAssertEqual(lines.count, 1 + 2 * 3)
        XCTAssertEqual(lines.filter { $0.hasPrefix("thermal-covariance,") }.count, 2)
        XCTAssertTrue(lines.allSatisfy { $0.split(separator: ",").count == 15 })
        let svg = try String(contentsOfFile: folder + "/sweep.svg", encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"))
        XCTAssertTrue(svg.contains("thermal_rc.cir"))
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: folder)), ["sweep.csv", "sweep.svg"],
                       "no temporary file left behind")
        XCTAssertTrue(run.standardOutput.contains("thermal-nudged r1 vs β:"), run.standardOutput)
        XCTAssertTrue(run.standardOutput.contains("thermal-covariance r1 vs T:"), run.standardOutput)
        XCTAssertTrue(run.standardOutput.contains("wrote \(folder)/sweep.csv"), run.standardOutput)
    }

    func testBadInputFailsClearlyAndWritesNothing() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("sweep").path
        let base = ["thermal-sweep", "circuits/thermal_rc.cir", "--out", folder]
        let cases: [([String], Int32, String)] = [
            (["--target", "vout=0.5"] + tiny, 1, "circuits/thermal_rc.cir: --target: unknown node 'vout' (outputs: out)"),
            (tiny, 1, "no --target for output 'out'"),
            (["--target", "out=0.5", "--temperatures", "", "--betas", "0.1", "--samples", "40"], 64,
             "--temperatures needs at least one value"),
            (["--target", "out=0.5", "--temperatures", "0.01", "--betas", "0.1,-0.2", "--samples", "40"], 64,
             "--betas values must be positive, got -0.2"),
            (["--target", "out=0.5", "--temperatures", "0.01", "--betas", "0.1", "--samples", "20"], 64,
             "--samples must be whole numbers of at least 40"),
            (["--target", "out=0.5", "--temperatures", "0.01", "--betas", "0.1", "--samples", "40", "--seeds", "1"], 64,
             "--seeds must be at least 2"),
            (["--target", "out=0.5", "--temperatures", "0.01,x", "--betas", "0.1", "--samples", "40"], 64,
             "--temperatures"),
        ]
        for (arguments, status, message) in cases {
            let run = try CommandLineRun.run(base + arguments)
            XCTAssertEqual(run.status, status, "\(arguments): \(run.standardError)")
            XCTAssertTrue(run.standardError.contains(message), "\(arguments): \(run.standardError)")
            XCTAssertEqual(run.standardOutput, "", "\(arguments)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder), "\(arguments) left an output folder")
        }
        // A node without capacitance has no Langevin dynamics: refused before sampling.
        let divider = try CommandLineRun.run(["thermal-sweep", "circuits/divider.cir", "--target", "out=0.5", "--out", folder]
                                             + tiny)
        XCTAssertEqual(divider.status, 1)
        XCTAssertTrue(divider.standardError.contains("circuits/divider.cir:") && divider.standardError.contains("mass"),
                      divider.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder))
    }
}
