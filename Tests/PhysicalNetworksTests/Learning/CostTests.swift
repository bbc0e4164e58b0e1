import Foundation
import XCTest
@testable import PhysicalNetworks

/// The costs are interactions like any other: the shared finite-difference check covers their
/// residual (= β ∂C/∂x), Jacobian and energy (= β C); their own C and ∂C/∂x are checked too.
final class CostTests: XCTestCase {
    // Parameters: [β, y0, y1] with β = 0.3 S.
    private let squared = SquaredError(outputs: [1, 3], betaParameter: 0, targetOffset: 1)
    // Pairs (0, 1) and (2, Unknown.ground) and (3, 4): three classes; targets one-hot class 2.
    private let crossEntropy = DifferentialCrossEntropy(
        pairs: [(0, 1), (2, Unknown.ground), (3, 4)], betaParameter: 0, targetOffset: 1, scale: 0.2)

    func testSquaredErrorDerivatives() {
        var generator = SeededGenerator(seed: 3)
        assertInteractionDerivatives(squared, dimension: 4, parameters: [0.3, 0.1, -0.4],
                                     states: generator.states(3, dimension: 4, in: -1...1))
    }

    func testCrossEntropyDerivatives() {
        var generator = SeededGenerator(seed: 4)
        assertInteractionDerivatives(crossEntropy, dimension: 5, parameters: [0.3, 0.2, 0.3, 0.5],
                                     states: generator.states(3, dimension: 5, in: -0.5...0.5))
    }

    /// C and ∂C/∂x of both costs against closed forms and central differences.
    func testCostAndItsGradient() {
        let parameters = [0.3, 0, 0, 1.0]
        let state = [0.2, -0.1, 0.05, 0.3, 0.1]
        let z = [(0.2 + 0.1) / 0.2, 0.05 / 0.2, (0.3 - 0.1) / 0.2]
        let logSumExp = log(z.map(exp).reduce(0, +))
        let c = state.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { crossEntropy.cost(x, parameters: $0) }
        }
        XCTAssertEqual(c, logSumExp - z[2], accuracy: 1e-14, "−log softmax of the target class")
        for family in [crossEntropy as any Cost, SquaredError(outputs: [1, 3], betaParameter: 0, targetOffset: 1)] {
            var gradient = [Double](repeating: 0, count: 5)
            state.withUnsafeBufferPointer { x in
                parameters.withUnsafeBufferPointer { p in
                    gradient.withUnsafeMutableBufferPointer { family.addCostGradient(x, parameters: p, into: $0) }
                }
            }
            for i in 0..<5 {
                var up = state, down = state
                up[i] += 1e-6
                down[i] -= 1e-6
                let cUp = up.withUnsafeBufferPointer { x in parameters.withUnsafeBufferPointer { family.cost(x, parameters: $0) } }
                let cDown = down.withUnsafeBufferPointer { x in parameters.withUnsafeBufferPointer { family.cost(x, parameters: $0) } }
                XCTAssertEqual(gradient[i], (cUp - cDown) / 2e-6, accuracy: 1e-8, "\(family.familyName) ∂C/∂x_\(i)")
            }
        }
    }

    func testCrossEntropyPredictionIsTheLargestLogit() {
        let parameters = [0.0, 0, 1, 0]
        let right = [0.1, 0.0, 0.5, 0.2, 0.1]    // logits 0.1, 0.5, 0.1 (×5): class 1 wins
        let wrong = [0.9, 0.0, 0.5, 0.2, 0.1]
        let check = { (state: [Double]) in
            state.withUnsafeBufferPointer { x in parameters.withUnsafeBufferPointer { self.crossEntropy.isCorrect(x, parameters: $0) } }
        }
        XCTAssertTrue(check(right))
        XCTAssertFalse(check(wrong))
    }

    /// EP with a cross-entropy cost on a two-class differential output agrees with the exact
    /// gradient (centered estimator, bias O(β²)).
    func testEquilibriumPropagationWithCrossEntropy() throws {
        let text = """
            differential outputs
            *@ input V1 V2
            *@ output p1 m1 p2 m2
            *@ train R1 R2 R3 R4 R5 R6 R7 R8
            V1 a 0 DC 0.6
            V2 b 0 DC -0.3
            R1 a p1 1k
            R2 b p1 2k
            R3 a m1 3k
            R4 b m1 1.5k
            R5 a p2 2.2k
            R6 b p2 1k
            R7 a m2 1k
            R8 b m2 4.7k
            RL1 p1 0 10k
            RL2 m1 0 10k
            RL3 p2 0 10k
            RL4 m2 0 10k
            .end
            """
        let circuit = try CircuitBuilder.build(NetlistParser.parse(contents: text, file: "ce.cir"))
        let ep = try EquilibriumPropagation(network: circuit.network, cost: .crossEntropy(scale: 0.1))
        try ep.setInputs([0.6, -0.3])
        try ep.setTargets([0, 1])
        let exact = try ep.gradient(.exact, beta: 0)
        let centered = try ep.gradient(.centered, beta: 1e-6)
        let scale = exact.gradient.map(abs).max() ?? 1
        for (e, c) in zip(exact.gradient, centered.gradient) {
            XCTAssertEqual(c, e, accuracy: 1e-4 * scale)
        }
        XCTAssertGreaterThan(scale, 0)
    }
}
