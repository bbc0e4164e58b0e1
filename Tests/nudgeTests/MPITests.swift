#if MPI
import Foundation
import XCTest

/// `mpirun -n P nudge train|sweep` (the nudge built with `--traits MPI`; `make test-mpi`):
/// data-parallel training equals the one-process run, a distributed sweep gathers one CSV and
/// resumes, and a process that dies or fails ends the job loudly with its rank.
final class MPITests: XCTestCase {
    /// Open MPI as root, more processes than cores, shared memory only (no network); a job still
    /// running after 300 s (a hang) is ended by `timeout` (exit status 124).
    static let mpirun = ["timeout", "300", "mpirun", "--oversubscribe", "--mca", "btl", "self,vader", "-n"]
    static let root = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"]

    private let training = ["train", "circuits/drn_digits.drn", "--data", "digits", "--epochs", "2", "--batch", "32",
                            "--lr", "2e-6", "--probe", "0", "--seed", "1"]

    private func mpi(_ processes: Int, _ arguments: [String], environment: [String: String] = [:]) throws -> CommandLineRun {
        try CommandLineRun.run(arguments, launcher: Self.mpirun + ["\(processes)"], environment: Self.root.merging(environment) { $1 })
    }

    private func parameters(_ folder: String) throws -> [Double] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/checkpoint.json"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(object["parameters"] as? [Double])
    }

    /// ‖a − b‖ / ‖a‖ and max|a − b| / max|a|.
    private func differences(_ a: [Double], _ b: [Double]) -> (norm: Double, largest: Double) {
        let difference = zip(a, b).map { $0 - $1 }
        func norm(_ x: [Double]) -> Double { x.map { $0 * $0 }.reduce(0, +).squareRoot() }
        return (norm(difference) / norm(a), (difference.map(abs).max() ?? .infinity) / (a.map(abs).max() ?? 1))
    }

    private func summary(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// One process under MPI is the plain run bit for bit; two and three processes equal it to the
    /// order of the floating-point sums (conductances within about 1e-8 in norm after 90 updates
    /// at β = 1e-6, the same test accuracy).
    func testDataParallelTrainingEqualsOneProcess() throws {
        let scratch = try TemporaryDirectory()
        let alone = scratch.url.appendingPathComponent("alone").path
        let plain = try CommandLineRun.run(training + ["--out", alone])
        XCTAssertEqual(plain.status, 0, plain.standardError)
        let reference = try parameters(alone)
        for processes in [1, 2, 3] {
            let folder = scratch.url.appendingPathComponent("p\(processes)").path
            let run = try mpi(processes, training + ["--out", folder])
            XCTAssertEqual(run.status, 0, run.standardError)
            let difference = differences(reference, try parameters(folder))
            let ep = try XCTUnwrap(try summary(folder)["ep"] as? [String: Any])
            let plainEP = try XCTUnwrap(try summary(alone)["ep"] as? [String: Any])
            print("mpirun -n \(processes): conductances differ from one process's by \(difference.norm) in norm, "
                  + "\(difference.largest) of the largest at most; test accuracy \(ep["test_accuracy"] ?? "?") "
                  + "(one process \(plainEP["test_accuracy"] ?? "?"))")
            if processes == 1 {
                XCTAssertEqual(difference.norm, 0, "one MPI process is the plain run")
            } else {
                XCTAssertLessThan(difference.norm, 1e-7)
                XCTAssertLessThan(difference.largest, 1e-6)
                XCTAssertEqual(ep["test_accuracy"] as? Double, plainEP["test_accuracy"] as? Double)
                XCTAssertTrue(run.standardOutput.contains("trained by \(processes) processes"), run.standardOutput)
            }
            XCTAssertEqual(run.standardOutput.components(separatedBy: "EP (this network)").count - 1, 1, "only rank 0 reports")
        }
    }

    /// A process killed in epoch 2 ends the job (no hang) with its rank; the run resumes from the
    /// checkpoint of epoch 1 and ends where the uninterrupted run does. A process failing with a
    /// reason ends it too, naming the rank and the reason.
    func testFailuresEndTheJobLoudlyAndTheRunResumes() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("killed").path
        let started = Date()
        let killed = try mpi(2, training + ["--epochs", "3", "--out", folder],
                             environment: ["NUDGE_MPI_FAULT": "rank=1,epoch=2,kind=kill"])
        XCTAssertNotEqual(killed.status, 0)
        XCTAssertLessThan(Date().timeIntervalSince(started), 120, "the job ended instead of hanging")
        let said = killed.standardError + killed.standardOutput
        XCTAssertTrue(said.contains("rank 1") || said.contains("process 1"), said)
        let resumed = try mpi(2, training + ["--epochs", "3", "--resume", folder])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
        let straight = scratch.url.appendingPathComponent("straight").path
        XCTAssertEqual(try mpi(2, training + ["--epochs", "3", "--out", straight]).status, 0)
        XCTAssertEqual(try parameters(folder), try parameters(straight), "resumed = uninterrupted, bit for bit")

        let failed = try mpi(2, training + ["--out", scratch.url.appendingPathComponent("failed").path],
                             environment: ["NUDGE_MPI_FAULT": "rank=1,epoch=1,kind=error"])
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertNotEqual(failed.status, 124, "ended, not timed out")
        XCTAssertTrue(failed.standardError.contains("process 1 of 2: injected fault"), failed.standardError)
    }

    /// A numerical failure (a nudge without equilibrium) happens on every process in the same
    /// minibatch: the job ends with status 2 and rank 0's summary.json, as one process does.
    func testNumericalFailureIsReportedAsInOneProcess() throws {
        let scratch = try TemporaryDirectory()
        let folder = scratch.url.appendingPathComponent("unstable").path
        let run = try mpi(2, training + ["--beta", "1", "--out", folder])
        XCTAssertEqual(run.status, 2, run.standardError)
        let status = try XCTUnwrap(try summary(folder)["status"] as? String)
        XCTAssertTrue(status.contains("equilibrium") || status.contains("another process"), status)
    }

    /// Three processes deal four points; the sweep's CSV is the one-process sweep's; run again,
    /// every point is read back.
    func testDistributedSweepGathersOneCSVAndResumes() throws {
        let scratch = try TemporaryDirectory()
        let sweep = ["sweep", "circuits/drn_digits.drn", "--data", "digits", "--epochs", "1", "--batch", "64", "--probe", "0",
                     "--hardware", "circuits/drn_digits.hardware", "--parameter", "levels", "--values", "16,64,256,1024"]
        let alone = scratch.url.appendingPathComponent("alone").path
        XCTAssertEqual(try CommandLineRun.run(sweep + ["--out", alone]).status, 0)
        let folder = scratch.url.appendingPathComponent("mpi").path
        let first = try mpi(3, sweep + ["--out", folder])
        XCTAssertEqual(first.status, 0, first.standardError)
        let csv = try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8)
        XCTAssertEqual(csv, try String(contentsOfFile: alone + "/sweep.csv", encoding: .utf8))
        XCTAssertEqual(csv.split(separator: "\n").count, 5)
        try FileManager.default.removeItem(atPath: folder + "/levels=256")
        let again = try mpi(3, sweep + ["--out", folder])
        XCTAssertEqual(again.status, 0, again.standardError)
        XCTAssertEqual(again.standardOutput.components(separatedBy: "read back").count - 1, 3, again.standardOutput)
        XCTAssertEqual(try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8), csv)
    }
}
#endif
