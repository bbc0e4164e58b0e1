import Foundation
import PhysicalNetworks
import XCTest

/// `nudge generate allostery`: the task file is the library's `ElasticNetlist.allostery` of the
/// library's rigid network (read back here and compared), its samples' CSV the library's
/// samples recomputed from the file positions, at OUTPUT with .csv or at --data; bad options
/// exit non-zero with one clear message and write nothing; `generate disordered --rigid` writes
/// the library's network as an .elastic file; `train` runs on a generated task.
final class GenerateAllosteryCommandTests: XCTestCase {
    /// |x_a − x_b| at the file positions (m), computed here.
    private func distance(_ netlist: ElasticNetlist, _ a: Int, _ b: Int) -> Double {
        let (p, q) = (netlist.elastic.nodes[a].position, netlist.elastic.nodes[b].position)
        let (dx, dy) = (p.x - q.x, p.y - q.y)
        return (dx * dx + dy * dy).squareRoot()
    }

    private func assertNoTrace(_ run: CommandLineRun, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for trace in ["Fatal error", "Stack dump", "backtrace", "Precondition failed"] {
            XCTAssertFalse(run.standardError.contains(trace), "\(what): \(run.standardError)", file: file, line: line)
        }
    }

    func testAllosteryWritesTheTaskAndItsSamplesBesideIt() throws {
        let scratch = try TemporaryDirectory()
        let output = scratch.url.appendingPathComponent("task.elastic").path
        let csv = scratch.url.appendingPathComponent("task.csv").path
        let arguments = ["generate", "allostery", "--nodes", "60", "--coordination", "4.6", "--seed", "2", "--output", output]
        let run = try CommandLineRun.run(arguments)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(scratch.contents, ["task.csv", "task.elastic"])
        XCTAssertTrue(run.standardOutput.contains("\(output): 60 nodes"), run.standardOutput)
        XCTAssertTrue(run.standardOutput.contains("\(csv): 1 sample"), run.standardOutput)

        let text = try String(contentsOfFile: output, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("allostery: 1 input strain → 1 output distance, 60 nodes, Z = "), lines[0])
        XCTAssertTrue(lines[0].hasSuffix("seed 2"), lines[0])
        XCTAssertTrue(lines.contains("* made by: nudge " + arguments.joined(separator: " ")), text)
        XCTAssertTrue(lines.contains("* samples: \(csv)"), text)

        // The file is the library's task on the library's network.
        let parsed = try ElasticNetlistParser.parse(fileAt: output)
        let network = try ElasticNetwork.rigidDisordered(count: 60, coordination: 4.6, seed: 2)
        let expected = try XCTUnwrap(ElasticNetlist.allostery(network, title: lines[0], file: output))
        XCTAssertEqual(parsed, expected)
        XCTAssertEqual(parsed.roles.inputs, ["in1"])
        XCTAssertEqual(parsed.roles.outputs, ["out1"])
        XCTAssertEqual(parsed.roles.trainable.count, network.bonds.count)
        XCTAssertEqual(parsed.roles.stiffnessBounds, 1e-3...1e3)

        // One sample: strain 0.1, response −1, from the file positions.
        let data = try DatasetCSV.read(path: csv, targetCount: 1)
        let bond = try XCTUnwrap(parsed.elastic.bonds.first { $0.name == "in1" })
        let sensor = parsed.sensors[0]
        XCTAssertEqual(data.featureNames, ["in1"])
        XCTAssertEqual(data.targetNames, ["out1"])
        XCTAssertEqual(data.features, [distance(parsed, bond.a, bond.b) * 1.1])
        XCTAssertEqual(data.targets, [distance(parsed, sensor.a, sensor.b) * (1 - 0.1)])
    }

