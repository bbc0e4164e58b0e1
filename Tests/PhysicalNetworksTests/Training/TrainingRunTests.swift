import Foundation
import XCTest
@testable import PhysicalNetworks

/// The shipped tasks reach the results written next to them, and a resumed run ends exactly
/// where an uninterrupted one does.
final class TrainingRunTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func path(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : Self.root.appendingPathComponent(relative).path
    }

    private func folder() throws -> RunFolder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-train-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try RunFolder.create(at: url.path)
    }

    private func train(_ circuitFile: String, _ dataFile: String, _ configuration: TrainingConfiguration,
                       in folder: RunFolder, resume: Bool = false) throws -> TrainingRun.Summary {
        let circuit = try CircuitBuilder.build(NetlistParser.parse(fileAt: path(circuitFile)))
        let dataset = try DatasetCSV.read(path: path(dataFile), targetCount: circuit.network.roles.outputs.count)
        return try TrainingRun.run(configuration, network: circuit.network, dataset: dataset, folder: folder, resume: resume)
    }

    /// The command written in circuits/xor_diode.cir (probe 0: the probe only adds metrics).
    private func xorConfiguration(_ netlist: String) -> TrainingConfiguration {
        TrainingConfiguration(netlist: netlist, data: "data/xor.csv", epochs: 80, batchSize: 4, optimizer: .adam,
                              learningRate: 3e-6, estimator: .centered, beta: 1e-6, seed: 1, probeSize: 0)
    }

    func testDiodeNetworkLearnsXorAndItsLinearTwinCannot() throws {
        let diode = try train("circuits/xor_diode.cir", "data/xor.csv", xorConfiguration("circuits/xor_diode.cir"),
                              in: folder())
        XCTAssertEqual(diode.status, .converged)
        XCTAssertEqual(diode.trainAccuracy, 1, "XOR learned by the resistor-diode network")
        let linear = try train("circuits/xor_linear.cir", "data/xor.csv", xorConfiguration("circuits/xor_linear.cir"),
                               in: folder())
        XCTAssertLessThanOrEqual(linear.trainAccuracy, 0.75, "no affine map separates XOR")
        // The best affine fit is the constant 0.05 V: loss ½(0.05)² = 1.25e-3 V² on every sample.
        XCTAssertEqual(linear.trainLoss, 1.25e-3, accuracy: 1e-6)
    }

    /// The command written in circuits/allostery.cir.
    func testAllosteryRegressionReachesTheExpectedLoss() throws {
        let configuration = TrainingConfiguration(
            netlist: "circuits/allostery.cir", data: "data/allostery.csv", epochs: 15, batchSize: 8, optimizer: .adam,
            learningRate: 1e-5, estimator: .centered, beta: 1e-6, seed: 1, testFraction: 0.25, probeSize: 2)
        let run = try folder()
        let summary = try train("circuits/allostery.cir", "data/allostery.csv", configuration, in: run)
        let metrics = try String(contentsOfFile: run.metricsPath, encoding: .utf8).split(separator: "\n")
        let firstTestLoss = Double(metrics[1].split(separator: ",")[3]) ?? 0
        XCTAssertGreaterThan(firstTestLoss, 1e-3)
        XCTAssertLessThan(summary.testLoss, 1e-5)
        let cosine = Double(metrics.last?.split(separator: ",")[5] ?? "") ?? 0
        XCTAssertGreaterThan(cosine, 0.9999, "EP's gradient agrees with the exact one")
    }

    func testResumedRunEndsWhereTheUninterruptedRunEnds() throws {
        var configuration = TrainingConfiguration(
            netlist: "circuits/allostery.cir", data: "data/allostery.csv", epochs: 4, batchSize: 8, optimizer: .adam,
            learningRate: 1e-5, estimator: .randomSign, beta: 1e-6, seed: 7, testFraction: 0.25, probeSize: 0)
        let straight = try folder()
        _ = try train("circuits/allostery.cir", "data/allostery.csv", configuration, in: straight)
        let interrupted = try folder()
        configuration.epochs = 2
        _ = try train("circuits/allostery.cir", "data/allostery.csv", configuration, in: interrupted)
        configuration.epochs = 4
        _ = try train("circuits/allostery.cir", "data/allostery.csv", configuration, in: interrupted, resume: true)
        let a = try Checkpoint.load(from: straight.checkpointPath)
        let b = try Checkpoint.load(from: interrupted.checkpointPath)
        XCTAssertEqual(a.epoch, 4)
        XCTAssertEqual(a.parameters, b.parameters, "bit-identical parameters")
        XCTAssertEqual(a.optimizer, b.optimizer)
        XCTAssertEqual(a.metrics.map(\.epoch), b.metrics.map(\.epoch))
        XCTAssertEqual(a.metrics.map { $0.values[0] }, b.metrics.map { $0.values[0] }, "same training losses")
    }

    func testResumeRefusesADifferentConfiguration() throws {
        var configuration = TrainingConfiguration(
            netlist: "circuits/allostery.cir", data: "data/allostery.csv", epochs: 1, batchSize: 8, optimizer: .adam,
            learningRate: 1e-5, estimator: .centered, beta: 1e-6, seed: 1, probeSize: 0)
        let run = try folder()
        _ = try train("circuits/allostery.cir", "data/allostery.csv", configuration, in: run)
        configuration.learningRate = 2e-5
        configuration.epochs = 2
        XCTAssertThrowsError(try train("circuits/allostery.cir", "data/allostery.csv", configuration, in: run, resume: true)) {
            XCTAssertTrue($0 is RunFileError, "\($0)")
            XCTAssertTrue("\($0)".contains("checkpoint.json"), "\($0)")
        }
    }

    /// A netlist whose trainable set changed since the checkpoint is refused with a message,
    /// not a crash.
    func testResumeRefusesAChangedNetlist() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-changed-\(UUID().uuidString).cir")
        addTeardownBlock { try? FileManager.default.removeItem(at: scratch) }
        let original = try String(contentsOfFile: path("circuits/allostery.cir"), encoding: .utf8)
        try original.write(to: scratch, atomically: true, encoding: .utf8)
        var configuration = TrainingConfiguration(
            netlist: scratch.path, data: "data/allostery.csv", epochs: 1, batchSize: 8, optimizer: .adam,
            learningRate: 1e-5, estimator: .centered, beta: 1e-6, seed: 1, probeSize: 0)
        let run = try folder()
        _ = try train(scratch.path, "data/allostery.csv", configuration, in: run)
        try original.replacingOccurrences(of: " R30", with: "").write(to: scratch, atomically: true, encoding: .utf8)
        configuration.epochs = 2
        XCTAssertThrowsError(try train(scratch.path, "data/allostery.csv", configuration, in: run, resume: true)) {
            XCTAssertTrue($0 is RunFileError, "\($0)")
        }
    }
}
