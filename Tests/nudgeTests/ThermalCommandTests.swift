import Foundation
import XCTest

/// `nudge gradient` and `nudge train` at finite temperature (`--estimator thermal-nudged` or
/// `thermal-covariance` with `--temperature`, docs/thermal.md), run as a user would.
///
/// The network is PHYSICS.md case 5 as an RC node: I = 0.6 A into a node with C = 1 F and a
/// trainable g = 2 S to ground, so θ = I/g = 0.3 V; target y = 1 V. Under Boltzmann noise at T,
/// V is Gaussian with mean θ and variance T/g, L = ½[(θ − y)² + T/g] and
/// dL/dg = −(θ − y)θ/g − T/(2g²) = 0.105 − 0.00625 = 0.09875 V²/S at T = 0.05.
final class ThermalCommandTests: XCTestCase {
    private static let node = """
        Thermal RC node (PHYSICS.md case 5)
        *@ input I1
        *@ output v
        *@ train R1
        I1 0 v DC 0.6
        R1 v 0 0.5
        C1 v 0 1
        .end

        """

    /// dL/dg in closed form at T = 0.05 (above).
    private static let closedForm = 0.09875

    /// What thermal-nudged with a noiseless source at ±β estimates on this node:
    /// [h(β) − h(−β)]/(2β), h(β) = ⟨½V²⟩_β = ½[m(β)² + T/(g + β)], m(β) = (I + βy)/(g + β).
    private static func nudgedExpectation(beta: Double, temperature: Double = 0.05) -> Double {
        func h(_ b: Double) -> Double {
            let m = (0.6 + b * 1) / (2 + b)
            return 0.5 * (m * m + temperature / (2 + b))
        }
        return (h(beta) - h(-beta)) / (2 * beta)
    }

    private func gradient(_ netlist: String, _ arguments: [String]) throws -> CommandLineRun {
        try CommandLineRun.run(["gradient", netlist, "--target", "v=1"] + arguments)
    }

    private func object(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try XCTUnwrap(parsed as? [String: Any], "not a JSON object: \(text)", file: file, line: line)
    }

    private func number(_ object: [String: Any], _ key: String, _ name: String = "r1",
                        file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        let inner = try XCTUnwrap(object[key] as? [String: Any], "no \"\(key)\" object", file: file, line: line)
        return try XCTUnwrap(inner[name] as? Double, "no \"\(key)\".\(name)", file: file, line: line)
    }

    // MARK: gradient

    func testCovarianceJSONAgainstTheClosedForm() throws {
        let scratch = try TemporaryDirectory()
        let netlist = try scratch.write(Self.node, to: "node.cir")
        let arguments = ["--estimator", "thermal-covariance", "--temperature", "0.05", "--samples", "2000",
                         "--seed", "7", "--gaussian-reference", "--json"]
        let run = try gradient(netlist, arguments)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(run.standardError, "")
        let json = try object(run.standardOutput)
        XCTAssertEqual(json["estimator"] as? String, "thermal-covariance")
        XCTAssertEqual(json["status"] as? String, "converged")
        XCTAssertEqual(json["noise"] as? String, "boltzmann")
        XCTAssertEqual(json["temperature"] as? Double, 0.05)
        XCTAssertEqual(json["samples"] as? Int, 2000)
        XCTAssertEqual(json["seed"] as? Int, 7)
        XCTAssertNil(json["caveat"], "Boltzmann noise needs no caveat")
        for key in ["loss", "lossStderr", "step"] {
            let value = try XCTUnwrap(json[key] as? Double, "no \"\(key)\"")
            XCTAssertTrue(value.isFinite && value > 0, "\(key) = \(value)")
        }
        for key in ["interval", "burnIn"] { XCTAssertNotNil(json[key] as? Int, "no integer \"\(key)\"") }
        // Automatic sampling on this node: λ = g/C = 2 s⁻¹, h = 0.05/λ, interval ⌈0.5/(λh)⌉, burn-in ⌈5/(λh)⌉.
        XCTAssertEqual(try XCTUnwrap(json["step"] as? Double), 0.025, accuracy: 1e-12)
        XCTAssertEqual(json["interval"] as? Int, 10)
        XCTAssertEqual(json["burnIn"] as? Int, 100)

        let estimate = try number(json, "gradient")
        let stderr = try number(json, "stderr")
        let effective = try number(json, "effectiveSamples")
        XCTAssertTrue(stderr > 0 && stderr < 0.05, "stderr \(stderr)")
        XCTAssertTrue(effective > 100 && effective <= 2000 * 1.5, "effective samples \(effective)")

        let reference = try XCTUnwrap(json["reference"] as? [String: Any], "no \"reference\" with --gaussian-reference")
        let closed = try number(reference, "gradient")
        XCTAssertEqual(closed, Self.closedForm, accuracy: 1e-8)
        // L = ½[(θ − y)² + T/g] = ½(0.49 + 0.025).
        XCTAssertEqual(try XCTUnwrap(reference["loss"] as? Double), 0.2575, accuracy: 1e-8)
        XCTAssertEqual(try XCTUnwrap(reference["noiselessLoss"] as? Double), 0.245, accuracy: 1e-8)
        XCTAssertEqual(estimate, closed, accuracy: 4 * stderr, "sampled \(estimate) ± \(stderr)")
        let loss = try XCTUnwrap(json["loss"] as? Double), lossStderr = try XCTUnwrap(json["lossStderr"] as? Double)
        XCTAssertEqual(loss, 0.2575, accuracy: 4 * lossStderr, "⟨C⟩ = \(loss) ± \(lossStderr)")

        try assertSeeded(netlist, arguments, seed: "7", output: run.standardOutput, estimate: estimate)
    }

