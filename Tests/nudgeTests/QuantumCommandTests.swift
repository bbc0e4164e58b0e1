import Foundation
import XCTest

/// `nudge quantum ground|gradient` on PHYSICS.md cases 3 and 4 written as model files: the
/// printed numbers are the cases' reference values; bad input is refused with file:line:col or
/// a named option, and exit status 1 (64 for option errors).
final class QuantumCommandTests: XCTestCase {
    static let caseFour = """
        PHYSICS.md case 4 (spin a is case 4's output Z2)
        spin a
        spin b
        zz j a b 0.5
        field ha a -0.2
        field hb b 0.3
        transverse ga a 0.7
        transverse gb b 0.7
        *@ output a
        *@ train j
        """

    static let caseThree = """
        PHYSICS.md case 3
        mode x1
        mode x2
        spring k1 x1 0 1
        spring k12 x1 x2 1
        spring k2 x2 0 1
        *@ output x2
        """

    func object(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    func testCaseFourGradients() throws {
        let scratch = try TemporaryDirectory()
        let file = try scratch.write(Self.caseFour, to: "c4.quantum")
        let expected: [(String, [String], Double)] = [
            ("exact", [], -0.322994), ("positive", ["--beta", "0.1"], -0.349463), ("centered", ["--beta", "0.1"], -0.320283),
            ("positive", ["--beta", "0.01"], -0.325928), ("centered", ["--beta", "0.01"], -0.322967),
        ]
        for (estimator, extra, value) in expected {
            let run = try CommandLineRun.run(["quantum", "gradient", file, "--target", "a=0.8", "--estimator", estimator, "--json"] + extra)
            XCTAssertEqual(run.status, 0, run.standardError)
            let json = try object(run.standardOutput)
            let gradient = try XCTUnwrap(json["gradient"] as? [String: Double])
            XCTAssertEqual(try XCTUnwrap(gradient["j"]), value, accuracy: 1e-6, "\(estimator) \(extra)")
            XCTAssertEqual(json["stderr"] as? [String: Double], ["j": 0], "exact expectations")
        }
    }

    func testShotsReportErrorsAndExperiments() throws {
        let scratch = try TemporaryDirectory()
        let file = try scratch.write(Self.caseFour, to: "c4.quantum")
        let run = try CommandLineRun.run(["quantum", "gradient", file, "--target", "a=0.8", "--beta", "0.5", "--shots", "4000",
                                          "--seed", "2", "--json"])
        XCTAssertEqual(run.status, 0, run.standardError)
        let json = try object(run.standardOutput)
        let stderr = try XCTUnwrap(json["stderr"] as? [String: Double])["j"] ?? .nan
        let gradient = try XCTUnwrap(json["gradient"] as? [String: Double])["j"] ?? .nan
        XCTAssertEqual(json["experiments"] as? Int, 2 * 1 * 4000, "two measured phases, one Z setting for J")
        XCTAssertEqual(json["phases"] as? Int, 3)
        XCTAssertGreaterThan(stderr, 0)
        // The noiseless centered estimate at β = 0.5, from the same command without shots.
        let noiseless = try CommandLineRun.run(["quantum", "gradient", file, "--target", "a=0.8", "--beta", "0.5", "--json"])
        let reference = try XCTUnwrap(try object(noiseless.standardOutput)["gradient"] as? [String: Double])["j"] ?? .nan
        XCTAssertEqual(gradient, reference, accuracy: 4 * stderr)
    }

    func testCaseThreeGroundStateAndGradients() throws {
        let scratch = try TemporaryDirectory()
        let file = try scratch.write(Self.caseThree, to: "c3.quantum")
        let ground = try CommandLineRun.run(["quantum", "ground", file, "--json"])
        XCTAssertEqual(ground.status, 0, ground.standardError)
        let json = try object(ground.standardOutput)
        XCTAssertEqual(json["energy"] as? Double ?? .nan, 1.366025, accuracy: 1e-6)
        let covariance = try XCTUnwrap(json["covariance"] as? [[Double]])
        XCTAssertEqual(covariance[0][0], 0.394338, accuracy: 1e-6)
        XCTAssertEqual(covariance[0][1], 0.105662, accuracy: 1e-6)
        let gradient = try CommandLineRun.run(["quantum", "gradient", file, "--target", "x2=0.5", "--estimator", "exact", "--json"])
        let result = try object(gradient.standardOutput)
        let quantum = try XCTUnwrap(result["gradient"] as? [String: Double]), classical = try XCTUnwrap(result["classicalGradient"] as? [String: Double])
        XCTAssertGreaterThan(abs((quantum["k12"] ?? 0) - (classical["k12"] ?? 0)), 0.01, "the zero-point term")
        // L − L_classical = ½Σ_oo = ½·0.394338.
        XCTAssertEqual((result["loss"] as? Double ?? .nan) - (result["classicalLoss"] as? Double ?? .nan), 0.197169, accuracy: 1e-6)
    }

    func testBadInput() throws {
        let scratch = try TemporaryDirectory()
        let file = try scratch.write(Self.caseFour, to: "c4.quantum")
        let bad = try scratch.write("t\nspin a\nzz j a q 1\n", to: "bad.quantum")
        let cases: [([String], Int32, String)] = [
            (["quantum", "ground", bad], 1, "bad.quantum:3:8: unknown spin 'q'"),
            (["quantum", "gradient", file], 1, "no --target for 'a'"),
            (["quantum", "gradient", file, "--target", "b=1"], 1, "'b' is not an output"),
            (["quantum", "gradient", file, "--target", "a=1", "--beta", "0"], 64, "--beta"),
            (["quantum", "gradient", file, "--target", "a=1", "--estimator", "exact", "--shots", "100"], 64, "--shots"),
            (["quantum", "ground", file, "--set", "zz=1"], 1, "no term named 'zz'"),
            (["quantum", "ground", scratch.url.appendingPathComponent("missing.quantum").path], 1, "no such file"),
        ]
        for (arguments, status, message) in cases {
            let run = try CommandLineRun.run(arguments)
            XCTAssertEqual(run.status, status, "\(arguments): \(run.standardError)")
            XCTAssertTrue(run.standardError.contains(message), "\(arguments): \(run.standardError)")
            XCTAssertFalse(run.standardError.contains("Fatal error"), run.standardError)
        }
        // A degenerate ground state (no transverse field, no field: Z ↔ −Z symmetry) is refused.
        let degenerate = try scratch.write("t\nspin a\nspin b\nzz j a b 1\n*@ output a\n", to: "deg.quantum")
        let run = try CommandLineRun.run(["quantum", "ground", degenerate])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("degenerate"), run.standardError)
    }
}
