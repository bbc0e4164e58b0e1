import XCTest
@testable import PhysicalNetworks

final class MultilayerPerceptronTrainingTests: XCTestCase {
    /// XOR on inputs ±1 with one-hot targets (class "true" when the signs differ).
    private let xor = Dataset(featureNames: ["x1", "x2"], targetNames: ["false", "true"],
                              features: [-1, -1, -1, 1, 1, -1, 1, 1], targets: [1, 0, 0, 1, 0, 1, 1, 0])

    /// Two Gaussian blobs in 4 dimensions (σ = 0.5) centred at ±(1, 1, 1, 1), 100 points each,
    /// one-hot targets.
    private func blobs(seed: UInt64) -> Dataset {
        var generator = Xoshiro256StarStar(seed: seed)
        var features: [Double] = []
        var targets: [Double] = []
        for i in 0..<200 {
            let sign = i % 2 == 0 ? 1.0 : -1.0
            for _ in 0..<4 {
                // Box–Muller: one normal deviate from two uniforms.
                let u = 1 - generator.nextUnitDouble()
                let v = generator.nextUnitDouble()
                features.append(sign + 0.5 * (-2 * log(u)).squareRoot() * cos(2 * .pi * v))
            }
            targets += sign > 0 ? [1, 0] : [0, 1]
        }
        return Dataset(featureNames: ["a", "b", "c", "d"], targetNames: ["plus", "minus"],
                       features: features, targets: targets)
    }

    /// Full-batch Adam on XOR with 8 hidden units, for each of five seeds and each activation.
    func testXORLearnedWithAHiddenLayer() {
        for activation in [MultilayerPerceptron.Activation.relu, .sigmoid, .hardSigmoid] {
            for seed in UInt64(1)...5 {
                var network = MultilayerPerceptron(layerSizes: [2, 8, 2], activation: activation,
                                                   loss: .softmaxCrossEntropy, seed: seed)
                var optimizer = AnyOptimizer.adam(Adam(learningRate: 0.05))
                var firstLoss = 0.0
                var lastLoss = 0.0
                for step in 0..<300 {
                    lastLoss = network.train(features: xor.features, targets: xor.targets, optimizer: &optimizer)
                    if step == 0 { firstLoss = lastLoss }
                }
                let result = network.evaluate(xor)
                XCTAssertEqual(result.accuracy, 1, "\(activation), seed \(seed)")
                XCTAssertLessThan(result.loss, 0.05, "\(activation), seed \(seed)")
                XCTAssertLessThan(lastLoss, firstLoss / 10, "\(activation), seed \(seed)")
            }
        }
    }

    /// Without a hidden layer (logistic regression) XOR stays at chance: no affine map separates it.
    func testXORIsNotLinearlySeparable() {
        var network = MultilayerPerceptron(layerSizes: [2, 2], activation: .relu, loss: .softmaxCrossEntropy, seed: 1)
        var optimizer = AnyOptimizer.adam(Adam(learningRate: 0.05))
        for _ in 0..<300 { network.train(features: xor.features, targets: xor.targets, optimizer: &optimizer) }
        XCTAssertLessThanOrEqual(network.evaluate(xor).accuracy, 0.75)
    }

    /// SB17's setting: hard-sigmoid hidden and output units, squared error on one-hot targets,
    /// plain SGD over shuffled minibatches.
    func testHardSigmoidSquaredErrorSeparatesTwoBlobs() {
        let (train, test) = blobs(seed: 21).split(testFraction: 0.25, seed: 4)
        var network = MultilayerPerceptron(layerSizes: [4, 10, 2], activation: .hardSigmoid,
                                           outputActivation: .hardSigmoid, loss: .squaredError, seed: 2)
        var optimizer = SGD(learningRate: 0.2, momentum: 0.9)
        for epoch in 0..<20 {
            network.trainEpoch(on: train, batchSize: 16, epoch: epoch, seed: 9, optimizer: &optimizer)
        }
        XCTAssertEqual(network.evaluate(train).accuracy, 1)
        XCTAssertEqual(network.evaluate(test).accuracy, 1)
    }