    /// Everything is seeded: the same seed prints the same bytes, another seed other numbers.
    private func assertSeeded(_ netlist: String, _ arguments: [String], seed: String, output: String, estimate: Double,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let again = try gradient(netlist, arguments)
        XCTAssertEqual(again.status, 0, again.standardError, file: file, line: line)
        XCTAssertEqual(again.standardOutput, output, "same seed, same output", file: file, line: line)
        var reseeded = arguments
        reseeded[reseeded.firstIndex(of: seed)!] = seed + "1"
        let other = try gradient(netlist, reseeded)
        XCTAssertEqual(other.status, 0, other.standardError, file: file, line: line)
        XCTAssertNotEqual(try number(try object(other.standardOutput), "gradient"), estimate, file: file, line: line)
    }

    func testNudgedJSONAgainstTheFiniteBetaExpectation() throws {
        let scratch = try TemporaryDirectory()
        let netlist = try scratch.write(Self.node, to: "node.cir")
        let arguments = ["--estimator", "thermal-nudged", "--beta", "0.2", "--temperature", "0.05", "--samples", "2000",
                         "--seed", "3", "--gaussian-reference", "--json"]
        let run = try gradient(netlist, arguments)
        XCTAssertEqual(run.status, 0, run.standardError)
        let json = try object(run.standardOutput)
        XCTAssertEqual(json["estimator"] as? String, "thermal-nudged")
        XCTAssertEqual(json["beta"] as? Double, 0.2)
        XCTAssertEqual(json["nudgeElement"] as? String, "source")
        let reference = try XCTUnwrap(json["reference"] as? [String: Any])
        XCTAssertEqual(try number(reference, "gradient"), Self.closedForm, accuracy: 1e-8)
        // The centered difference at β = 0.2 has an O(β²) bias: it estimates 0.097247…, not 0.09875.
        let expected = Self.nudgedExpectation(beta: 0.2)
        XCTAssertEqual(expected, 0.0972, accuracy: 1e-4)
        let estimate = try number(json, "gradient"), stderr = try number(json, "stderr")
        XCTAssertTrue(stderr > 0 && stderr < 0.05, "stderr \(stderr)")
        XCTAssertEqual(estimate, expected, accuracy: 4 * stderr, "sampled \(estimate) ± \(stderr)")
        try assertSeeded(netlist, arguments, seed: "3", output: run.standardOutput, estimate: estimate)
    }