    /// Every allostery option reaches the files; --data puts the samples where asked.
    func testOptionsAndTheDataPathAreHonoured() throws {
        let scratch = try TemporaryDirectory()
        let output = scratch.url.appendingPathComponent("big.elastic").path
        let csv = scratch.url.appendingPathComponent("samples.csv").path
        let run = try CommandLineRun.run([
            "generate", "allostery", "--nodes", "80", "--coordination", "4.6", "--seed", "3", "--inputs", "2",
            "--outputs", "3", "--strain", "0.05", "--response", "0.5", "--samples", "7", "--input-stiffness", "40",
            "--output", output, "--data", csv])
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(scratch.contents, ["big.elastic", "samples.csv"], "no big.csv")
        XCTAssertTrue(run.standardOutput.contains("\(csv): 7 samples"), run.standardOutput)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("allostery: 2 input strains → 3 output distances, 80 nodes"), text)
        XCTAssertTrue(text.contains("\n* samples: \(csv)\n"), text)

        let parsed = try ElasticNetlistParser.parse(fileAt: output)
        XCTAssertEqual(parsed.roles.inputs, ["in1", "in2"])
        XCTAssertEqual(parsed.roles.outputs, ["out1", "out2", "out3"])
        XCTAssertEqual(parsed.elastic.bonds.filter { $0.name.hasPrefix("in") }.map(\.stiffness), [40, 40])
        let data = try DatasetCSV.read(path: csv, targetCount: 3)
        XCTAssertEqual(data, parsed.allosterySamples(count: 7, strain: 0.05, response: 0.5, seed: 3))
        let lengths = parsed.roles.inputs.map { name in
            let bond = parsed.elastic.bonds.first { $0.name == name }!
            return distance(parsed, bond.a, bond.b)
        }
        for row in 0..<data.count {
            let strains = zip(data.features(ofRow: row), lengths).map { $0 / $1 - 1 }
            XCTAssertTrue(strains.allSatisfy { abs($0) <= 0.05 + 1e-12 }, "row \(row): \(strains)")
            for (j, sensor) in parsed.sensors.enumerated() {
                let expected = distance(parsed, sensor.a, sensor.b) * (1 + 0.5 * strains[j % 2])
                XCTAssertEqual(Array(data.targets(ofRow: row))[j], expected, accuracy: 1e-12, "row \(row), output \(j)")
            }
        }
    }

    /// Bad options: a non-zero exit, one message saying what is wrong, no file written.
    func testBadOptionsAreRefusedAndWriteNothing() throws {
        let scratch = try TemporaryDirectory()
        let output = scratch.url.appendingPathComponent("t.elastic").path
        let cases: [([String], String)] = [
            (["--nodes", "20", "--output", scratch.url.appendingPathComponent("t.data").path],
             "an allostery task is written as an elastic network file: --output must end in .elastic"),
            (["--nodes", "20", "--samples", "0", "--output", output], "--samples must be at least 1"),
            (["--nodes", "20", "--strain", "0", "--output", output], "--strain must be in (−1, 1), not 0"),
            (["--nodes", "20", "--inputs", "0", "--output", output], "--inputs and --outputs must be at least 1"),
            (["--nodes", "20", "--input-stiffness", "0", "--output", output], "--input-stiffness must be positive"),
            (["--nodes", "60", "--coordination", "3.2", "--output", output],
             "generate: a rigid network of 60 nodes (3 pinned) needs a mean coordination of at least"),
            (["--nodes", "20", "--inputs", "12", "--output", output],
             "generate: the network has too few free bonded nodes near its edges for 12 inputs and 1 outputs"),
        ]
        for (options, message) in cases {
            let run = try CommandLineRun.run(["generate", "allostery"] + options)
            XCTAssertNotEqual(run.status, 0, "\(options)")
            XCTAssertTrue(run.standardError.contains(message), "\(options): \(run.standardError)")
            XCTAssertEqual(run.standardOutput, "", "\(options)")
            assertNoTrace(run, "\(options)")
            XCTAssertEqual(scratch.contents, [], "\(options) wrote nothing")
        }
        let low = try CommandLineRun.run(["generate", "allostery", "--nodes", "60", "--coordination", "3.2", "--output", output])
        XCTAssertEqual(low.status, 1, "a user error, not a usage error")
        XCTAssertTrue(low.standardError.contains("got Z = 3.2"), low.standardError)
        XCTAssertEqual(low.standardError.split(separator: "\n").count, 1, low.standardError)
    }

    /// `generate disordered --rigid` to an .elastic file: the library's rigid network, read back
    /// exactly; without --rigid the randomly pruned one.
    func testRigidDisorderedNetworkIsWrittenAsAnElasticFile() throws {
        let scratch = try TemporaryDirectory()
        let rigidPath = scratch.url.appendingPathComponent("net.elastic").path
        let arguments = ["generate", "disordered", "--rigid", "--nodes", "60", "--coordination", "4.4", "--seed", "3",
                         "--output", rigidPath]
        let run = try CommandLineRun.run(arguments)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(run.standardOutput.hasPrefix("\(rigidPath): 60 nodes"), run.standardOutput)
        let text = try String(contentsOfFile: rigidPath, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("disordered elastic network, 60 nodes, seed 3\n* made by: nudge " + arguments.joined(separator: " ") + "\n"),
                      text)
        XCTAssertFalse(text.contains("*@"), "a network, not a task")
        let parsed = try ElasticNetlistParser.parse(fileAt: rigidPath)
        let network = try ElasticNetwork.rigidDisordered(count: 60, coordination: 4.4, seed: 3)
        XCTAssertEqual(parsed.elastic, network)
        XCTAssertTrue(parsed.elastic.isRigid)
        XCTAssertEqual(parsed.elastic.meanCoordination, 4.4, accuracy: 2.0 / 60)

        let prunedPath = scratch.url.appendingPathComponent("pruned.elastic").path
        let pruned = try CommandLineRun.run(["generate", "disordered", "--nodes", "60", "--coordination", "4.4",
                                             "--seed", "3", "--output", prunedPath])
        XCTAssertEqual(pruned.status, 0, pruned.standardError)
        XCTAssertEqual(try ElasticNetlistParser.parse(fileAt: prunedPath).elastic,
                       ElasticNetwork.disordered(count: 60, coordination: 4.4, seed: 3))
        XCTAssertNotEqual(network, ElasticNetwork.disordered(count: 60, coordination: 4.4, seed: 3),
                          "--rigid is a different pruning")
    }

    /// A few epochs of `train` on a generated task: exit 0, the run folder, the loss falling.
    /// (20 nodes, seed 6: five pinned nodes; with fewer than two the network keeps rigid-body
    /// zero modes.)
    func testTrainingRunsOnAGeneratedTask() throws {
        let scratch = try TemporaryDirectory()
        let output = scratch.url.appendingPathComponent("task.elastic").path
        let made = try CommandLineRun.run(["generate", "allostery", "--nodes", "20", "--coordination", "4.5", "--seed", "6",
                                           "--output", output])
        XCTAssertEqual(made.status, 0, made.standardError)
        XCTAssertTrue(made.standardOutput.contains("20 nodes (5 pinned)"), made.standardOutput)
        let folder = scratch.url.appendingPathComponent("run")
        let run = try CommandLineRun.run(["train", output, "--data", scratch.url.appendingPathComponent("task.csv").path,
                                          "--epochs", "4", "--lr", "0.3", "--out", folder.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any])
        XCTAssertEqual(summary["status"] as? String, "converged")
        XCTAssertEqual(summary["epochs"] as? Int, 4)
        XCTAssertEqual(summary["estimator"] as? String, "centered")
        let parameters = try XCTUnwrap(summary["parameters"] as? [String: Any])
        let task = try ElasticNetlistParser.parse(fileAt: output)
        XCTAssertEqual(Set(parameters.keys), Set(task.roles.trainable))
        for (name, value) in parameters {
            let k = try XCTUnwrap((value as? NSNumber)?.doubleValue, name)
            XCTAssertTrue((1e-3...1e3).contains(k), "\(name) = \(k)")
        }
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
        let losses = metrics.split(separator: "\n").dropFirst().compactMap { row in
            row.split(separator: ",").dropFirst().first.flatMap { Double($0) }
        }
        XCTAssertEqual(losses.count, 4, metrics)
        print("generate allostery --nodes 20 --seed 6, train 4 epochs at lr 0.3: losses \(losses)")
        XCTAssertLessThan(try XCTUnwrap(losses.last), try XCTUnwrap(losses.first), metrics)
    }
}
