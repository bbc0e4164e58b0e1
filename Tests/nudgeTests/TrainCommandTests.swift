import Foundation
import XCTest

/// `nudge train`: the run folder's files, and a run killed with SIGKILL and resumed ends with the
/// same parameters as an uninterrupted run.
final class TrainCommandTests: XCTestCase {
    private let common = ["train", "circuits/allostery.cir", "--data", "data/allostery.csv", "--batch", "8",
                          "--optimizer", "adam", "--lr", "1e-5", "--estimator", "centered", "--beta", "1e-6",
                          "--seed", "3", "--test-fraction", "0.25", "--probe", "1"]

    private func parameters(_ folder: URL) throws -> [Double] {
        let data = try Data(contentsOf: folder.appendingPathComponent("checkpoint.json"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(object["parameters"] as? [Double])
    }

    func testRunFolderHoldsEveryFile() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("run")
        let run = try CommandLineRun.run(common + ["--epochs", "2", "--out", folder.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(files, ["checkpoint.json", "command.txt", "configuration.json", "metrics.csv", "summary.json"])
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
        XCTAssertTrue(metrics.hasPrefix("epoch,train_loss,train_accuracy,test_loss,test_accuracy,gradient_cosine,"))
        XCTAssertEqual(metrics.split(separator: "\n").count, 3)
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any]
        XCTAssertEqual(summary?["status"] as? String, "converged")
        XCTAssertEqual(summary?["epochs"] as? Int, 2)
        // The energy section: the last epoch's integrated ledger per update; the heat by family
        // adds up to the total, and the sources delivered it (the stored change aside).
        let energy = try XCTUnwrap(summary?["energy"] as? [String: Any])
        let perUpdate = try XCTUnwrap(energy["per_update_joules"] as? Double)
        XCTAssertGreaterThan(perUpdate, 0)
        let heat = (energy["parts"] as? [[String: Any]] ?? []).compactMap { $0["joules"] as? Double }.reduce(0, +)
        XCTAssertEqual(heat, perUpdate, accuracy: 1e-12 * perUpdate)
        let delivered = (energy["delivered"] as? [[String: Any]] ?? []).compactMap { $0["joules"] as? Double }.reduce(0, +)
        let stored = try XCTUnwrap(energy["stored_change_per_update_joules"] as? Double)
        XCTAssertEqual(delivered, heat + stored, accuracy: 1e-3 * (abs(delivered) + heat))
        // The folder now holds a run: starting a new one there is refused with exit status 1.
        let again = try CommandLineRun.run(common + ["--epochs", "2", "--out", folder.path])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.standardError.contains("checkpoint.json"), again.standardError)
    }

    /// Data that does not fit the network is reported before anything is written.
    func testMismatchedDataLeavesNoRunFolder() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("run")
        let run = try CommandLineRun.run(["train", "circuits/allostery.cir", "--data", "data/xor.csv",
                                          "--epochs", "1", "--out", folder.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("data/xor.csv"), run.standardError)
        XCTAssertTrue(run.standardError.contains("expected 2"), run.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path))
    }

    func testKilledAndResumedRunMatchesUninterruptedRun() throws {
        let epochs = ["--epochs", "6"]
        let scratch = try TemporaryDirectory()
        let straight = scratch.url.appendingPathComponent("straight")
        XCTAssertEqual(try CommandLineRun.run(common + epochs + ["--out", straight.path]).status, 0)

        let killed = scratch.url.appendingPathComponent("killed")
        let binary = try XCTUnwrap(CommandLineRun.executable)
        let process = Process()
        process.executableURL = binary
        process.arguments = common + epochs + ["--out", killed.path]
        process.currentDirectoryURL = CommandLineRun.packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once two epochs are checkpointed, in the middle of a later one.
        let metrics = killed.appendingPathComponent("metrics.csv")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let rows = (try? String(contentsOf: metrics, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if rows >= 3 || !process.isRunning { break }
            usleep(20_000)
        }
        XCTAssertTrue(process.isRunning, "the run finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)

        let resumed = try CommandLineRun.run(common + epochs + ["--resume", killed.path])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
        XCTAssertEqual(try parameters(killed), try parameters(straight), "bit-identical final parameters")
        let rows = try String(contentsOf: metrics, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.count, 7, "one metrics row per epoch, none duplicated")
    }
}
