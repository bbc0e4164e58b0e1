import Foundation
import XCTest
@testable import PhysicalNetworks

/// EP on the layered solver: a small DRN of the demo's kind learns a digits subset; on the
/// trained network EP's estimate agrees with the exact gradient (implicit differentiation),
/// with the bias orders PHYSICS.md §1 states (centered O(β²), positive O(β)); an impossible
/// nudge stops training with a typed error; the bounds hold after training.
final class DeepResistiveTrainerTests: XCTestCase {
    private static let digitsPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(DigitsDataset.defaultPath).path

    /// circuits/drn_digits.drn with 30 hidden nodes instead of 100.
    static func description() throws -> DeepResistiveNetworkDescription {
        try DeepResistiveNetworkDescription.parse(contents: """
            layers = 64 30 10
            gain = 4
            bias_high = 1
            bias_low = 0
            diode = ideal
            init = uniform 10u 100u
            seed = 1
            bounds = 1u 1m
            """, file: "digits30.drn")
    }

    /// 480 training and 200 test samples of the shipped digits (split as `--data digits` does).
    static func digits() throws -> (train: Dataset, test: Dataset) {
        let split = try DigitsDataset.load(path: digitsPath).dataset.split(testFraction: 0.2, seed: 1)
        return (split.train.subset(rows: 0..<480), split.test.subset(rows: 0..<200))
    }

    static func configuration(beta: Double = 1e-6, nudging: DeepResistiveTrainingConfiguration.Nudging = .centered,
                              learningRate: Double = 1e-5) -> DeepResistiveTrainingConfiguration {
        DeepResistiveTrainingConfiguration(batchSize: 32, beta: beta, nudging: nudging, learningRate: learningRate)
    }

    private struct Trained {
        var trainer: DeepResistiveTrainer
        var untrainedAccuracy: Double
        var accuracies: [Double]
        var reports: [DeepResistiveEpochReport]
    }

    /// Trained once (5 epochs), shared by the tests that look at a trained network.
    nonisolated(unsafe) private static var cache: Trained?

    private static func trained() throws -> Trained {
        if let cache { return cache }
        let (train, test) = try digits()
        let trainer = try DeepResistiveTrainer(description(), configuration: configuration(), seed: 3)
        let untrained = try trainer.evaluate(test).accuracy
        var accuracies: [Double] = [], reports: [DeepResistiveEpochReport] = []
        for epoch in 0..<5 {
            reports.append(try trainer.trainEpoch(on: train, epoch: epoch))
            accuracies.append(try trainer.evaluate(test).accuracy)
        }
        let result = Trained(trainer: trainer, untrainedAccuracy: untrained, accuracies: accuracies, reports: reports)
        cache = result
        return result
    }

    /// A trainer at the trained network's conductances with another β or nudging.
    private static func copy(of trainer: DeepResistiveTrainer, beta: Double,
                             nudging: DeepResistiveTrainingConfiguration.Nudging) -> DeepResistiveTrainer {
        DeepResistiveTrainer(layers: trainer.layers, parameters: trainer.parameters, bounds: trainer.bounds,
                             configuration: configuration(beta: beta, nudging: nudging), seed: trainer.seed)
    }

    private static func relativeError(_ estimate: [Double], _ exact: [Double]) -> Double {
        var difference = 0.0, size = 0.0
        for (a, b) in zip(estimate, exact) {
            difference += (a - b) * (a - b)
            size += b * b
        }
        return (difference / size).squareRoot()
    }

    func testTrainingOnADigitsSubsetBeatsChance() throws {
        let run = try Self.trained()
        print("drn 64-30-10 on 480 digits: test accuracy \(run.untrainedAccuracy) untrained, then \(run.accuracies) "
              + "(train accuracy during the epochs \(run.reports.map(\.trainAccuracy)), "
              + "free sweeps \(run.reports.map(\.freeSweeps)), nudged sweeps \(run.reports.map(\.nudgedSweeps)))")
        XCTAssertLessThan(run.untrainedAccuracy, 0.3, "an untrained network guesses")
        XCTAssertGreaterThan(run.accuracies.last ?? 0, 0.8, "well above chance (0.1) after five epochs")
        XCTAssertLessThan(run.reports.last?.trainCost ?? .infinity, run.reports.first?.trainCost ?? 0,
                          "the training cost decreases")
        for report in run.reports {
            XCTAssertEqual(report.examples, 480)
            XCTAssertGreaterThan(report.freeSweeps, 1)
            XCTAssertGreaterThan(report.nudgedSweeps, 0)
        }
    }

    func testCenteredEPAgreesWithTheExactGradientOnTheTrainedNetwork() throws {
        let trainer = try Self.trained().trainer
        let (train, _) = try Self.digits()
        let rows = Array(0..<32)
        let agreement = try LayeredTrainingRun.agreement(trainer, train, rows)
        let error = Self.relativeError(try trainer.gradientEstimate(on: train, rows: rows),
                                       try trainer.exactGradient(on: train, rows: rows))
        print("drn trained 64-30-10, centered EP (β = 1e-6 S, gain-compensated) vs exact: cosine \(agreement.overall), "
              + "per block \(agreement.blocks), relative error \(error)")
        XCTAssertGreaterThanOrEqual(agreement.overall, 0.999)
        for cosine in agreement.blocks { XCTAssertGreaterThanOrEqual(cosine, 0.999) }
    }

