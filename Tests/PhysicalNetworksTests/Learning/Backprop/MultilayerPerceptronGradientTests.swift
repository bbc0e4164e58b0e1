import XCTest
@testable import PhysicalNetworks

/// Reverse mode against central finite differences of the batch loss, every parameter.
final class MultilayerPerceptronGradientTests: XCTestCase {
    /// A batch of 4 samples for layers 3-5-4-3 (two hidden layers, so δ crosses a hidden layer),
    /// features in [−1, 1), random biases (pre-activations away from the kinks), targets one-hot
    /// for cross-entropy and in [0, 1) for squared error.
    private func checkGradient(activation: MultilayerPerceptron.Activation,
                               outputActivation: MultilayerPerceptron.Activation,
                               loss: MultilayerPerceptron.Loss, file: StaticString = #filePath, line: UInt = #line) {
        var network = MultilayerPerceptron(layerSizes: [3, 5, 4, 3], activation: activation,
                                           outputActivation: outputActivation, loss: loss, seed: 11)
        var generator = Xoshiro256StarStar(seed: 5)
        for l in 1...3 {
            for j in 0..<network.layerSizes[l] {
                network.parameters[network.biasOffset(layer: l) + j] = generator.nextDouble(in: -0.2..<0.6)
            }
        }
        let rows = 4
        let features = (0..<(rows * 3)).map { _ in generator.nextDouble(in: -1..<1) }
        var targets = [Double](repeating: 0, count: rows * 3)
        for r in 0..<rows {
            if loss == .softmaxCrossEntropy {
                targets[r * 3 + generator.nextInt(below: 3)] = 1
            } else {
                for k in 0..<3 { targets[r * 3 + k] = generator.nextUnitDouble() }
            }
        }
        let value = network.computeGradient(features: features, targets: targets)
        XCTAssertEqual(value, network.loss(features: features, targets: targets), accuracy: 1e-15, file: file, line: line)
        let analytic = network.gradient
        let h = 1e-6
        var worst = 0.0
        var nonZero = 0
        for i in network.parameters.indices {
            var probe = network
            probe.parameters[i] += h
            let up = probe.loss(features: features, targets: targets)
            probe.parameters[i] -= 2 * h
            let down = probe.loss(features: features, targets: targets)
            let numeric = (up - down) / (2 * h)
            worst = max(worst, abs(numeric - analytic[i]) / max(1, abs(numeric)))
            if abs(analytic[i]) > 1e-6 { nonZero += 1 }
        }
        XCTAssertLessThan(worst, 1e-7, "\(activation) / \(outputActivation) / \(loss)", file: file, line: line)
        XCTAssertGreaterThan(nonZero, network.parameterCount / 3, "too few live gradients to test", file: file, line: line)
    }

    func testCrossEntropyGradientsForEveryHiddenActivation() {
        for activation in [MultilayerPerceptron.Activation.relu, .sigmoid, .hardSigmoid] {
            checkGradient(activation: activation, outputActivation: .identity, loss: .softmaxCrossEntropy)
        }
    }

    func testSquaredErrorGradientsForEveryActivation() {
        for activation in [MultilayerPerceptron.Activation.relu, .sigmoid, .hardSigmoid] {
            checkGradient(activation: activation, outputActivation: .identity, loss: .squaredError)
            checkGradient(activation: activation, outputActivation: activation, loss: .squaredError)
        }
    }

    func testCrossEntropyThroughAnActivatedOutput() {
        checkGradient(activation: .relu, outputActivation: .sigmoid, loss: .softmaxCrossEntropy)
    }

    /// ℓ for one sample by hand: 1-1 network, w = 0.5, b = 0.25, x = 2 → y = 1.25, t = 1,
    /// squared error ½(0.25)² = 0.03125, ∂ℓ/∂w = 0.25·2, ∂ℓ/∂b = 0.25.
    func testOneNeuronByHand() {
        var network = MultilayerPerceptron(layerSizes: [1, 1], activation: .relu, loss: .squaredError, seed: 0)
        network.parameters = [0.5, 0.25]
        XCTAssertEqual(network.computeGradient(features: [2], targets: [1]), 0.03125)
        XCTAssertEqual(network.gradient, [0.5, 0.25])
    }

    /// Softmax cross-entropy of logits (0, ln 3) with target class 1: p = (¼, ¾), ℓ = −ln ¾.
    func testSoftmaxCrossEntropyByHand() {
        var network = MultilayerPerceptron(layerSizes: [1, 2], activation: .relu, loss: .softmaxCrossEntropy, seed: 0)
        network.parameters = [0, 0, 0, log(3.0)]  // W = 0, b = (0, ln 3)
        XCTAssertEqual(network.computeGradient(features: [1], targets: [0, 1]), -log(0.75), accuracy: 1e-15)
        XCTAssertEqual(network.gradient[2], 0.25, accuracy: 1e-15)   // ∂ℓ/∂b₁ = p₁ − t₁
        XCTAssertEqual(network.gradient[3], -0.25, accuracy: 1e-15)  // ∂ℓ/∂b₂ = p₂ − t₂
        XCTAssertEqual(network.predict(features: [1])[1], log(3.0), accuracy: 1e-15)
    }
}
