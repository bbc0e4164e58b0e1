import Foundation
import XCTest
@testable import PhysicalNetworks

final class AdamTests: XCTestCase {
    /// α = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, θ₀ = (1, −2).
    /// Step 1, g = (0.5, −4): m̂ = g and v̂ = g², so Δ = α g / (|g| + ε):
    ///   θ₁ = (1 − 0.1·0.5/0.50000001, −2 + 0.1·4/4.00000001) = (0.900000002, −1.90000000025).
    /// Step 2, g = (−1, 2): m = (0.9·0.05 − 0.1, 0.9·(−0.4) + 0.2) = (−0.055, −0.16),
    ///   v = (0.999·0.00025 + 0.001, 0.999·0.016 + 0.004) = (0.00124975, 0.019984),
    ///   m̂ = m / 0.19, v̂ = v / 0.001999, θ₂ = θ₁ − 0.1 m̂ / (√v̂ + ε)
    ///   = (0.9366103542405654, −1.8733662963681956) (evaluated in Python, same operation order).
    func testFirstStepsAgainstHandComputedValues() {
        var optimizer = Adam(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
        var theta = [1.0, -2.0]
        optimizer.step(parameters: &theta, gradient: [0.5, -4])
        XCTAssertEqual(theta[0], 1 - 0.1 * 0.5 / (0.5 + 1e-8), accuracy: 1e-15)
        XCTAssertEqual(theta[1], -2 + 0.1 * 4 / (4 + 1e-8), accuracy: 1e-15)
        XCTAssertEqual(theta[0], 0.900000002, accuracy: 1e-15)

        optimizer.step(parameters: &theta, gradient: [-1, 2])
        let mHat = [-0.055 / 0.19, -0.16 / 0.19]
        let vHat = [0.00124975 / 0.001999, 0.019984 / 0.001999]
        let expected = [0.900000002 - 0.1 * mHat[0] / (vHat[0].squareRoot() + 1e-8),
                        -1.90000000025 - 0.1 * mHat[1] / (vHat[1].squareRoot() + 1e-8)]
        XCTAssertEqual(theta[0], expected[0], accuracy: 1e-12)
        XCTAssertEqual(theta[1], expected[1], accuracy: 1e-12)
        XCTAssertEqual(theta[0], 0.9366103542405654, accuracy: 1e-15)
        XCTAssertEqual(theta[1], -1.8733662963681956, accuracy: 1e-15)
        XCTAssertEqual(optimizer.stepCount, 2)
        XCTAssertEqual(optimizer.beta1Power, 0.81, accuracy: 1e-16)
    }

    func testFirstStepMovesEachParameterByAlphaWhateverTheGradientScale() {
        var optimizer = Adam(learningRate: 0.01)
        var theta = [0.0, 0.0, 0.0]
        optimizer.step(parameters: &theta, gradient: [1e-3, -1e3, 0])
        XCTAssertEqual(theta[0], -0.01 * 1e-3 / (1e-3 + 1e-8), accuracy: 1e-17)  // ε matters at small g
        XCTAssertEqual(theta[1], 0.01, accuracy: 1e-12)
        XCTAssertEqual(theta[2], 0)
    }

    func testCheckpointResumesBitForBit() throws {
        var reference = Adam(learningRate: 0.02)
        var theta = [0.3, -0.7]
        var generator = Xoshiro256StarStar(seed: 8)
        let gradients = (0..<10).map { _ in [generator.nextDouble(in: -1..<1), generator.nextDouble(in: -1..<1)] }
        for g in gradients[..<4] { reference.step(parameters: &theta, gradient: g) }
        var restored = try JSONDecoder().decode(Adam.self, from: JSONEncoder().encode(reference))
        XCTAssertEqual(restored, reference)
        var thetaRestored = theta
        for g in gradients[4...] {
            reference.step(parameters: &theta, gradient: g)
            restored.step(parameters: &thetaRestored, gradient: g)
        }
        XCTAssertEqual(theta, thetaRestored)
    }

    func testAnyOptimizerForwardsAndRoundTrips() throws {
        var direct = Adam(learningRate: 0.1)
        var wrapped = AnyOptimizer.adam(Adam(learningRate: 0.1))
        var a = [1.0, 2.0], b = [1.0, 2.0]
        direct.step(parameters: &a, gradient: [0.3, -0.2])
        wrapped.step(parameters: &b, gradient: [0.3, -0.2])
        XCTAssertEqual(a, b)
        XCTAssertEqual(wrapped, .adam(direct))
        XCTAssertEqual(wrapped.stepCount, 1)
        let data = try JSONEncoder().encode(wrapped)
        XCTAssertEqual(try JSONDecoder().decode(AnyOptimizer.self, from: data), wrapped)
        let sgd = AnyOptimizer.sgd(SGD(learningRate: 0.5, momentum: 0.1))
        XCTAssertEqual(try JSONDecoder().decode(AnyOptimizer.self, from: JSONEncoder().encode(sgd)), sgd)
        XCTAssertEqual(sgd.kind, "sgd")
        let unknown = #"{"kind": "rmsprop", "state": {}}"#
        XCTAssertThrowsError(try JSONDecoder().decode(AnyOptimizer.self, from: Data(unknown.utf8)))
    }

    func testDecodingRejectsMismatchedMoments() {
        let json = #"{"learningRate": 0.1, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "firstMoment": [1, 2], "secondMoment": [1], "beta1Power": 0.9, "beta2Power": 0.999, "stepCount": 1}"#
        XCTAssertThrowsError(try JSONDecoder().decode(Adam.self, from: Data(json.utf8)))
    }
}
