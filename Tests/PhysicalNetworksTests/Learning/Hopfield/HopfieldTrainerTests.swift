import Foundation
import XCTest
@testable import PhysicalNetworks

/// SB17's equilibrium propagation on layered Hopfield networks: the EP update against finite
/// differences of the cost, and a short training run on the shipped digits.
final class HopfieldTrainerTests: XCTestCase {
    private static let digitsPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(DigitsDataset.defaultPath).path

    /// At small β and relaxed to the fixed points, (∂E/∂θ(s_β) − ∂E/∂θ(s_0))/β is the gradient
    /// of the mean cost at the free fixed point (central differences over every parameter).
    func testEPUpdateMatchesFiniteDifferences() {
        let sizes = [4, 5, 3]
        let configuration = HopfieldTrainingConfiguration(layerSizes: sizes, batchSize: 3, stepSize: 0.5,
                                                          learningRates: [0.1, 0.1])
        let trainer = HopfieldTrainer(configuration: configuration, seed: 7)
        var generator = Xoshiro256StarStar(seed: 11)
        // Small weights and mid-range biases keep every unit inside (0, 1), away from the kinks.
        var parameters = trainer.parameters
        for k in parameters.indices { parameters[k] = generator.nextDouble(in: -0.3..<0.3) }
        for l in 1..<sizes.count {
            for i in 0..<sizes[l] { parameters[trainer.layers.biasIndex(layer: l, unit: i)] = generator.nextDouble(in: 0.3..<0.7) }
        }
        trainer.parameters = parameters
        let features = (0..<12).map { _ in generator.nextUnitDouble() }
        let targets: [Double] = [1, 0, 0, 0, 1, 0, 0, 0, 1]
        let data = Dataset(featureNames: (0..<4).map { "x\($0)" }, targetNames: (0..<3).map { "y\($0)" },
                           features: features, targets: targets)
        let steps = 2_000
        let estimate = trainer.gradientEstimate(on: data, rows: [0, 1, 2], beta: 1e-4,
                                                freeSteps: steps, nudgedSteps: steps)
        var exact = [Double](repeating: 0, count: parameters.count)
        let h = 1e-5
        for k in parameters.indices {
            var shifted = parameters
            shifted[k] = parameters[k] + h
            trainer.parameters = shifted
            let up = trainer.cost(on: data, steps: steps)
            shifted[k] = parameters[k] - h
            trainer.parameters = shifted
            let down = trainer.cost(on: data, steps: steps)
            exact[k] = (up - down) / (2 * h)
        }
        trainer.parameters = parameters
        let dot = zip(estimate, exact).reduce(0) { $0 + $1.0 * $1.1 }
        let norms = (estimate.reduce(0) { $0 + $1 * $1 } * exact.reduce(0) { $0 + $1 * $1 }).squareRoot()
        XCTAssertGreaterThan(norms, 1e-6)
        XCTAssertGreaterThan(dot / norms, 0.9999, "EP vs finite differences: cosine \(dot / norms)")
        // And the same at the other sign of β (SB17's random sign).
        let negative = trainer.gradientEstimate(on: data, rows: [0, 1, 2], beta: -1e-4,
                                                freeSteps: steps, nudgedSteps: steps)
        let dotNegative = zip(negative, exact).reduce(0) { $0 + $1.0 * $1.1 }
        let normsNegative = (negative.reduce(0) { $0 + $1 * $1 } * exact.reduce(0) { $0 + $1 * $1 }).squareRoot()
        XCTAssertGreaterThan(dotNegative / normsNegative, 0.9999)
    }

    /// 64-50-10 with SB17's hyperparameters on a seeded 80/20 split of the digits, 10 epochs.
    func testTrainsDigits() throws {
        let digits = try DigitsDataset.load(path: Self.digitsPath)
        let (train, test) = digits.dataset.split(testFraction: 0.2, seed: 1)
        let trainer = HopfieldTrainer(configuration: .sb17(layerSizes: [64, 50, 10]), seed: 3)
        let untrained = trainer.accuracy(on: test)
        for epoch in 0..<10 { trainer.trainEpoch(on: train, epoch: epoch) }
        let accuracy = trainer.accuracy(on: test)
        // Measured 0.958 (test set of 359, 1.6 s in a debug build); chance is 0.1.
        XCTAssertLessThan(untrained, 0.3)
        XCTAssertGreaterThan(accuracy, 0.93)
    }
}
