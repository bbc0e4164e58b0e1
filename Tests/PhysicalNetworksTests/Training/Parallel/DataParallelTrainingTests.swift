import Foundation
import XCTest
@testable import PhysicalNetworks

/// Data-parallel training of a deep resistive network (processes emulated by threads): every
/// process ends with the same conductances, and they equal the single-process run's up to the
/// order of the floating-point sums. Every process sweeps as often as the whole minibatch would
/// (the largest change is agreed on), so the only difference is the order of the sums over
/// samples; EP's contrast cancels about six digits at β = 1e-6 (two measurements of order V²
/// whose difference is of order βV²), so those 1e-16 differences reach the gradient at about
/// 1e-10 and the conductances at a few 1e-9 after ten updates.
final class DataParallelTrainingTests: XCTestCase {
    private func folder() throws -> RunFolder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-parallel-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try RunFolder.create(at: url.path)
    }

    private func runs(processes: Int, configuration: LayeredTrainingConfiguration) throws
        -> (single: LayeredTrainingRun.Summary, singleParameters: [Double], parallel: [LayeredTrainingRun.Summary], parameters: [Double]) {
        let (train, test) = try LayeredTrainingRunTests.digits()
        let description = try LayeredTrainingRunTests.description()
        let alone = try folder()
        let single = try LayeredTrainingRun.run(configuration, description: description, train: train, test: test,
                                                folder: alone, resume: false)
        let shared = try folder()
        let group = ThreadGroup(size: processes)
        let summaries = try group.run { rank in
            try LayeredTrainingRun.run(configuration, description: description, train: train, test: test, folder: shared,
                                       resume: false, communicator: group.communicator(rank: rank))
        }
        return (single, try Checkpoint.load(from: alone.checkpointPath).parameters, summaries,
                try Checkpoint.load(from: shared.checkpointPath).parameters)
    }

    func testThreeProcessesMatchOneProcess() throws {
        var configuration = LayeredTrainingRunTests.configuration(epochs: 2, baseline: false)
        configuration.probeSize = 4
        let (single, alone, parallel, together) = try runs(processes: 3, configuration: configuration)
        XCTAssertEqual(parallel.count, 3)
        XCTAssertEqual(parallel[0].status, "completed")
        var worst = 0.0
        for (a, b) in zip(alone, together) { worst = max(worst, abs(a - b) / abs(a)) }
        print("data-parallel (3 threads) vs one process, 2 epochs: largest relative conductance difference \(worst)")
        XCTAssertLessThan(worst, 1e-7, "equal up to the order of the sums")
        XCTAssertEqual(parallel[0].testAccuracy, single.testAccuracy, accuracy: 1.0 / 64)
        XCTAssertEqual(parallel[0].trainCost, single.trainCost, accuracy: 1e-7 * single.trainCost)
        let energy = try XCTUnwrap(parallel[0].energy), reference = try XCTUnwrap(single.energy)
        XCTAssertEqual(energy.perUpdateJoules, reference.perUpdateJoules, accuracy: 1e-7 * reference.perUpdateJoules,
                       "the meters' shares add up to the whole")
        XCTAssertTrue(parallel[1].testAccuracy.isNaN, "only rank 0 evaluates")
    }

    /// Through non-ideal hardware (read noise on each phase's batch-summed measurement, pulses
    /// with cycle-to-cycle noise): the noise streams run alike on every process, so the run is
    /// the single-process one again.
    func testNoisyHardwareRunsAlikeOnEveryProcess() throws {
        var configuration = LayeredTrainingRunTests.configuration(epochs: 1, baseline: false)
        configuration.probeSize = 0
        configuration.hardware = try HardwareConfiguration.parse(contents: """
            bounds = 1u 1m
            dw_min = 100n
            ctoc = 0.1
            read_noise = 0.01
            seed = 3
            """, file: "h.hw")
        let (_, alone, parallel, together) = try runs(processes: 2, configuration: configuration)
        XCTAssertEqual(parallel[0].status, "completed")
        var worst = 0.0
        for (a, b) in zip(alone, together) { worst = max(worst, abs(a - b) / abs(a)) }
        print("data-parallel (2 threads) vs one process on noisy hardware, 1 epoch: largest relative difference \(worst)")
        XCTAssertLessThan(worst, 1e-9)
    }

    /// A nudge without equilibrium fails on every process in the same minibatch (they agree on
    /// every sweep): nobody waits forever, rank 0 reports the status.
    func testAFailedRelaxationStopsEveryProcess() throws {
        var configuration = LayeredTrainingRunTests.configuration(epochs: 2, baseline: false)
        configuration.training.beta = 1
        configuration.probeSize = 0
        let (train, test) = try LayeredTrainingRunTests.digits()
        let description = try LayeredTrainingRunTests.description()
        let shared = try folder()
        let group = ThreadGroup(size: 3)
        let unstable = configuration
        let summaries = try group.run(timeout: 120) { rank in
            try LayeredTrainingRun.run(unstable, description: description, train: train, test: test, folder: shared,
                                       resume: false, communicator: group.communicator(rank: rank))
        }
        XCTAssertTrue(summaries[0].status.contains("equilibrium") || summaries[0].status.contains("another process"),
                      summaries[0].status)
        for summary in summaries { XCTAssertNotEqual(summary.status, "completed") }
    }

    /// Processes that do not start alike (here: different epoch counts) refuse the run together.
    func testProcessesThatDisagreeRefuseTogether() throws {
        let (train, test) = try LayeredTrainingRunTests.digits()
        let description = try LayeredTrainingRunTests.description()
        let shared = try folder()
        let group = ThreadGroup(size: 2)
        let outcomes = try group.run(timeout: 120) { rank -> String in
            let configuration = LayeredTrainingRunTests.configuration(epochs: rank == 0 ? 1 : 2, baseline: false)
            do {
                _ = try LayeredTrainingRun.run(configuration, description: description, train: train, test: test,
                                               folder: shared, resume: false, communicator: group.communicator(rank: rank))
                return "ran"
            } catch {
                return "\(error)"
            }
        }
        for outcome in outcomes { XCTAssertTrue(outcome.contains("do not agree"), outcome) }
    }

    func testSharesCoverEveryItemOnce() {
        let group = ThreadGroup(size: 3)
        let shares = (0..<3).map { group.communicator(rank: $0).share(of: 10) }
        XCTAssertEqual(shares, [0..<4, 4..<7, 7..<10])
        XCTAssertEqual(SingleProcess().share(of: 5), 0..<5)
    }
}