    /// Under Johnson noise the covariance estimator does not estimate dL/dg: a single gradient
    /// runs and says so; the table prints the same note.
    func testJohnsonCovarianceGradientCarriesTheCaveat() throws {
        let scratch = try TemporaryDirectory()
        let netlist = try scratch.write(Self.node, to: "node.cir")
        let arguments = ["--estimator", "thermal-covariance", "--noise", "johnson", "--temperature", "0.05",
                         "--samples", "200"]
        let run = try gradient(netlist, arguments + ["--json"])
        XCTAssertEqual(run.status, 0, run.standardError)
        let json = try object(run.standardOutput)
        XCTAssertEqual(json["noise"] as? String, "johnson")
        XCTAssertEqual(json["status"] as? String, "converged")
        let caveat = try XCTUnwrap(json["caveat"] as? String, "no \"caveat\" under Johnson noise")
        XCTAssertTrue(caveat.contains("Johnson") && caveat.contains("thermal-nudged"), caveat)
        XCTAssertNotNil(try? number(json, "gradient"))
        let table = try gradient(netlist, arguments)
        XCTAssertEqual(table.status, 0, table.standardError)
        XCTAssertTrue(table.standardOutput.contains("note       " + caveat), table.standardOutput)
    }

    func testBadThermalOptionsAreRefused() throws {
        let scratch = try TemporaryDirectory()
        let netlist = try scratch.write(Self.node, to: "node.cir")
        let cases: [([String], String)] = [
            (["--estimator", "thermal-nudged"], "--estimator thermal-nudged needs --temperature T"),
            (["--estimator", "thermal-covariance"], "--estimator thermal-covariance needs --temperature T"),
            (["--estimator", "centered", "--temperature", "0.05"],
             "--temperature needs --estimator thermal-nudged or thermal-covariance"),
            (["--temperature", "0.05"], "--temperature needs --estimator thermal-nudged or thermal-covariance"),
            (["--estimator", "thermal-covariance", "--temperature", "0.05", "--samples", "10"],
             "--samples must be at least 40"),
            (["--estimator", "thermal-covariance", "--temperature", "0.05", "--nudge-element", "resistor"],
             "--nudge-element resistor is for --estimator thermal-nudged"),
            (["--estimator", "thermal-covariance", "--temperature=-1"], "--temperature must be positive"),
            (["--estimator", "thermal-covariance", "--temperature", "0.05", "--step", "0"], "--step must be positive"),
            (["--estimator", "thermal-covariance", "--temperature", "0.05", "--interval", "0"],
             "--interval must be at least 1"),
            (["--estimator", "thermal-covariance", "--temperature", "0.05", "--noise", "pink"], "--noise"),
        ]
        for (arguments, message) in cases {
            let run = try gradient(netlist, arguments)
            XCTAssertEqual(run.status, 64, "\(arguments): \(run.standardError)")
            XCTAssertTrue(run.standardError.contains(message), "\(arguments): \(run.standardError)")
            XCTAssertEqual(run.standardOutput, "", "\(arguments)")
        }
    }