    func testSigmoidCrossEntropySeparatesTwoBlobs() {
        let (train, test) = blobs(seed: 22).split(testFraction: 0.25, seed: 4)
        var network = MultilayerPerceptron(layerSizes: [4, 6, 2], activation: .sigmoid, loss: .softmaxCrossEntropy, seed: 3)
        var optimizer = AnyOptimizer.adam(Adam(learningRate: 0.02))
        for epoch in 0..<10 {
            network.trainEpoch(on: train, batchSize: 32, epoch: epoch, seed: 1, optimizer: &optimizer)
        }
        XCTAssertEqual(network.evaluate(train).accuracy, 1)
        XCTAssertEqual(network.evaluate(test).accuracy, 1)
    }

    func testSameSeedGivesIdenticalParameters() {
        let data = blobs(seed: 5)
        func trained(seed: UInt64) -> [Double] {
            var network = MultilayerPerceptron(layerSizes: [4, 5, 2], activation: .relu, loss: .softmaxCrossEntropy, seed: seed)
            var optimizer = AnyOptimizer.adam(Adam(learningRate: 0.01))
            for epoch in 0..<3 {
                network.trainEpoch(on: data, batchSize: 10, epoch: epoch, seed: 8, optimizer: &optimizer)
            }
            return network.parameters
        }
        XCTAssertEqual(trained(seed: 1), trained(seed: 1))
        XCTAssertNotEqual(trained(seed: 1), trained(seed: 2))
        XCTAssertEqual(MultilayerPerceptron(layerSizes: [4, 5, 2], activation: .relu, loss: .squaredError, seed: 1).parameters,
                       MultilayerPerceptron(layerSizes: [4, 5, 2], activation: .sigmoid, loss: .softmaxCrossEntropy, seed: 1).parameters)
    }

    /// Glorot-uniform: weights within ±√(6 / (n_in + n_out)), biases zero.
    func testGlorotUniformInitialization() {
        let network = MultilayerPerceptron(layerSizes: [64, 100, 10], activation: .relu, loss: .softmaxCrossEntropy, seed: 3)
        XCTAssertEqual(network.parameterCount, 64 * 100 + 100 + 100 * 10 + 10)
        let limit1 = (6.0 / 164).squareRoot()
        let w1 = network.parameters[network.weightOffset(layer: 1)..<network.biasOffset(layer: 1)]
        XCTAssertTrue(w1.allSatisfy { abs($0) < limit1 })
        XCTAssertGreaterThan(w1.max() ?? 0, 0.9 * limit1)
        XCTAssertTrue(network.parameters[network.biasOffset(layer: 1)..<network.weightOffset(layer: 2)].allSatisfy { $0 == 0 })
        XCTAssertEqual(network.biasOffset(layer: 2), network.parameterCount - 10)
    }

    /// Steps after the first reuse the same workspace and the same parameter and gradient
    /// storage; a smaller last batch fits the same workspace; a copy gets its own workspace and
    /// leaves the original alone.
    func testStepsReuseTheirBuffers() {
        let data = blobs(seed: 6)
        var network = MultilayerPerceptron(layerSizes: [4, 5, 2], activation: .relu, loss: .softmaxCrossEntropy, seed: 1)
        var optimizer = AnyOptimizer.adam(Adam(learningRate: 0.01))
        network.trainEpoch(on: data, batchSize: 16, epoch: 0, seed: 1, optimizer: &optimizer)
        let workspace = network.workspace.map(ObjectIdentifier.init)
        let parameterStorage = network.parameters.withUnsafeBufferPointer { $0.baseAddress }
        let gradientStorage = network.gradient.withUnsafeBufferPointer { $0.baseAddress }
        network.trainEpoch(on: data, batchSize: 16, epoch: 1, seed: 1, optimizer: &optimizer)  // 200 = 12·16 + 8
        XCTAssertEqual(network.workspace.map(ObjectIdentifier.init), workspace)
        XCTAssertEqual(network.parameters.withUnsafeBufferPointer { $0.baseAddress }, parameterStorage)
        XCTAssertEqual(network.gradient.withUnsafeBufferPointer { $0.baseAddress }, gradientStorage)

        let original = network.parameters
        var copy = network
        copy.trainEpoch(on: data, batchSize: 16, epoch: 2, seed: 1, optimizer: &optimizer)
        XCTAssertEqual(network.parameters, original)
        XCTAssertNotEqual(copy.parameters, original)
        XCTAssertNotEqual(copy.workspace.map(ObjectIdentifier.init), workspace)
    }
}
