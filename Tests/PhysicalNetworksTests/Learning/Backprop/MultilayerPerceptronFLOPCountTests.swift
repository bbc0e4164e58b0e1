import XCTest
@testable import PhysicalNetworks

final class MultilayerPerceptronFLOPCountTests: XCTestCase {
    /// 2-3-2: P = 2·3 + 3·2 = 12. Forward 12 multiply-adds; backward ∂W₂ 6 + δ₁ 6 + ∂W₁ 6 = 18
    /// (the input's error is not formed); a batch of 5 costs 5·30 = 150 multiply-adds, 300 FLOPs.
    func testHandCountOfASmallNetwork() {
        let count = MultilayerPerceptron.FLOPCount(layerSizes: [2, 3, 2])
        XCTAssertEqual(count.weightCount, 12)
        XCTAssertEqual(count.forwardMultiplyAddsPerSample, 12)
        XCTAssertEqual(count.backwardMultiplyAddsPerSample, 18)
        XCTAssertEqual(count.trainingMultiplyAddsPerSample, 30)
        XCTAssertEqual(count.forwardFLOPsPerSample, 24)
        XCTAssertEqual(count.backwardFLOPsPerSample, 36)
        XCTAssertEqual(count.multiplyAddsPerUpdate(batchSize: 5), 150)
        XCTAssertEqual(count.flopsPerUpdate(batchSize: 5), 300)
    }

    /// 784-500-10 (SB17's network): P = 392,000 + 5,000; backward 2P − 392,000 = 402,000.
    func testFashionMNISTShape() {
        let count = MultilayerPerceptron.FLOPCount(layerSizes: [784, 500, 10])
        XCTAssertEqual(count.forwardMultiplyAddsPerSample, 397_000)
        XCTAssertEqual(count.backwardMultiplyAddsPerSample, 402_000)
        XCTAssertEqual(count.flopsPerUpdate(batchSize: 64), 2 * 64 * 799_000)
    }

    /// The instrumented count of the GEMMs actually issued equals the formula: a training step
    /// on B rows costs B(3P − n₀n₁), an evaluation of N rows N·P.
    func testFormulaMatchesTheGEMMsIssued() {
        var network = MultilayerPerceptron(layerSizes: [5, 7, 6, 3], activation: .sigmoid,
                                           loss: .softmaxCrossEntropy, seed: 3)
        let rows = 9
        var generator = Xoshiro256StarStar(seed: 1)
        let features = (0..<(rows * 5)).map { _ in generator.nextUnitDouble() }
        var targets = [Double](repeating: 0, count: rows * 3)
        for r in 0..<rows { targets[r * 3 + r % 3] = 1 }
        var optimizer = SGD(learningRate: 0.1, momentum: 0)
        network.train(features: features, targets: targets, optimizer: &optimizer)
        let count = network.flopCount
        XCTAssertEqual(count.weightCount, 35 + 42 + 18)
        XCTAssertEqual(network.multiplyAddsPerformed, count.multiplyAddsPerUpdate(batchSize: rows))
        XCTAssertEqual(network.multiplyAddsPerformed, rows * (3 * 95 - 35))

        let dataset = Dataset(featureNames: (0..<5).map { "x\($0)" }, targetNames: ["a", "b", "c"],
                              features: features, targets: targets)
        let before = network.multiplyAddsPerformed
        _ = network.evaluate(dataset, batchSize: 4)
        XCTAssertEqual(network.multiplyAddsPerformed - before, rows * count.forwardMultiplyAddsPerSample)
    }
}