    /// Langevin dynamics need a mass at every unknown: a node without capacitance is refused
    /// before sampling, naming the file and the missing capacitance.
    func testNodeWithoutCapacitanceIsRefused() throws {
        let scratch = try TemporaryDirectory()
        let bare = try scratch.write(Self.node.replacingOccurrences(of: "C1 v 0 1\n", with: ""), to: "bare.cir")
        let partial = try scratch.write(Self.node.replacingOccurrences(of: "C1 v 0 1\n", with: "C1 v 0 1\nR2 v w 1\nR3 w 0 1\n"),
                                        to: "partial.cir")
        let written = scratch.url.appendingPathComponent("out.json").path
        for netlist in [bare, partial] {
            for estimator in ["thermal-covariance", "thermal-nudged"] {
                let run = try gradient(netlist, ["--estimator", estimator, "--temperature", "0.05", "--json",
                                                 "--output", written])
                XCTAssertEqual(run.status, 1, "\(netlist) \(estimator): \(run.standardError)")
                XCTAssertTrue(run.standardError.hasPrefix(netlist + ":"), run.standardError)
                XCTAssertTrue(run.standardError.contains("capacitance") && run.standardError.contains("mass"),
                              run.standardError)
                XCTAssertFalse(run.standardError.contains("Fatal error"), run.standardError)
                XCTAssertEqual(run.standardOutput, "")
                XCTAssertFalse(FileManager.default.fileExists(atPath: written), "\(netlist) left an output file")
            }
        }
        // With the step, interval and burn-in given, no relaxation rates are computed before
        // sampling: the missing mass is found by the Langevin run itself. Still refused, naming
        // the capacitance, no crash — though with exit status 2 (a numerical failure), not 1.
        let run = try gradient(bare, ["--estimator", "thermal-covariance", "--temperature", "0.05", "--step", "0.01",
                                      "--interval", "1", "--burn-in", "1"])
        XCTAssertNotEqual(run.status, 0, run.standardError)
        XCTAssertTrue(run.standardError.hasPrefix(bare + ":") && run.standardError.contains("capacitance"),
                      run.standardError)
        XCTAssertFalse(run.standardError.contains("Fatal error"), run.standardError)
    }

    /// A step far beyond the stability limit (h λ = 200) blows the Langevin state up: exit status
    /// 2, a message naming the failure and the cure, no crash.
    func testHugeStepFailsNumerically() throws {
        let scratch = try TemporaryDirectory()
        let netlist = try scratch.write(Self.node, to: "node.cir")
        for scheme in ["heun", "euler-maruyama"] {
            let run = try gradient(netlist, ["--estimator", "thermal-covariance", "--temperature", "0.05", "--step", "100",
                                             "--scheme", scheme, "--json"])
            XCTAssertEqual(run.status, 2, "\(scheme): \(run.standardError)")
            XCTAssertTrue(run.standardError.hasPrefix(netlist + ": nonFinite"), run.standardError)
            XCTAssertTrue(run.standardError.contains("--step"), run.standardError)
            let json = try object(run.standardOutput)
            XCTAssertEqual(json["status"] as? String, "nonFinite")
            XCTAssertNil(json["gradient"], "no gradient from a failed run")
        }
    }

    // MARK: train

    private let task = ["train", "circuits/thermal_regression.cir", "--data", "data/thermal_regression.csv",
                        "--batch", "4", "--lr", "2e-8", "--test-fraction", "0.25", "--seed", "1", "--probe", "1",
                        "--estimator", "thermal-covariance", "--temperature", "1e-12", "--samples", "40",
                        "--interval", "2"]

    private func json(_ folder: URL, _ name: String) throws -> [String: Any] {
        try object(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
    }

    func testJohnsonCovarianceTrainingIsRefusedBeforeTheRunFolder() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("run")
        let run = try CommandLineRun.run(["train", "circuits/thermal_regression.cir", "--data", "data/thermal_regression.csv",
                                          "--epochs", "1", "--estimator", "thermal-covariance", "--noise", "johnson",
                                          "--temperature", "4.14e-21", "--samples", "40", "--out", folder.path])
        XCTAssertEqual(run.status, 1, run.standardError)
        XCTAssertTrue(run.standardError.hasPrefix("circuits/thermal_regression.cir"), run.standardError)
        XCTAssertTrue(run.standardError.contains("Johnson") && run.standardError.contains("use thermal-nudged"),
                      run.standardError)
        XCTAssertEqual(run.standardOutput, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path), "a refused run left a folder")

        let cases: [([String], String)] = [
            (["--estimator", "thermal-nudged"], "--estimator thermal-nudged needs --temperature T"),
            (["--estimator", "exact", "--temperature", "1e-12"],
             "--temperature needs --estimator thermal-nudged or thermal-covariance"),
            (["--estimator", "thermal-covariance", "--temperature", "1e-12", "--samples", "10"],
             "--samples must be at least 40"),
            (["--estimator", "thermal-covariance", "--temperature", "1e-12", "--nudge-element", "resistor"],
             "--nudge-element resistor is for --estimator thermal-nudged"),
        ]
        for (arguments, message) in cases {
            let refused = try CommandLineRun.run(["train", "circuits/thermal_regression.cir", "--data",
                                                  "data/thermal_regression.csv", "--epochs", "1", "--out", folder.path]
                                                 + arguments)
            XCTAssertEqual(refused.status, 64, "\(arguments): \(refused.standardError)")
            XCTAssertTrue(refused.standardError.contains(message), "\(arguments): \(refused.standardError)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path), "\(arguments) left a folder")
        }
    }