    /// Positive nudging's error is O(β) (first order: it halves with β) and larger than
    /// centered nudging's O(β²) (a quarter at β/2) at the same β.
    func testPositiveNudgingBiasIsLargerThanCenteredAndShrinksLinearlyWithBeta() throws {
        let trainer = try Self.trained().trainer
        let (train, _) = try Self.digits()
        let rows = Array(0..<32)
        let exact = try trainer.exactGradient(on: train, rows: rows)
        func error(_ beta: Double, _ nudging: DeepResistiveTrainingConfiguration.Nudging) throws -> Double {
            Self.relativeError(try Self.copy(of: trainer, beta: beta, nudging: nudging).gradientEstimate(on: train, rows: rows),
                               exact)
        }
        let beta = 2e-6
        let positive = try error(beta, .positive), positiveHalf = try error(beta / 2, .positive)
        let centered = try error(beta, .centered), centeredHalf = try error(beta / 2, .centered)
        print("drn EP bias vs exact: positive β = \(beta) S \(positive), β/2 \(positiveHalf) (ratio \(positive / positiveHalf)); "
              + "centered β = \(beta) S \(centered), β/2 \(centeredHalf) (ratio \(centered / centeredHalf))")
        XCTAssertGreaterThan(positive, 10 * centered, "centered nudging cancels the first-order bias")
        XCTAssertEqual(positive / positiveHalf, 2, accuracy: 0.2, "positive nudging's bias is first order in β")
        XCTAssertEqual(centered / centeredHalf, 4, accuracy: 0.8, "centered nudging's bias is second order in β")
    }

    /// A −β stronger than an output pair's conductances leaves the nudged energy without a
    /// minimum: centered nudging reports it instead of learning from garbage; positive nudging
    /// never applies −β.
    func testOverStrongCenteredNudgeIsAnUnstableNudgeError() throws {
        let description = try Self.description()
        let layers = try ResistiveLayers(description)
        let parameters = ResistiveLayers.initialConductances(description, count: layers.parameterCount)
        // D of each output node: the column sums of the last block.
        let last = layers.blockParameters(layers.blockCount - 1), n = layers.nodeCounts[layers.layerCount - 1]
        var sums = [Double](repeating: 0, count: n)
        for k in last { sums[(k - last.lowerBound) % n] += parameters[k] }
        let beta = 2 * (sums.max() ?? 0)
        let (train, _) = try Self.digits()
        let centered = DeepResistiveTrainer(layers: layers, parameters: parameters, bounds: description.bounds,
                                            configuration: Self.configuration(beta: beta), seed: 1)
        XCTAssertThrowsError(try centered.gradientEstimate(on: train, rows: Array(0..<8))) { error in
            guard let error = error as? DeepResistiveTrainingError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.report.status, .unstableNudge)
            XCTAssertEqual(error.phase, "nudged (−β)")
            XCTAssertTrue(error.description.contains("smaller beta"), error.description)
        }
        XCTAssertThrowsError(try centered.trainEpoch(on: train.subset(rows: 0..<32), epoch: 0)) { error in
            XCTAssertEqual((error as? DeepResistiveTrainingError)?.report.status, .unstableNudge)
        }
        XCTAssertEqual(centered.parameters, parameters, "no update from a failed phase")
        let positive = DeepResistiveTrainer(layers: layers, parameters: parameters, bounds: description.bounds,
                                            configuration: Self.configuration(beta: beta, nudging: .positive), seed: 1)
        XCTAssertNoThrow(try positive.gradientEstimate(on: train, rows: Array(0..<8)))
    }

    func testConductancesStayWithinTheirBounds() throws {
        let description = try Self.description()
        let bounds = description.bounds
        XCTAssertTrue(try Self.trained().trainer.parameters.allSatisfy(bounds.contains))
        // Adam steps of 0.1 mS from 10…100 µS: most updates leave [1 µS, 1 mS] and are clipped.
        let (train, _) = try Self.digits()
        let trainer = try DeepResistiveTrainer(description, configuration: Self.configuration(learningRate: 1e-4), seed: 2)
        var clipped = 0
        for epoch in 0..<2 {
            clipped += try trainer.trainEpoch(on: train.subset(rows: 0..<128), epoch: epoch).clippedUpdates
        }
        let low = trainer.parameters.filter { $0 == bounds.lowerBound }.count
        let high = trainer.parameters.filter { $0 == bounds.upperBound }.count
        print("drn large steps: \(clipped) clipped updates; \(low) conductances at 1 µS, \(high) at 1 mS of \(trainer.parameters.count)")
        XCTAssertGreaterThan(clipped, 0, "the case must exercise the clipping")
        XCTAssertGreaterThan(low, 0)
        XCTAssertTrue(trainer.parameters.allSatisfy(bounds.contains), "every conductance within \(bounds)")
    }
}
