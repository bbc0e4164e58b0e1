import Foundation
import XCTest

/// `relax`, `gradient` and `train` on an oscillator network file (`FILE.osc`): relaxed phases
/// against closed forms (a free oscillator held by inputs and fields settles at the argument of
/// Σ_k W_k e^{iψ_k}), `--set` on inputs and parameters, the exact gradient against implicit
/// differentiation of that closed form, centered EP against the exact gradient, the log cost,
/// seeded multi-start determinism, file:line:column errors, a short training run's folder, and
/// coupled learning refused with a message.
final class OscillatorFileCommandTests: XCTestCase {
    /// y is held by x_1 alone (W > 0: it follows ψ₁), z by x_2 alone (W < 0: it settles at ψ₂ + π).
    static let held = """
        oscillators held by inputs
        *@ input x
        *@ output y z
        layer x 2 input
        osc y 1.0
        osc z 0.2
        couple c1 x_1 y 0.8
        couple c2 x_2 z -0.6
        .end

        """

    /// Two free oscillators coupled by W, one of them in a field at Ψ = 1.1: both settle at Ψ
    /// (W > 0), or b at Ψ + π (W < 0); the energy there is −H − |W|.
    static let pair = """
        coupled pair in a field
        *@ output b
        *@ train c f
        osc a 0.3
        osc b -0.5
        couple c a b 0.7
        field f a 0.4 1.1
        .end

        """

    /// y held by two inputs and a field: φ* = arg Z, Z = W₁e^{iψ₁} + W₂e^{iψ₂} + H e^{iP}.
    static let learner = """
        one output, two inputs and a field
        *@ input x
        *@ output y
        *@ train *.w f1
        layer x 2 input
        osc y 0.5
        couple c1 x_1 y 0.8
        couple c2 x_2 y 0.5
        field f1 y 0.3 2.0
        .end

        """

    static let xor = """
        XOR with phase oscillators
        *@ input x
        *@ output out
        *@ train *.w f1
        *@ bounds -5 5
        layer x 2 input
        input bias 1.5707963267948966
        layer h 4
        osc out
        dense d1 x h uniform 0.5 1
        couple c1 h_1 out 0.2
        couple c2 h_2 out -0.2
        couple c3 h_3 out 0.2
        couple c4 h_4 out -0.2
        couple cb bias out 0.1
        field f1 out 0.1 0
        .end

        """

    // MARK: Helpers

