import Foundation
import XCTest

/// `nudge train FILE.drn`: the layered solver's run writes summary.json with its contract keys;
/// every bad input exits with status 1, a message naming what is wrong, and no run folder.
final class TrainLayeredCommandTests: XCTestCase {
    /// `make demo`'s network for one epoch (minibatches of 32 keep the debug build quick).
    private let quick = ["--epochs", "1", "--batch", "32", "--lr", "2e-6"]

    func testDigitsRunWritesTheSummaryContract() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("run")
        let run = try CommandLineRun.run(["train", "circuits/drn_digits.drn", "--data", "digits"] + quick
                                         + ["--out", folder.path, "--baseline", "mlp", "--probe", "4"])
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(run.standardOutput.contains("EP vs exact gradient, cosine"), run.standardOutput)
        XCTAssertTrue(run.standardOutput.contains("BP (MLP)"), run.standardOutput)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(files, ["baseline_metrics.csv", "checkpoint.json", "command.txt", "configuration.json", "energy.json",
                               "metrics.csv", "summary.json"])
        XCTAssertTrue(run.standardOutput.contains("energy per update"), run.standardOutput)
        XCTAssertTrue(run.standardOutput.contains("analog/digital"), run.standardOutput)

        let data = try Data(contentsOf: folder.appendingPathComponent("summary.json"))
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for section in ["ep", "bp"] {
            let figures = try XCTUnwrap(summary[section] as? [String: Any], "\(section) in \(summary)")
            for key in ["test_accuracy", "train_accuracy", "wall_seconds"] {
                let value = try XCTUnwrap(figures[key] as? Double, "\(section).\(key)")
                XCTAssertTrue(value.isFinite && value >= 0, "\(section).\(key) = \(value)")
            }
            XCTAssertEqual(figures["epochs"] as? Int, 1, "\(section).epochs")
        }
        let ep = try XCTUnwrap(summary["ep"] as? [String: Any])
        XCTAssertGreaterThan(try XCTUnwrap(ep["test_accuracy"] as? Double), 0.3, "one epoch is well above chance")
        XCTAssertGreaterThan(try XCTUnwrap(summary["ep_exact_cosine"] as? Double), 0.999)
        XCTAssertFalse(try XCTUnwrap(summary["openblas_core"] as? String).isEmpty)
        XCTAssertEqual(summary["probe_samples"] as? Int, 4)
        // The energy section: its parts add up to the total, and every digital baseline has a ratio.
        let energy = try XCTUnwrap(summary["energy"] as? [String: Any])
        let perUpdate = try XCTUnwrap(energy["per_update_joules"] as? Double)
        let parts = try XCTUnwrap(energy["parts"] as? [[String: Any]])
        XCTAssertEqual(parts.compactMap { $0["joules"] as? Double }.reduce(0, +), perUpdate, accuracy: 1e-9 * perUpdate)
        XCTAssertGreaterThan(perUpdate, 0)
        XCTAssertEqual((energy["updates_per_epoch"] as? Int), 45, "1437 training samples in minibatches of 32")
        let ratios = try XCTUnwrap(summary["analog_digital_ratio"] as? [[String: Any]])
        XCTAssertEqual(ratios.count, 4)
        XCTAssertGreaterThan(parts.first { ($0["name"] as? String) == "digital controller (45 nm)" }?["joules"] as? Double ?? 0, 0,
                             "the controller's optimizer step is part of the analog update")
        let baselines = try XCTUnwrap((summary["digital"] as? [String: Any])?["baselines"] as? [[String: Any]])
        for (ratio, baseline) in zip(ratios, baselines) {
            let joules = try XCTUnwrap(baseline["joules"] as? Double)
            XCTAssertEqual(try XCTUnwrap(ratio["ratio"] as? Double), perUpdate / joules, accuracy: 1e-9 * perUpdate / joules)
        }
        print("nudge train drn_digits.drn, 1 epoch: EP test \(ep["test_accuracy"] ?? "?"), "
              + "BP test \((summary["bp"] as? [String: Any])?["test_accuracy"] ?? "?"), cosine \(summary["ep_exact_cosine"] ?? "?")")

