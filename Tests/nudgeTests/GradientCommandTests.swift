import Foundation
import XCTest

/// `nudge gradient`: the JSON contract, every estimator, --set, target validation, errors
/// (exit 1) and numerical failure (exit 2). The divider is PHYSICS.md case 1, whose exact
/// gradient is dL/d(g_a, g_b) = (−1/27, +1/54) at y = 0.5 V.
final class GradientCommandTests: XCTestCase {
    private func gradientJSON(_ arguments: [String]) throws -> (json: [String: Any], text: String) {
        let run = try CommandLineRun.run(["gradient", "--json"] + arguments)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(run.standardError, "")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any],
                                 run.standardOutput)
        return (json, run.standardOutput)
    }

    private func number(_ value: Any?) throws -> Double { try XCTUnwrap((value as? NSNumber)?.doubleValue) }

    func testJSONContractOfTheExactGradient() throws {
        let (json, text) = try gradientJSON(["circuits/divider.cir", "--target", "out=0.5", "--estimator", "exact"])
        // Keys in the documented order, extra fields after them.
        let keys = ["\"loss\"", "\"gradient\"", "\"estimator\"", "\"beta\"", "\"phases\"", "\"status\""]
        let positions = try keys.map { try XCTUnwrap(text.range(of: $0)?.lowerBound, $0) }
        XCTAssertEqual(positions, positions.sorted(), text)
        XCTAssertTrue(text.hasPrefix("{\"loss\": "), text)
        XCTAssertEqual(try number(json["loss"]), 0.5 * (1.0 / 6) * (1.0 / 6), accuracy: 1e-15)
        let gradient = try XCTUnwrap(json["gradient"] as? [String: Any])
        XCTAssertEqual(Set(gradient.keys), ["ra", "rb"], "lower-cased element names")
        XCTAssertEqual(try number(gradient["ra"]), -1.0 / 27, accuracy: 1e-14)
        XCTAssertEqual(try number(gradient["rb"]), 1.0 / 54, accuracy: 1e-14)
        XCTAssertEqual(json["estimator"] as? String, "exact")
        XCTAssertEqual(try number(json["beta"]), 0)
        XCTAssertEqual(try number(json["phases"]), 1)
        XCTAssertEqual(json["status"] as? String, "converged")
        XCTAssertGreaterThan(try number(json["time"]), 0)
        XCTAssertGreaterThan(try number(json["dissipatedEnergy"]), 0)
        XCTAssertEqual(try number((json["outputs"] as? [String: Any])?["out"]), 1.0 / 3, accuracy: 1e-12)
    }

    /// Centered EP by default, at β = 1e-6 S; on the divider (driving-point resistance 1/3 Ω,
    /// β R ≈ 3e-7) its bias is far below 1e-6.
    func testDefaultIsCenteredAtOneMicrosiemens() throws {
        let (json, _) = try gradientJSON(["circuits/divider.cir", "--target", "OUT=500m"])
        XCTAssertEqual(json["estimator"] as? String, "centered")
        XCTAssertEqual(try number(json["beta"]), 1e-6)
        XCTAssertEqual(try number(json["phases"]), 3)
        let gradient = try XCTUnwrap(json["gradient"] as? [String: Any])
        XCTAssertEqual(try number(gradient["ra"]), -1.0 / 27, accuracy: 1e-6)
        XCTAssertEqual(try number(gradient["rb"]), 1.0 / 54, accuracy: 1e-6)
    }

    func testEveryEstimatorNamesItselfAndCountsItsPhases() throws {
        let cases: [([String], String, Int)] = [
            (["--estimator", "positive"], "positive", 2), (["--estimator", "negative"], "negative", 2),
            (["--estimator", "centered"], "centered", 3), (["--estimator", "richardson"], "richardson", 5),
            (["--estimator", "holomorphic", "--points", "3", "--beta", "0.5"], "holomorphic", 4),
        ]
        for (options, name, phases) in cases {
            let (json, _) = try gradientJSON(["circuits/divider.cir", "--target", "out=0.5", "--beta", "1e-3"] + options)
            XCTAssertEqual(json["estimator"] as? String, name)
            XCTAssertEqual(try number(json["phases"]), Double(phases), name)
            let gradient = try XCTUnwrap(json["gradient"] as? [String: Any])
            // Holomorphic at |β| = 0.5 with N = 3: PHYSICS.md case 2, error 2.3e-4.
            XCTAssertEqual(try number(gradient["ra"]), -1.0 / 27, accuracy: name == "holomorphic" ? 5e-4 : 1e-3, name)
        }
    }

    /// The inputs are the sources' DC values after --set: V0 = 2 V gives V(out) = 2/3 V and
    /// dL/d(g_a, g_b) = (V − y)·(g_b, −g_a)·V0/(g_a + g_b)² = (2/27, −1/27).
    func testSetDrivesTheInputs() throws {
        let (json, _) = try gradientJSON(["circuits/divider.cir", "--set", "V0=2", "--target", "out=0.5",
                                          "--estimator", "exact"])
        let gradient = try XCTUnwrap(json["gradient"] as? [String: Any])
        XCTAssertEqual(try number(gradient["ra"]), 2.0 / 27, accuracy: 1e-14)
        XCTAssertEqual(try number(gradient["rb"]), -1.0 / 27, accuracy: 1e-14)
    }

    func testTableLinesUpTheParameters() throws {
        let run = try CommandLineRun.run(["gradient", "circuits/divider.cir", "--target", "out=0.5"])
        XCTAssertEqual(run.status, 0, run.standardError)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("estimator  centered, β = 1e-06 S, 3 phases") }, run.standardOutput)
        let rows = lines.filter { $0.hasPrefix("ra ") || $0.hasPrefix("rb ") }
        XCTAssertEqual(rows.count, 2, run.standardOutput)
        // Names padded to the "parameter" header, then a sign column: the digits line up.
        for row in rows {
            let characters = Array(row)
            XCTAssertTrue(characters.count > 12 && (characters[11] == "-" || characters[11] == " "), row)
            XCTAssertTrue(characters.count > 12 && characters[12].isNumber, row)
        }
    }

    /// Wrong targets are user errors: one line naming the file and the node, exit 1, no output.
    func testTargetsMustNameEachOutputOnce() throws {
        let cases: [([String], String)] = [
            (["--target", "nope=1"], "unknown node 'nope'"),
            (["--target", "in=1"], "'in' is not an output"),
            ([], "no --target for output 'out'"),
            (["--target", "out=1", "--target", "OUT=2"], "'out' is given twice"),
        ]
        for (targets, message) in cases {
            let run = try CommandLineRun.run(["gradient", "circuits/divider.cir", "--json"] + targets)
            XCTAssertEqual(run.status, 1, "\(targets): \(run.standardError)")
            XCTAssertEqual(run.standardOutput, "", "\(targets)")
            XCTAssertEqual(run.standardError.split(separator: "\n").count, 1, run.standardError)
            XCTAssertTrue(run.standardError.hasPrefix("circuits/divider.cir: "), run.standardError)
            XCTAssertTrue(run.standardError.contains(message), "\(targets): \(run.standardError)")
        }
    }

    func testLearningAndNetlistErrorsAreUserErrors() throws {
        let holomorphic = try CommandLineRun.run(["gradient", "circuits/diode_clamp.cir", "--target", "out=1",
                                                  "--estimator", "holomorphic"])
        XCTAssertEqual(holomorphic.status, 1)
        XCTAssertTrue(holomorphic.standardError.hasPrefix("circuits/diode_clamp.cir: "), holomorphic.standardError)
        XCTAssertTrue(holomorphic.standardError.contains("diodes"), holomorphic.standardError)

        let untrainable = try CommandLineRun.run(["gradient", "circuits/amplifier.cir", "--target", "y=1"])
        XCTAssertEqual(untrainable.status, 1)
        XCTAssertTrue(untrainable.standardError.contains("*@ train"), untrainable.standardError)

        let scratch = try TemporaryDirectory()
        let bad = try scratch.write("bad\n*@ output nowhere\nV1 a 0 DC 1\nR1 a 0 1k\n.end\n", to: "bad.cir")
        let netlist = try CommandLineRun.run(["gradient", bad, "--target", "a=1"])
        XCTAssertEqual(netlist.status, 1)
        XCTAssertTrue(netlist.standardError.hasPrefix("\(bad):2:"), netlist.standardError)
        XCTAssertFalse(netlist.standardError.contains("Fatal error"), netlist.standardError)

        let beta = try CommandLineRun.run(["gradient", "circuits/divider.cir", "--target", "out=1", "--beta", "0"])
        XCTAssertNotEqual(beta.status, 0)
        XCTAssertTrue(beta.standardError.contains("--beta"), beta.standardError)
    }

    /// β = 1 mS against a 5 kΩ driving-point resistance: the negative nudge would be a −1 mS
    /// conductance, more than the 0.2 mS holding the output, so the nudged network would be
    /// unstable. It is refused before any phase runs, with the limit, and exit status 1.
    func testUnstableNegativeNudgeIsRefused() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write("""
            kilo-ohm divider
            *@ input V1
            *@ output a
            *@ train R1 R2
            V1 in 0 DC 1
            R1 in a 10k
            R2 a 0 10k
            C1 a 0 1n
            .end

            """, to: "kohm.cir")
        let run = try CommandLineRun.run(["gradient", path, "--target", "a=0.2", "--json", "--beta", "1m"])
        XCTAssertEqual(run.status, 1, run.standardError)
        XCTAssertTrue(run.standardError.contains("unstable"), run.standardError)
        XCTAssertTrue(run.standardError.contains("0.0002"), "the limit 1/(5 kΩ) is named: \(run.standardError)")
        XCTAssertTrue(run.standardOutput.isEmpty)

        let small = try CommandLineRun.run(["gradient", path, "--target", "a=0.2", "--json", "--beta", "1u"])
        XCTAssertEqual(small.status, 0, small.standardError)
    }
}
