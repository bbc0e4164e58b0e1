import Foundation
import PhysicalNetworks
import XCTest

/// `relax`, `gradient` and `train` on an elastic network file (`FILE.elastic`): relaxed
/// positions agree with a Newton solve done here through the library, `--set` drives the input
/// bond, centered EP agrees with the exact gradient, wrong targets and malformed files are user
/// errors (exit 1, the file named, `file:line:col`, no stack trace), and a few epochs of
/// training lower the loss.
final class ElasticFileCommandTests: XCTestCase {
    /// Two pinned nodes and two free ones, stressed at the file positions.
    static let text = """
        stressed triangle
        *@ input in
        *@ output d top.y
        *@ train *.k b3.l b2.l
        *@ bounds k 1m 100
        *@ bounds l 0.1 5
        .drag 0.5
        node a 0 0 pinned
        node b 2 0 pinned
        node top 1 1
        node c 1 -1
        bond b1 a top 1
        bond b2 b top 2 1.2
        bond b3 a c 1
        bond b4 b c 1.5
        bond in top c 10 2.2
        sensor d a top
        .end

        """

    private static let trainable: Set = ["b1.k", "b2.k", "b3.k", "b4.k", "b3.l", "b2.l"]

    private func json(_ run: CommandLineRun, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(run.status, 0, run.standardError, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any],
                             run.standardOutput, file: file, line: line)
    }

    private func number(_ value: Any?) throws -> Double { try XCTUnwrap((value as? NSNumber)?.doubleValue) }

    /// Node positions at the equilibrium Newton's method reaches from the file positions, with
    /// `--set` values applied through the library.
    private func newtonPositions(_ path: String, set assignments: [(String, Double)] = []) throws -> [String: SIMD3<Double>] {
        var netlist = try ElasticNetlistParser.parse(fileAt: path)
        for (name, value) in assignments { try netlist.setParameter(name, to: value) }
        let elastic = netlist.elastic
        var state = elastic.initialState
        let report = state.withUnsafeMutableBufferPointer {
            OperatingPointSolver().solve(NetworkEquations(network: elastic.network()), state: $0)
        }
        XCTAssertEqual(report.status, .converged)
        return Dictionary(uniqueKeysWithValues: zip(elastic.nodes.map(\.name), elastic.positions(state)))
    }

    private func assertPositions(_ json: [String: Any], equal expected: [String: SIMD3<Double>], _ what: String,
                                 file: StaticString = #filePath, line: UInt = #line) throws {
        let nodes = try XCTUnwrap(json["nodes"] as? [String: [Double]], what, file: file, line: line)
        XCTAssertEqual(Set(nodes.keys), Set(expected.keys), what, file: file, line: line)
        for (name, position) in expected {
            let relaxed = try XCTUnwrap(nodes[name], file: file, line: line)
            XCTAssertEqual(relaxed.count, 2, "\(what): a 2-D node is [x, y]", file: file, line: line)
            for axis in 0..<min(2, relaxed.count) {
                XCTAssertEqual(relaxed[axis], position[axis], accuracy: 1e-8, "\(what): \(name)[\(axis)]", file: file, line: line)
            }
        }
        let sensors = try XCTUnwrap(json["sensors"] as? [String: Any], what, file: file, line: line)
        XCTAssertEqual(Array(sensors.keys), ["d"], what, file: file, line: line)
        let top = try XCTUnwrap(expected["top"]), a = try XCTUnwrap(expected["a"])
        let distance = ((top - a) * (top - a)).sum().squareRoot()
        XCTAssertEqual(try number(sensors["d"]), distance, accuracy: 1e-8, "\(what): the sensor reads |top − a|",
                       file: file, line: line)
    }

    func testRelaxMatchesNewtonAndSetDrivesTheInput() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.text, to: "tri.elastic")
        let expected = try newtonPositions(path)
        XCTAssertEqual(expected["a"], SIMD3(0, 0, 0))
        XCTAssertGreaterThan(abs(try XCTUnwrap(expected["top"]).y - 1), 1e-3, "the file positions are not the equilibrium")

        let flow = try json(CommandLineRun.run(["relax", path, "--json"]))
        XCTAssertEqual(flow["status"] as? String, "converged")
        XCTAssertGreaterThan(try number(flow["time"]), 0, "gradient flow reports its settling time")
        try assertPositions(flow, equal: expected, "flow")
        XCTAssertEqual((flow["nodes"] as? [String: [Double]])?["b"], [2, 0], "pinned nodes stay")

        let newton = try json(CommandLineRun.run(["relax", path, "--json", "--method", "newton"]))
        try assertPositions(newton, equal: expected, "newton")

        let set = try json(CommandLineRun.run(["relax", path, "--json", "--method", "newton", "--set", "in=2.5"]))
        let driven = try newtonPositions(path, set: [("in", 2.5)])
        try assertPositions(set, equal: driven, "--set in=2.5")
        XCTAssertGreaterThan(abs(try XCTUnwrap(driven["top"]).y - (try XCTUnwrap(expected["top"])).y), 1e-2,
                             "a longer input bond pushes the apex up")
    }

    func testCenteredGradientAgreesWithTheExactOne() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.text, to: "tri.elastic")
        let targets = ["--target", "d=1.45", "--target", "TOP.Y=1", "--set", "in=2.3"]
        let exact = try json(CommandLineRun.run(["gradient", path, "--json", "--estimator", "exact"] + targets))
        let centered = try json(CommandLineRun.run(["gradient", path, "--json"] + targets))
        XCTAssertEqual(exact["estimator"] as? String, "exact")
        XCTAssertEqual(centered["estimator"] as? String, "centered")
        XCTAssertEqual(try number(centered["beta"]), 1e-3, "the default nudge of an elastic network is 1 mN/m")
        XCTAssertEqual(try number(centered["phases"]), 3)
        let exactGradient = try XCTUnwrap(exact["gradient"] as? [String: Any])
        let centeredGradient = try XCTUnwrap(centered["gradient"] as? [String: Any])
        XCTAssertEqual(Set(exactGradient.keys), Self.trainable)
        XCTAssertEqual(Set(centeredGradient.keys), Self.trainable)
        for name in Self.trainable {
            let e = try number(exactGradient[name]), c = try number(centeredGradient[name])
            XCTAssertGreaterThan(abs(e), 1e-4, name)
            XCTAssertEqual(c, e, accuracy: 1e-4 * abs(e), name)
        }
        let outputs = try XCTUnwrap(exact["outputs"] as? [String: Any])
        XCTAssertEqual(Set(outputs.keys), ["d", "top.y"])

        // The same gradient through the library: the targets reach the outputs in order, the
        // --set value the input.
        var netlist = try ElasticNetlistParser.parse(fileAt: path)
        try netlist.setParameter("in", to: 2.3)
        let controller = try EquilibriumPropagation(network: netlist.network())
        try controller.setTargets([1.45, 1])
        let library = controller.exactGradient()
        for (name, value) in zip(controller.trainableNames, library.gradient) {
            XCTAssertEqual(try number(exactGradient[name]), value, accuracy: 1e-12 + 1e-9 * abs(value), name)
        }
        XCTAssertEqual(try number(exact["loss"]), library.loss, accuracy: 1e-12)
    }

    func testWrongTargetsAreUserErrors() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.text, to: "tri.elastic")
        let cases: [([String], String)] = [
            (["--target", "d=1.45"], "no --target for output 'top.y'"),
            ([], "no --target for outputs 'd', 'top.y'"),
            (["--target", "d=1.45", "--target", "top.y=1", "--target", "c.x=1"], "'c.x' is not an output"),
            (["--target", "d=1.45", "--target", "top.y=1", "--target", "zz=1"], "unknown node 'zz'"),
            (["--target", "d=1.45", "--target", "D=1.5", "--target", "top.y=1"], "'d' is given twice"),
        ]
        for (targets, message) in cases {
            let run = try CommandLineRun.run(["gradient", path, "--json"] + targets)
            XCTAssertEqual(run.status, 1, "\(targets): \(run.standardError)")
            XCTAssertEqual(run.standardOutput, "", "\(targets)")
            XCTAssertTrue(run.standardError.hasPrefix("\(path): "), run.standardError)
            XCTAssertTrue(run.standardError.contains(message), "\(targets): \(run.standardError)")
            XCTAssertEqual(run.standardError.split(separator: "\n").count, 1, run.standardError)
        }
        let badSet = try CommandLineRun.run(["gradient", path, "--target", "d=1", "--target", "top.y=1", "--set", "b9.k=1"])
        XCTAssertEqual(badSet.status, 1)
        XCTAssertTrue(badSet.standardError.hasPrefix("\(path): --set b9.k: "), badSet.standardError)
    }

    func testTrainingLowersTheLossAndWritesTheRunFolder() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.text, to: "tri.elastic")
        let data = try scratch.write("in,d,top_y\n2.0,1.35,0.9\n2.2,1.42,0.97\n2.4,1.5,1.05\n2.1,1.38,0.93\n", to: "tiny.csv")
        let folder = scratch.url.appendingPathComponent("run")
        let run = try CommandLineRun.run(["train", path, "--data", data, "--epochs", "3", "--lr", "0.02",
                                          "--seed", "2", "--out", folder.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertTrue(files.contains("summary.json"), "\(files)")
        XCTAssertTrue(files.contains("checkpoint.json"), "\(files)")

        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
        let rows = metrics.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        XCTAssertEqual(rows.count, 3, metrics)
        let losses = rows.compactMap { $0.count > 1 ? Double($0[1]) : nil }
        XCTAssertEqual(losses.count, 3, metrics)
        XCTAssertLessThan(try XCTUnwrap(losses.last), 0.5 * (try XCTUnwrap(losses.first)), "the loss falls: \(losses)")

        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any])
        XCTAssertEqual(summary["status"] as? String, "converged")
        XCTAssertEqual(summary["epochs"] as? Int, 3)
        XCTAssertEqual(try number(summary["beta"]), 1e-3)
        let parameters = try XCTUnwrap(summary["parameters"] as? [String: Any])
        XCTAssertEqual(Set(parameters.keys), Self.trainable)
        for (name, value) in parameters {
            let bounds = name.hasSuffix(".k") ? 1e-3...100 : 0.1...5
            XCTAssertTrue(bounds.contains(try number(value)), "\(name) = \(value) within \(bounds)")
        }
    }

    /// A malformed file is refused by every command with one `file:line:col: message` line.
    func testMalformedFileIsRefusedWithItsLineAndColumn() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(Self.text.replacingOccurrences(of: "bond b3 a c 1", with: "bond b3 a cc 1"),
                                     to: "bad.elastic")
        let data = try scratch.write("in,d,top_y\n2.0,1.35,0.9\n", to: "tiny.csv")
        let commands = [
            ["relax", path, "--json"],
            ["gradient", path, "--target", "d=1", "--target", "top.y=1"],
            ["train", path, "--data", data, "--epochs", "1", "--out", scratch.url.appendingPathComponent("run").path],
        ]
        for command in commands {
            let run = try CommandLineRun.run(command)
            XCTAssertEqual(run.status, 1, "\(command[0]): \(run.standardError)")
            XCTAssertEqual(run.standardOutput, "", command[0])
            XCTAssertEqual(run.standardError, "\(path):14:11: unknown node 'cc'\n", command[0])
            for trace in ["Fatal error", "Stack dump", "backtrace"] {
                XCTAssertFalse(run.standardError.contains(trace), "\(command[0]): \(run.standardError)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("run").path),
                       "no run folder for a file that does not parse")
    }
}
