import Foundation
import XCTest
@testable import PhysicalNetworks

/// A layered DRN run writes the files its contract promises (summary.json keys read back with
/// JSONSerialization, one metrics.csv row per epoch, checkpoint.json); a run stopped after k
/// epochs and resumed ends bit-identical to an uninterrupted one; resuming under another
/// configuration is refused.
final class LayeredTrainingRunTests: XCTestCase {
    /// A 64-16-10 network of circuits/drn_digits.drn's kind (ideal diodes, 0…1 V, gain 4).
    static func description() throws -> DeepResistiveNetworkDescription {
        try DeepResistiveNetworkDescription.parse(contents: """
            layers = 64 16 10
            gain = 4
            bias_high = 1
            bias_low = 0
            diode = ideal
            init = uniform 10u 100u
            seed = 1
            bounds = 1u 1m
            """, file: "digits16.drn")
    }

    /// 160 training and 64 test digits (the split of `--data digits`).
    static func digits() throws -> (train: Dataset, test: Dataset) {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(DigitsDataset.defaultPath).path
        let split = try DigitsDataset.load(path: path).dataset.split(testFraction: 0.2, seed: 1)
        return (split.train.subset(rows: 0..<160), split.test.subset(rows: 0..<64))
    }

    static func configuration(epochs: Int, learningRate: Double = 1e-5,
                                      baseline: Bool = true) -> LayeredTrainingConfiguration {
        LayeredTrainingConfiguration(
            network: "digits16.drn", data: "digits", epochs: epochs,
            training: DeepResistiveTrainingConfiguration(batchSize: 32, beta: 1e-6, learningRate: learningRate),
            seed: 4, testFraction: 0.2, probeSize: 8, baseline: baseline ? .init() : nil)
    }

