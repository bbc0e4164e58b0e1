import Foundation
import XCTest

/// `nudge quantum train`: the run folder's files, quantum vs classical EP on the shipped harmonic
/// task, and bad input refused before anything is written.
final class QuantumTrainCommandTests: XCTestCase {
    private let harmonic = ["quantum", "train", "circuits/harmonic_regression.quantum", "--data", "data/harmonic_regression.csv",
                            "--batch", "8", "--lr", "0.02", "--beta", "0.01", "--seed", "1"]

    private func summary(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("summary.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testRunFolderHoldsEveryFileAndClassicalEPEndsElsewhere() throws {
        let scratch = try TemporaryDirectory()
        let quantum = scratch.url.appendingPathComponent("quantum"), classical = scratch.url.appendingPathComponent("classical")
        let run = try CommandLineRun.run(harmonic + ["--epochs", "3", "--out", quantum.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(run.standardOutput.contains("classical loss"), run.standardOutput)
        let files = try FileManager.default.contentsOfDirectory(atPath: quantum.path).sorted()
        XCTAssertEqual(files, ["checkpoint.json", "command.txt", "configuration.json", "metrics.csv", "summary.json"])
        let metrics = try String(contentsOf: quantum.appendingPathComponent("metrics.csv"), encoding: .utf8)
        XCTAssertTrue(metrics.hasPrefix("epoch,train_loss,train_accuracy,test_loss,test_accuracy,classical_loss,gradient_cosine,"))
        XCTAssertEqual(metrics.split(separator: "\n").count, 4)
        XCTAssertEqual(try summary(quantum)["classical"] as? Bool, false)
        let other = try CommandLineRun.run(harmonic + ["--epochs", "3", "--classical", "--out", classical.path])
        XCTAssertEqual(other.status, 0, other.standardError)
        let q = try XCTUnwrap(try summary(quantum)["train_loss"] as? Double)
        let c = try XCTUnwrap(try summary(classical)["train_loss"] as? Double)
        XCTAssertNotEqual(q, c)
        XCTAssertLessThan(q, c, "quantum EP descends the quantum loss")
        // The folder holds a run: a new run there is refused.
        let again = try CommandLineRun.run(harmonic + ["--epochs", "3", "--out", quantum.path])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.standardError.contains("checkpoint.json"), again.standardError)
        // Resuming with more epochs continues it.
        let resumed = try CommandLineRun.run(harmonic + ["--epochs", "5", "--resume", quantum.path])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
        XCTAssertEqual(try summary(quantum)["epochs"] as? Int, 5)
    }

    func testBadInputIsRefusedBeforeAnythingIsWritten() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("run")
        // Data of the wrong shape.
        var run = try CommandLineRun.run(["quantum", "train", "circuits/harmonic_regression.quantum", "--data", "data/xor.csv",
                                          "--epochs", "1", "--out", folder.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("feature column"), run.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path))
        // Shots on harmonic modes.
        run = try CommandLineRun.run(harmonic + ["--epochs", "1", "--shots", "100", "--out", folder.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("shots are for spin models"), run.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path))
        // A malformed model file: file:line:col.
        let model = scratch.url.appendingPathComponent("bad.quantum")
        try "bad\nspin a\nspin o\nzz J a q 0.5\n*@ output o\n".write(to: model, atomically: true, encoding: .utf8)
        run = try CommandLineRun.run(["quantum", "train", model.path, "--data", "data/xor.csv", "--epochs", "1",
                                      "--out", folder.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("bad.quantum:4:"), run.standardError)
        // Options.
        run = try CommandLineRun.run(harmonic + ["--epochs", "0"])
        XCTAssertNotEqual(run.status, 0)
        run = try CommandLineRun.run(harmonic + ["--epochs", "1", "--estimator", "exact", "--shots", "10"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.standardError.contains("--shots"), run.standardError)
    }
}
