import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// PHYSICS.md case 4, a 2-spin TFIM: H = −J Z₁Z₂ − h₁Z₁ − h₂Z₂ − Γ(X₁ + X₂), J = 0.5,
/// h = (0.3, −0.2), Γ = 0.7, Ĉ = ½(Z₂ − 0.8)², built from Kronecker products here (numpy's
/// kron(Z, I) acts on the reference's spin 1 = the high bit = our spin 1; its Z₂ is our spin 0).
/// Reference numbers from ../shared/reference/check_cases.py: exact dL/dJ = −0.322994; QEP at
/// β = 0.1 one-sided −0.349463, symmetric −0.320283; at β = 0.01 −0.325928 and −0.322967.
final class QuantumEquilibriumPropagationTests: XCTestCase {
    static func caseFour() -> DenseTestHamiltonian {
        let z2z1 = kron(pauliZ, pauliZ)
        let zHigh = kron(pauliZ, identity2), zLow = kron(identity2, pauliZ)
        let xHigh = kron(pauliX, identity2), xLow = kron(identity2, pauliX)
        return DenseTestHamiltonian(
            dimension: 4, constant: [Double](repeating: 0, count: 16),
            terms: [z2z1.map { -$0 }, zLow.map { -$0 }, zHigh.map { -$0 }, xLow.map { -$0 }, xHigh.map { -$0 }],
            parameters: [0.5, -0.2, 0.3, 0.7, 0.7], parameterNames: ["J0_1", "h0", "h1", "G0", "G1"])
    }

    static func controller(level: Int = 0) -> QuantumEquilibriumPropagation {
        QuantumEquilibriumPropagation(hamiltonian: caseFour(), cost: SpinSquaredError(spins: 2, outputs: [0], targets: [0.8]),
                                      level: level, solve: jacobiSolve)
    }

    func testCaseFourNumbers() throws {
        let ep = Self.controller()
        XCTAssertEqual(try ep.exactGradient().gradient[0], -0.322994, accuracy: 1e-6)
        XCTAssertEqual(try ep.gradient(.positive, beta: 0.1).gradient[0], -0.349463, accuracy: 1e-6)
        XCTAssertEqual(try ep.gradient(.centered, beta: 0.1).gradient[0], -0.320283, accuracy: 1e-6)
        XCTAssertEqual(try ep.gradient(.positive, beta: 0.01).gradient[0], -0.325928, accuracy: 1e-6)
        XCTAssertEqual(try ep.gradient(.centered, beta: 0.01).gradient[0], -0.322967, accuracy: 1e-6)
    }

    /// L(θ) by dense diagonalization, differentiated by central differences.
    static func finiteDifferenceGradient(level: Int) -> [Double] {
        let cost = SpinSquaredError(spins: 2, outputs: [0], targets: [0.8])
        func loss(_ h: DenseTestHamiltonian) -> Double { cost.expectation(jacobiEigen(h.denseMatrix()).vectors[level]) }
        return (0..<5).map { k in
            var plus = caseFour(), minus = caseFour()
            plus.parameters[k] += 1e-5
            minus.parameters[k] -= 1e-5
            return (loss(plus) - loss(minus)) / 2e-5
        }
    }

    func testExactGradientMatchesFiniteDifferencesForGroundAndExcitedStates() throws {
        for level in 0..<4 {
            let exact = try Self.controller(level: level).exactGradient().gradient
            for (e, f) in zip(exact, Self.finiteDifferenceGradient(level: level)) {
                XCTAssertEqual(e, f, accuracy: 1e-7, "level \(level)")
            }
        }
    }

    /// EP holds for any nondegenerate eigenstate: centered error O(β²), Richardson O(β⁴).
    func testEstimatorOrdersOnAnExcitedState() throws {
        let ep = Self.controller(level: 2)
        let exact = try ep.exactGradient().gradient
        func error(_ estimator: Estimator, _ beta: Double) throws -> Double {
            zip(try ep.gradient(estimator, beta: beta).gradient, exact).map { abs($0 - $1) }.max()!
        }
        XCTAssertEqual(try error(.positive, 0.02) / error(.positive, 0.01), 2, accuracy: 0.1)
        XCTAssertEqual(try error(.centered, 0.02) / error(.centered, 0.01), 4, accuracy: 0.2)
        XCTAssertEqual(try error(.richardson, 0.08) / error(.richardson, 0.04), 16, accuracy: 2)
        XCTAssertEqual(try ep.gradient(.centered, beta: 0.1).phases, 3)
    }

    func testRefusals() {
        let ep = Self.controller()
        XCTAssertThrowsError(try ep.gradient(.holomorphic(points: 4), beta: 0.1))
        XCTAssertThrowsError(try ep.gradient(.centered, beta: 0))
    }
}