    private func folder() throws -> RunFolder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-layered-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try RunFolder.create(at: url.path)
    }

    private func run(_ configuration: LayeredTrainingConfiguration, in folder: RunFolder,
                     resume: Bool = false) throws -> LayeredTrainingRun.Summary {
        let (train, test) = try Self.digits()
        return try LayeredTrainingRun.run(configuration, description: Self.description(), train: train, test: test,
                                          folder: folder, resume: resume)
    }

    private static func json(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    func testRunWritesTheContractedFiles() throws {
        let folder = try folder()
        let summary = try run(Self.configuration(epochs: 2), in: folder)
        XCTAssertEqual(summary.status, "completed")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
            ["baseline_metrics.csv", "checkpoint.json", "energy.json", "metrics.csv", "summary.json"])

        let json = try Self.json(folder.summaryPath)
        let ep = try XCTUnwrap(json["ep"] as? [String: Any], "\(json)")
        let bp = try XCTUnwrap(json["bp"] as? [String: Any], "\(json)")
        for (name, section) in [("ep", ep), ("bp", bp)] {
            for key in ["test_accuracy", "train_accuracy", "wall_seconds"] {
                let value = try XCTUnwrap(section[key] as? Double, "\(name).\(key) in \(section)")
                XCTAssertTrue(value.isFinite && value >= 0, "\(name).\(key) = \(value)")
            }
            XCTAssertEqual(section["epochs"] as? Int, 2, "\(name).epochs")
            for key in ["test_accuracy", "train_accuracy"] {
                XCTAssertLessThanOrEqual(try XCTUnwrap(section[key] as? Double), 1, "\(name).\(key)")
            }
        }
        let cosine = try XCTUnwrap(json["ep_exact_cosine"] as? Double)
        XCTAssertGreaterThan(cosine, 0.999, "EP agrees with the exact gradient")
        // (Foundation's JSON reader on Linux may land one ulp off the shortest round-trip digits.)
        XCTAssertEqual(cosine, summary.cosine, accuracy: 1e-14)
        let core = try XCTUnwrap(json["openblas_core"] as? String)
        XCTAssertFalse(core.isEmpty)
        XCTAssertEqual(try XCTUnwrap(ep["test_accuracy"] as? Double), summary.testAccuracy, accuracy: 1e-14)
        XCTAssertEqual(try XCTUnwrap(bp["test_accuracy"] as? Double), try XCTUnwrap(summary.baseline?.testAccuracy), accuracy: 1e-14)
        XCTAssertEqual(json["status"] as? String, "completed")
        XCTAssertEqual(json["probe_samples"] as? Int, 8)
        XCTAssertEqual((json["ep_exact_cosine_per_block"] as? [Double])?.count, 2)
        print("drn layered run 64-16-10 on 160 digits, 2 epochs: EP test \(summary.testAccuracy), BP test "
              + "\(summary.baseline?.testAccuracy ?? .nan), EP-exact cosine \(cosine), OpenBLAS core \(core)")

        let rows = try String(contentsOfFile: folder.metricsPath, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.count, 3, "a header and one row per epoch")
        XCTAssertEqual(rows.first.map(String.init), (["epoch"] + LayeredTrainingRun.metricColumns).joined(separator: ","))
        XCTAssertEqual(rows.dropFirst().map { $0.split(separator: ",").first.map(String.init) }, ["1", "2"])

        let checkpoint = try Checkpoint.load(from: folder.checkpointPath)
        XCTAssertEqual(checkpoint.epoch, 2)
        XCTAssertEqual(checkpoint.parameters.count, 128 * 16 + 16 * 20)
        XCTAssertEqual(checkpoint.parameterNames.first, "r1_0_0")
        XCTAssertEqual(checkpoint.parameterNames.last, "r2_15_19")
        XCTAssertEqual(checkpoint.metrics.count, 2)
    }

    func testResumedRunIsBitIdenticalToTheUninterruptedRun() throws {
        let straight = try folder()
        let whole = try run(Self.configuration(epochs: 3, baseline: false), in: straight)
        let interrupted = try folder()
        _ = try run(Self.configuration(epochs: 1, baseline: false), in: interrupted)
        XCTAssertEqual(try Checkpoint.load(from: interrupted.checkpointPath).epoch, 1)
        let resumed = try run(Self.configuration(epochs: 3, baseline: false), in: interrupted, resume: true)

        let a = try Checkpoint.load(from: straight.checkpointPath)
        let b = try Checkpoint.load(from: interrupted.checkpointPath)
        XCTAssertEqual(a.epoch, 3)
        XCTAssertEqual(b.epoch, 3)
        XCTAssertEqual(a.parameters, b.parameters, "bit-identical conductances")
        XCTAssertEqual(a.optimizer, b.optimizer, "bit-identical Adam state")
        XCTAssertEqual(a.metrics.map(\.epoch), [1, 2, 3])
        XCTAssertEqual(b.metrics.map(\.epoch), [1, 2, 3])
        let wall = LayeredTrainingRun.metricColumns.firstIndex(of: "wall_seconds")!
        for (x, y) in zip(a.metrics, b.metrics) {
            var (u, v) = (x.values, y.values)
            u.remove(at: wall)
            v.remove(at: wall)
            XCTAssertEqual(u, v, "epoch \(x.epoch): every metric but the wall time")
        }
        XCTAssertEqual(whole.testAccuracy, resumed.testAccuracy)
        XCTAssertEqual(whole.trainCost, resumed.trainCost)
        XCTAssertEqual(whole.cosine, resumed.cosine)
        XCTAssertEqual(whole.epochs, 3)
        XCTAssertEqual(resumed.epochs, 3)
        let rows = try String(contentsOfFile: interrupted.metricsPath, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.count, 4, "the resumed metrics.csv continues the first part's rows")
    }

    /// A nudge with no equilibrium (β = 1 S, far above any output's conductances) stops the run
    /// with that status in summary.json rather than a crash. (Probe 0: see the report on the
    /// probe's agreement rethrowing the same failure.)
    func testNudgeWithoutEquilibriumEndsTheRunWithItsStatus() throws {
        let folder = try folder()
        var configuration = Self.configuration(epochs: 2, baseline: false)
        configuration.training.beta = 1
        configuration.probeSize = 0
        let summary = try run(configuration, in: folder)
        XCTAssertTrue(summary.status.contains("no equilibrium"), summary.status)
        XCTAssertEqual(summary.epochs, 0)
        let json = try Self.json(folder.summaryPath)
        XCTAssertEqual(json["status"] as? String, summary.status)
        XCTAssertEqual((json["ep"] as? [String: Any])?["epochs"] as? Int, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.checkpointPath), "no epoch was checkpointed")
    }

    func testResumeRefusesADifferentConfiguration() throws {
        let folder = try folder()
        _ = try run(Self.configuration(epochs: 1, baseline: false), in: folder)
        let before = try Checkpoint.load(from: folder.checkpointPath)
        XCTAssertThrowsError(try run(Self.configuration(epochs: 2, learningRate: 2e-5, baseline: false), in: folder,
                                     resume: true)) { error in
            XCTAssertTrue(error is RunFileError, "\(error)")
            XCTAssertTrue("\(error)".contains("checkpoint.json"), "\(error)")
        }
        XCTAssertEqual(try Checkpoint.load(from: folder.checkpointPath), before, "the refused run wrote nothing")
    }

    /// A run checkpointed by a version with fewer metric columns (before the energy columns)
    /// resumes with NaN in the new ones; a finished run resumed again keeps its energy section.
    func testResumeAcrossAddedColumnsAndAfterTheEnd() throws {
        let folder = try folder()
        _ = try run(Self.configuration(epochs: 1, baseline: false), in: folder)
        var checkpoint = try Checkpoint.load(from: folder.checkpointPath)
        let kept = 8
        checkpoint.metricColumns = Array(LayeredTrainingRun.metricColumns.prefix(kept))
        checkpoint.metrics = checkpoint.metrics.map { MetricsRecord(epoch: $0.epoch, values: Array($0.values.prefix(kept))) }
        try checkpoint.save(to: folder.checkpointPath)
        _ = try run(Self.configuration(epochs: 2, baseline: false), in: folder, resume: true)
        let resumed = try Checkpoint.load(from: folder.checkpointPath)
        XCTAssertEqual(resumed.metricColumns, LayeredTrainingRun.metricColumns)
        XCTAssertTrue(resumed.metrics[0].values[kept].isNaN, "the old epoch has no energy")
        XCTAssertTrue(resumed.metrics[1].values[kept].isFinite, "the new epoch has")

        let again = try run(Self.configuration(epochs: 2, baseline: false), in: folder, resume: true)
        XCTAssertNotNil(again.energy)
        XCTAssertNotNil(try Self.json(folder.summaryPath)["energy"])
    }

    /// On non-ideal hardware (pulses with cycle-to-cycle noise, read noise, device spread), a run
    /// stopped after one epoch and resumed ends bit-identical to an uninterrupted one: the
    /// devices' state and noise streams are checkpointed with every epoch.
    func testResumeOnNoisyHardwareIsBitIdentical() throws {
        func configuration(_ epochs: Int) throws -> LayeredTrainingConfiguration {
            var configuration = Self.configuration(epochs: epochs, baseline: false)
            configuration.probeSize = 0
            configuration.hardware = try HardwareConfiguration.parse(contents: """
                bounds = 1u 1m
                dw_min = 100n
                ctoc = 0.2
                dtod = 0.1
                read_noise = 0.05
                seed = 7
                """, file: "h.hw")
            return configuration
        }
        let straight = try folder()
        _ = try run(configuration(3), in: straight)
        let interrupted = try folder()
        _ = try run(configuration(1), in: interrupted)
        XCTAssertTrue(FileManager.default.fileExists(atPath: interrupted.file(LayeredTrainingRun.devicesFile(epoch: 1))))
        _ = try run(configuration(3), in: interrupted, resume: true)
        XCTAssertEqual(try Checkpoint.load(from: interrupted.checkpointPath).parameters,
                       try Checkpoint.load(from: straight.checkpointPath).parameters)
        XCTAssertFalse(FileManager.default.fileExists(atPath: interrupted.file(LayeredTrainingRun.devicesFile(epoch: 1))),
                       "only the last checkpoint's devices are kept")
        XCTAssertTrue(FileManager.default.fileExists(atPath: interrupted.file(LayeredTrainingRun.devicesFile(epoch: 3))))
        // Without its devices' file the run is not resumed.
        try FileManager.default.removeItem(atPath: interrupted.file(LayeredTrainingRun.devicesFile(epoch: 3)))
        XCTAssertThrowsError(try run(configuration(4), in: interrupted, resume: true)) { error in
            XCTAssertTrue("\(error)".contains("devices"), "\(error)")
        }
    }
}