        let configuration = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("configuration.json"))) as? [String: Any])
        XCTAssertEqual(configuration["network"] as? String, "circuits/drn_digits.drn")
        XCTAssertEqual(configuration["testFraction"] as? Double, 0.2, "digits hold out 20% by default")
    }

    /// A nudge with no equilibrium (β = 1 S) is a numerical failure: exit status 2, and the run
    /// folder still gets summary.json with the status (the probe, which would fail the same way,
    /// is reported as NaN).
    func testAnUnstableNudgeExitsWithStatusTwoAndAReport() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("run")
        let run = try CommandLineRun.run(["train", "circuits/drn_digits.drn", "--data", "digits", "--epochs", "2",
                                          "--batch", "32", "--beta", "1", "--probe", "4", "--out", folder.path])
        XCTAssertEqual(run.status, 2, run.standardError)
        XCTAssertTrue(run.standardError.contains("no equilibrium"), run.standardError)
        let data = try Data(contentsOf: folder.appendingPathComponent("summary.json"))
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertTrue((summary["status"] as? String)?.contains("no equilibrium") == true, "\(summary)")
        XCTAssertEqual((summary["ep"] as? [String: Any])?["epochs"] as? Int, 0)
    }

    /// Runs `nudge train arguments… --out FOLDER` and checks exit status 1, each expected piece
    /// of the message on standard error, and that FOLDER was never created.
    private func assertRefused(_ arguments: [String], saying pieces: [String],
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("run")
        let run = try CommandLineRun.run(["train"] + arguments + quick + ["--out", folder.path], file: file, line: line)
        XCTAssertEqual(run.status, 1, run.standardError, file: file, line: line)
        for piece in pieces {
            XCTAssertTrue(run.standardError.contains(piece), "'\(piece)' not in: \(run.standardError)", file: file, line: line)
        }
        XCTAssertFalse(run.standardError.contains("Fatal error"), run.standardError, file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path), "no run folder", file: file, line: line)
    }

    func testDataWithTheWrongNumberOfFeaturesIsRefused() throws {
        let scratch = try TemporaryDirectory()
        let header = (["a", "b", "c"] + (0..<10).map { "t\($0)" }).joined(separator: ",")
        let csv = try scratch.write("\(header)\n0.5,0,1,1,0,0,0,0,0,0,0,0,0\n0,1,0,0,1,0,0,0,0,0,0,0,0\n", to: "three.csv")
        try assertRefused(["circuits/drn_digits.drn", "--data", csv],
                          saying: ["circuits/drn_digits.drn", "64 features", "\(csv) has 3 features"])
    }

    func testHolomorphicEstimatorIsRefused() throws {
        try assertRefused(["circuits/drn_digits.drn", "--data", "digits", "--estimator", "holomorphic"],
                          saying: ["--estimator centered or positive", "holomorphic"])
    }

    func testMissingDataFileIsRefused() throws {
        let scratch = try TemporaryDirectory()
        let missing = scratch.url.appendingPathComponent("absent.csv").path
        try assertRefused(["circuits/drn_digits.drn", "--data", missing], saying: ["\(missing):1:1", "no such file"])
    }

    func testDescriptionSyntaxErrorIsReportedAtItsLineAndColumn() throws {
        let scratch = try TemporaryDirectory()
        let network = try scratch.write("# a typo on line 3\nlayers = 64 10 10\ngain = four\ndiode = ideal\n", to: "typo.drn")
        try assertRefused([network, "--data", "digits"], saying: ["\(network):3:8:", "malformed number 'four'"])
    }

    func testSetIsRefused() throws {
        try assertRefused(["circuits/drn_digits.drn", "--data", "digits", "--set", "vx0p=0.5"],
                          saying: ["--set does not apply to a .drn training run"])
    }
}