    /// A tiny clamp-free run records its thermal settings; a run resumed after its first epoch
    /// ends with the uninterrupted run's parameters, bit for bit (the noise is seeded per
    /// (epoch, minibatch)).
    func testThermalTrainingRecordsItsSettingsAndResumesExactly() throws {
        let scratch = try TemporaryDirectory()
        let straight = scratch.url.appendingPathComponent("straight")
        let run = try CommandLineRun.run(task + ["--epochs", "2", "--out", straight.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let configuration = try json(straight, "configuration.json")
        let thermal = try XCTUnwrap(configuration["thermal"] as? [String: Any], "no \"thermal\" in configuration.json")
        XCTAssertEqual(thermal["estimator"] as? String, "thermal-covariance")
        XCTAssertEqual(thermal["temperature"] as? Double, 1e-12)
        XCTAssertEqual(thermal["noise"] as? String, "boltzmann")
        XCTAssertEqual(thermal["samples"] as? Int, 40)
        XCTAssertEqual(thermal["interval"] as? Int, 2)
        let summary = try json(straight, "summary.json")
        XCTAssertEqual(summary["estimator"] as? String, "thermal-covariance")
        XCTAssertEqual(summary["status"] as? String, "converged")
        XCTAssertEqual(summary["epochs"] as? Int, 2)
        let parameters = try XCTUnwrap(summary["parameters"] as? [String: Double])
        XCTAssertEqual(parameters.keys.sorted(), ["r1", "r2", "r3", "r4", "r5", "r6", "r7"])
        XCTAssertTrue(parameters.values.contains { $0 != 1e-6 }, "training moved no conductance: \(parameters)")

        let resumed = scratch.url.appendingPathComponent("resumed")
        let first = try CommandLineRun.run(task + ["--epochs", "1", "--out", resumed.path])
        XCTAssertEqual(first.status, 0, first.standardError)
        let firstMetrics = try String(contentsOf: resumed.appendingPathComponent("metrics.csv"), encoding: .utf8)
        XCTAssertNotEqual(try XCTUnwrap(try json(resumed, "summary.json")["parameters"] as? [String: Double]), parameters,
                          "one epoch already ends where two do")
        let second = try CommandLineRun.run(task + ["--epochs", "2", "--resume", resumed.path])
        XCTAssertEqual(second.status, 0, second.standardError)
        XCTAssertEqual(try XCTUnwrap(try json(resumed, "summary.json")["parameters"] as? [String: Double]), parameters,
                       "resumed and uninterrupted runs end with the same conductances")
        let checkpoint = { (folder: URL) throws -> [Double] in
            try XCTUnwrap(try self.json(folder, "checkpoint.json")["parameters"] as? [Double])
        }
        XCTAssertEqual(try checkpoint(resumed), try checkpoint(straight), "bit-identical checkpoints")
        let metrics = { (folder: URL) throws -> [String] in
            try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
                .split(separator: "\n").map { row in
                    // Without wall_seconds, the one column that differs between two runs.
                    row.split(separator: ",", omittingEmptySubsequences: false).enumerated()
                        .filter { $0.offset != 6 }.map(\.element).joined(separator: ",")
                }
        }
        XCTAssertEqual(try metrics(resumed), try metrics(straight), "the same metrics rows, none duplicated")
        // The resumed run continued from the checkpoint: epoch 1's row, wall time included, is the first run's.
        let resumedMetrics = try String(contentsOf: resumed.appendingPathComponent("metrics.csv"), encoding: .utf8)
        XCTAssertTrue(resumedMetrics.hasPrefix(firstMetrics), "epoch 1 was run again:\n\(firstMetrics)\n\(resumedMetrics)")
    }
}