    private func json(_ run: CommandLineRun, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(run.status, 0, run.standardError, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any],
                             run.standardOutput, file: file, line: line)
    }

    private func number(_ value: Any?, file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        try XCTUnwrap((value as? NSNumber)?.doubleValue, "\(String(describing: value))", file: file, line: line)
    }

    private func phases(_ json: [String: Any], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Double] {
        let object = try XCTUnwrap(json["phases"] as? [String: Any], "no phases object", file: file, line: line)
        return try object.mapValues { try number($0, file: file, line: line) }
    }

    /// x wrapped into (−π, π].
    private func wrapped(_ x: Double) -> Double {
        var y = x.truncatingRemainder(dividingBy: 2 * .pi)
        if y <= -.pi { y += 2 * .pi }
        if y > .pi { y -= 2 * .pi }
        return y
    }

    /// The distance between two phases on the circle.
    private func angle(_ a: Double, _ b: Double) -> Double { abs(wrapped(a - b)) }

    // MARK: relax

    func testRelaxSettlesAtTheInputPhaseOrItsAntipode() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.held, to: "held.osc")

        let rest = try json(CommandLineRun.run(["relax", path, "--json"]))
        XCTAssertEqual(rest["status"] as? String, "converged")
        var phase = try phases(rest)
        XCTAssertEqual(Set(phase.keys), ["y", "z"], "inputs are not unknowns")
        XCTAssertEqual(try XCTUnwrap(phase["y"]), 0, accuracy: 1e-6, "W > 0: y follows ψ₁ = 0")
        XCTAssertEqual(abs(try XCTUnwrap(phase["z"])), .pi, accuracy: 1e-6, "W < 0: z opposite ψ₂ = 0")
        XCTAssertLessThanOrEqual(abs(try XCTUnwrap(phase["z"])), .pi, "wrapped into (−π, π]")

        let set = try json(CommandLineRun.run(["relax", path, "--json", "--set", "x_1=0.7", "--set", "x_2=2.5"]))
        XCTAssertEqual(set["status"] as? String, "converged")
        phase = try phases(set)
        XCTAssertEqual(try XCTUnwrap(phase["y"]), 0.7, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(phase["z"]), 2.5 + .pi - 2 * .pi, accuracy: 1e-6, "ψ₂ + π wrapped into (−π, π]")
        // E = −W₁ − |W₂| at the minimum.
        XCTAssertEqual(try number(set["energy"]), -0.8 - 0.6, accuracy: 1e-9)
        XCTAssertGreaterThan(try number(set["time"]), 0)

        let moved = try json(CommandLineRun.run(["relax", path, "--json", "--set", "x_1=0.3", "--set", "x_2=2.5"]))
        phase = try phases(moved)
        XCTAssertEqual(try XCTUnwrap(phase["y"]), 0.3, accuracy: 1e-6, "--set x_1=0.3 moves y")
        XCTAssertEqual(try XCTUnwrap(phase["z"]), 2.5 - .pi, accuracy: 1e-6, "z does not see x_1")
    }

    func testRelaxedCoupledPairInAFieldMatchesTheClosedForm() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.pair, to: "pair.osc")
        let ferro = try json(CommandLineRun.run(["relax", path, "--json"]))
        XCTAssertEqual(ferro["status"] as? String, "converged")
        var phase = try phases(ferro)
        XCTAssertEqual(try XCTUnwrap(phase["a"]), 1.1, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(phase["b"]), 1.1, accuracy: 1e-6)
        XCTAssertEqual(try number(ferro["energy"]), -0.4 - 0.7, accuracy: 1e-9)

        let anti = try json(CommandLineRun.run(["relax", path, "--json", "--set", "c.w=-0.7"]))
        XCTAssertEqual(anti["status"] as? String, "converged")
        phase = try phases(anti)
        XCTAssertEqual(try XCTUnwrap(phase["a"]), 1.1, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(phase["b"]), 1.1 - .pi, accuracy: 1e-6, "W < 0: b opposite a")
        XCTAssertEqual(try number(anti["energy"]), -0.4 - 0.7, accuracy: 1e-9)

        let turned = try json(CommandLineRun.run(["relax", path, "--json", "--set", "f.psi=-2.9"]))
        phase = try phases(turned)
        XCTAssertEqual(try XCTUnwrap(phase["a"]), -2.9, accuracy: 1e-6, "--set moves the field's phase")
        XCTAssertEqual(try XCTUnwrap(phase["b"]), -2.9, accuracy: 1e-6)

        let unknown = try CommandLineRun.run(["relax", path, "--json", "--set", "nothing=1"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.standardError.contains("nothing"), unknown.standardError)
    }

    // MARK: gradient

    /// The free equilibrium of `learner` and dL/dθ by implicit differentiation of φ* = arg Z,
    /// with ∂L/∂φ the cost's torque.
    private func closedForm(psi: [Double], weights: [Double], field: (h: Double, p: Double), tau: Double,
                            torque: (Double) -> Double) -> (phi: Double, gradient: [String: Double]) {
        let terms = [(weights[0], psi[0]), (weights[1], psi[1]), (field.h, field.p)]
        let re = terms.reduce(0) { $0 + $1.0 * cos($1.1) }, im = terms.reduce(0) { $0 + $1.0 * sin($1.1) }
        let phi = atan2(im, re), r = (re * re + im * im).squareRoot()
        // F = Σ w sin(φ − ψ) = 0, ∂F/∂φ = R: dφ/dw = −sin(φ − ψ)/R, dφ/dψ = w cos(φ − ψ)/R.
        let dL = torque(phi - tau)
        return (phi, [
            "c1.w": dL * -sin(phi - psi[0]) / r,
            "c2.w": dL * -sin(phi - psi[1]) / r,
            "f1.h": dL * -sin(phi - field.p) / r,
            "f1.psi": dL * field.h * cos(phi - field.p) / r,
        ])
    }

    func testGradientAgreesWithImplicitDifferentiationAndCenteredEP() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.learner, to: "learner.osc")
        let common = ["gradient", path, "--json", "--target", "y=1.3", "--set", "x_1=0.4", "--set", "x_2=-1.0"]
        let expected = closedForm(psi: [0.4, -1.0], weights: [0.8, 0.5], field: (0.3, 2.0), tau: 1.3, torque: sin)

        let exact = try json(CommandLineRun.run(common + ["--estimator", "exact"]))
        let centered = try json(CommandLineRun.run(common + ["--beta", "0.01"]))
        for result in [exact, centered] {
            XCTAssertEqual(result["status"] as? String, "converged")
            XCTAssertEqual(result["gradientSystem"] as? Bool, true)
            let outputs = try XCTUnwrap(result["outputs"] as? [String: Any])
            XCTAssertEqual(try number(outputs["y"]), expected.phi, accuracy: 1e-6, "free phase = arg Z")
            XCTAssertEqual(try number(result["loss"]), 1 - cos(expected.phi - 1.3), accuracy: 1e-8, "L = 1 − cos δ")
        }
        XCTAssertEqual(centered["estimator"] as? String, "centered")
        XCTAssertEqual(try number(centered["beta"]), 0.01)
        let exactGradient = try XCTUnwrap(exact["gradient"] as? [String: Any])
        let centeredGradient = try XCTUnwrap(centered["gradient"] as? [String: Any])
        XCTAssertEqual(Set(exactGradient.keys), Set(expected.gradient.keys), "one entry per trainable parameter")
        XCTAssertEqual(Set(centeredGradient.keys), Set(expected.gradient.keys))
        for (name, value) in expected.gradient {
            XCTAssertGreaterThan(abs(value), 1e-3, "\(name): the test needs a nonzero gradient")
            let e = try number(exactGradient[name]), c = try number(centeredGradient[name])
            XCTAssertEqual(e, value, accuracy: 1e-6 * abs(value), "\(name): exact vs implicit differentiation by hand")
            XCTAssertEqual(c, e, accuracy: 1e-3 * abs(e), "\(name): centered EP at β = 0.01 vs exact")
        }
    }

    func testLogPhaseCostChangesTheLossAndTheGradient() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.learner, to: "learner.osc")
        let common = ["gradient", path, "--json", "--target", "y=-2.0", "--set", "x_1=0.4", "--set", "x_2=-1.0"]
        let epsilon = 1e-5
        let logTorque = { (d: Double) in sin(d) / (1 + epsilon + cos(d)) }
        let expected = closedForm(psi: [0.4, -1.0], weights: [0.8, 0.5], field: (0.3, 2.0), tau: -2.0, torque: logTorque)
        let delta = expected.phi + 2.0

        let cosine = try json(CommandLineRun.run(common + ["--estimator", "exact"]))
        let log = try json(CommandLineRun.run(common + ["--estimator", "exact", "--phase-cost", "log"]))
        XCTAssertEqual(try number(cosine["loss"]), 1 - cos(delta), accuracy: 1e-8)
        XCTAssertEqual(try number(log["loss"]), -Foundation.log((1 + epsilon + cos(delta)) / (2 + epsilon)), accuracy: 1e-8)
        XCTAssertNotEqual(try number(log["loss"]), try number(cosine["loss"]), accuracy: 1e-3)
        let gradient = try XCTUnwrap(log["gradient"] as? [String: Any])
        for (name, value) in expected.gradient {
            XCTAssertEqual(try number(gradient[name]), value, accuracy: 1e-6 * abs(value), "\(name): log cost, exact")
        }
        // Centered EP: the log torque tan(δ/2)-like curvature at δ ≈ 2.2 gives a visible O(β²)
        // bias (about 1e-3 at β = 0.01): halving β quarters it, and the Richardson combination
        // of the two removes it.
        let coarse = try XCTUnwrap(json(CommandLineRun.run(common + ["--phase-cost", "log", "--beta", "0.01"]))["gradient"]
                                    as? [String: Any])
        let fine = try XCTUnwrap(json(CommandLineRun.run(common + ["--phase-cost", "log", "--beta", "0.005"]))["gradient"]
                                  as? [String: Any])
        for (name, value) in expected.gradient {
            let c = try number(coarse[name]), f = try number(fine[name])
            XCTAssertEqual(c, value, accuracy: 1e-2 * abs(value), "\(name): log cost, centered at β = 0.01")
            let ratio = (c - value) / (f - value)
            XCTAssertTrue((3...5).contains(ratio), "\(name): bias ratio \(ratio), expected 4 for an O(β²) bias")
            XCTAssertEqual((4 * f - c) / 3, value, accuracy: 2e-5 * abs(value), "\(name): Richardson-extrapolated EP")
        }
        let bad = try CommandLineRun.run(common + ["--phase-cost", "quadratic"])
        XCTAssertNotEqual(bad.status, 0)
    }

    func testSeededStartsRepeatAndAgreeOnAUnimodalNetwork() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.learner, to: "learner.osc")
        let common = ["gradient", path, "--json", "--target", "y=1.3", "--set", "x_1=0.4", "--set", "x_2=-1.0", "--beta", "0.01"]
        let first = try CommandLineRun.run(common + ["--starts", "3", "--seed", "5"])
        let second = try CommandLineRun.run(common + ["--starts", "3", "--seed", "5"])
        XCTAssertEqual(first.status, 0, first.standardError)
        XCTAssertFalse(first.standardOutput.isEmpty)
        XCTAssertEqual(first.standardOutput, second.standardOutput, "same seed, same numbers")
        // With a single minimum, every start settles at φ*: the average is the one-start gradient.
        let many = try json(first), one = try json(CommandLineRun.run(common))
        let manyGradient = try XCTUnwrap(many["gradient"] as? [String: Any])
        let oneGradient = try XCTUnwrap(one["gradient"] as? [String: Any])
        for (name, value) in oneGradient {
            let v = try number(value)
            XCTAssertEqual(try number(manyGradient[name]), v, accuracy: 1e-4 * abs(v), name)
        }
        XCTAssertNotEqual(try CommandLineRun.run(common + ["--starts", "0"]).status, 0, "--starts must be at least 1")
    }

    func testCoupledLearningIsRefusedWithAMessage() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.learner, to: "learner.osc")
        let run = try CommandLineRun.run(["gradient", path, "--target", "y=1.3", "--estimator", "coupled-learning"])
        XCTAssertEqual(run.status, 1, "a user error, not a crash: \(run.standardError)")
        XCTAssertTrue(run.standardError.contains("coupled learning"), run.standardError)
        XCTAssertTrue(run.standardError.contains(path), run.standardError)
        XCTAssertTrue(run.standardOutput.isEmpty)

        let data = try scratch.write("x_1,x_2,y\n0,0,-1.5707963267948966\n0,3.141592653589793,1.5707963267948966\n", to: "d.csv")
        let folder = scratch.url.appendingPathComponent("run")
        let train = try CommandLineRun.run(["train", path, "--data", data, "--epochs", "1", "--out", folder.path,
                                            "--estimator", "coupled-learning"])
        XCTAssertEqual(train.status, 1, train.standardError)
        XCTAssertTrue(train.standardError.contains("coupled learning"), train.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path), "refused before the run folder is made")
    }

    /// A lattice of more than 1024 sites declares only the diagonal of its Jacobian, so there is
    /// no adjoint solve: `--estimator exact` must be refused as a user error that says so
    /// (as `train` refuses it through `EquilibriumPropagation.check`), not answered with NaN
    /// gradients and a message about capacitances. The field's phase is 0, where the lattice
    /// starts, so the free phase settles at once and the check is quick.
    func testExactGradientOnALargeLatticeIsRefusedWithTheReason() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write("""
            large lattice
            *@ output s_1_1
            *@ train s
            lattice s 33 32 periodic 1
            field f s_1_1 0.5 0
            .end

            """, to: "large.osc")
        let run = try CommandLineRun.run(["gradient", path, "--target", "s_1_1=0.3", "--estimator", "exact", "--json"])
        XCTAssertEqual(run.status, 1, "a user error, refused before anything runs: \(run.standardError)")
        XCTAssertTrue(run.standardError.contains("Jacobian"), run.standardError)
        XCTAssertFalse(run.standardError.contains("capacitance"), "an oscillator network has no capacitances: \(run.standardError)")
        XCTAssertFalse(run.standardOutput.contains("null") || run.standardOutput.contains("nan"),
                       "no NaN gradients: \(run.standardOutput.prefix(200))…")
    }

    /// Natural frequency ω on a, drag γ: a locked (Adler) steady state with γω = W sin(φa − φb)
    /// = H sin(φb − Ψ), so φb = Ψ + asin(γω/H) whatever W, and φa = φb + asin(γω/W). The
    /// network is not a gradient system, and the exact gradient follows from that closed form:
    /// dL/dW = 0, dL/dΨ = sin δ, dL/dH = −sin δ · (γω/H²)/cos(φb − Ψ).
    func testLockedNaturalFrequencyMatchesAdlersClosedForm() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write("""
            locked by a field
            *@ output b
            *@ train c1 f1
            .drag 0.5
            osc a 0.1
            osc b -0.3
            couple c1 a b 1.2
            omega w1 a 0.3
            field f1 b 0.8 0.2
            .end

            """, to: "locked.osc")
        let torque = 0.5 * 0.3
        let b = 0.2 + asin(torque / 0.8), a = b + asin(torque / 1.2)
        let relax = try json(CommandLineRun.run(["relax", path, "--json"]))
        XCTAssertEqual(relax["status"] as? String, "converged")
        let phase = try phases(relax)
        XCTAssertEqual(try XCTUnwrap(phase["a"]), a, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(phase["b"]), b, accuracy: 1e-6)

        let exact = try json(CommandLineRun.run(["gradient", path, "--json", "--target", "b=1.0", "--estimator", "exact"]))
        XCTAssertEqual(exact["gradientSystem"] as? Bool, false)
        let delta = b - 1.0
        XCTAssertEqual(try number(exact["loss"]), 1 - cos(delta), accuracy: 1e-8)
        let gradient = try XCTUnwrap(exact["gradient"] as? [String: Any])
        XCTAssertEqual(try number(gradient["c1.w"]), 0, accuracy: 1e-9, "b does not depend on W")
        XCTAssertEqual(try number(gradient["f1.psi"]), sin(delta), accuracy: 1e-7)
        XCTAssertEqual(try number(gradient["f1.h"]), -sin(delta) * (torque / (0.8 * 0.8)) / cos(b - 0.2), accuracy: 1e-7)
    }

    // MARK: errors

    func testMalformedFilesNameTheirLineAndColumn() throws {
        let scratch = try TemporaryDirectory()
        let cases: [(text: String, line: Int, says: String)] = [
            ("bad\nosc a\ncouple c1 a zz 0.5\n", 3, "zz"),
            ("bad\nosc a\nosc b\nspring s1 a b 1\n", 4, "spring"),
            ("bad\nosc a\nosc b\ncouple c1 a b one\n", 4, "one"),
            ("bad\n*@ output nowhere\nosc a\n", 2, "nowhere"),
            ("bad\nosc a\nosc a\n", 3, "a"),
        ]
        for (k, item) in cases.enumerated() {
            let path = try scratch.write(item.text, to: "bad\(k).osc")
            for command in [["relax", path], ["gradient", path, "--target", "a=0"]] {
                let run = try CommandLineRun.run(command)
                XCTAssertNotEqual(run.status, 0, "\(command): \(item.text)")
                XCTAssertTrue(run.standardError.contains("\(path):\(item.line):"), "\(command): \(run.standardError)")
                let location = try XCTUnwrap(run.standardError.range(of: "\(path):\(item.line):"))
                XCTAssertTrue(run.standardError[location.upperBound...].first?.isNumber == true,
                              "file:line:column: \(run.standardError)")
                XCTAssertTrue(run.standardError.lowercased().contains(item.says), run.standardError)
                XCTAssertFalse(run.standardError.contains("Fatal error"), run.standardError)
            }
        }
    }

    // MARK: train

    func testTrainOnXORWritesTheRunFolder() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.xor, to: "xor.osc")
        let half = Double.pi / 2
        var rows = ["x_1,x_2,out"]
        for (a, b) in [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)] {
            rows.append("\(a * .pi),\(b * .pi),\(a != b ? half : -half)")
        }
        let data = try scratch.write(rows.joined(separator: "\n") + "\n", to: "xor.csv")
        let folder = scratch.url.appendingPathComponent("run")
        let run = try CommandLineRun.run(["train", path, "--data", data, "--epochs", "2", "--lr", "0.05",
                                          "--beta", "0.1", "--out", folder.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let files = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        XCTAssertTrue(files.isSuperset(of: ["metrics.csv", "configuration.json", "checkpoint.json", "summary.json"]), "\(files)")
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
        let lines = metrics.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, "a header and one row per epoch: \(metrics)")
        XCTAssertTrue(lines.first?.hasPrefix("epoch,train_loss,train_accuracy") == true, metrics)
        if lines.count == 3 {
            let header = lines[0].split(separator: ",").map(String.init)
            let last = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let loss = try XCTUnwrap(header.firstIndex(of: "train_loss"))
            let value = try XCTUnwrap(Double(last[loss]), metrics)
            // The cosine cost of one output lies in [0, 2].
            XCTAssertTrue((0...2).contains(value), metrics)
        }
        let configuration = try String(contentsOf: folder.appendingPathComponent("configuration.json"), encoding: .utf8)
        XCTAssertTrue(configuration.contains("cosine"), "the run records its phase cost: \(configuration)")
    }
}
