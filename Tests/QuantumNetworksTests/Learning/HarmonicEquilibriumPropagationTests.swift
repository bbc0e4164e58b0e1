import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// Quantum EP on case 3's harmonic network with a force and an output: the centered estimate
/// tends to the quantum closed form at O(β²), the classical EP estimate to the classical
/// gradient, and the two differ by the zero-point term.
final class HarmonicEquilibriumPropagationTests: XCTestCase {
    static func controller() throws -> HarmonicEquilibriumPropagation {
        let model = try QuantumModelParser.parse(contents: """
            case 3 with a force and an output
            mode x1
            mode x2
            spring k1 x1 0 1
            spring k12 x1 x2 1
            spring k2 x2 0 1
            force f1 x1 0.5
            *@ output x2
            """, file: "h.quantum")
        var (network, _) = try model.harmonicNetwork()
        network.outputs[0].target = 0.8
        return HarmonicEquilibriumPropagation(network: network, trainable: [0, 1, 2, 3])
    }

    func testCenteredEstimateTendsToTheQuantumGradient() throws {
        let ep = try Self.controller()
        let exact = try ep.gradient(.exact, beta: 0)
        func error(_ beta: Double) throws -> Double {
            zip(try ep.gradient(.centered, beta: beta).gradient, exact.gradient).map { abs($0 - $1) }.max()!
        }
        XCTAssertLessThan(try error(0.01), 1e-4)
        XCTAssertEqual(try error(0.02) / error(0.01), 4, accuracy: 0.2)
        let estimate = try ep.gradient(.centered, beta: 0.001)
        for k in 0..<4 {
            XCTAssertEqual(estimate.classicalGradient[k], exact.classicalGradient[k], accuracy: 1e-6)
        }
        // The springs' zero-point terms make quantum and classical gradients differ.
        XCTAssertGreaterThan(abs(exact.gradient[1] - exact.classicalGradient[1]), 0.01)
        XCTAssertEqual(exact.gradient[3], exact.classicalGradient[3], accuracy: 1e-12, "a force has no zero-point term")
        XCTAssertEqual(exact.loss - exact.classicalLoss, 0.5 * exact.freeState.covariance(1, 1), accuracy: 1e-12)
    }

    func testDefaultSolverControllerOnCaseFourFile() throws {
        let model = try QuantumModelParser.parse(contents: QuantumModelBuildersTests.caseFour, file: "c4")
        let (ising, index) = try model.isingModel()
        let ep = QuantumEquilibriumPropagation(hamiltonian: ising,
                                               cost: SpinSquaredError(spins: 2, outputs: [0], targets: [0.8]),
                                               trainable: [index["j"]!])
        XCTAssertEqual(try ep.exactGradient().gradient[0], -0.322994, accuracy: 1e-6)
        XCTAssertEqual(try ep.gradient(.centered, beta: 0.1).gradient[0], -0.320283, accuracy: 1e-6)
    }
}
