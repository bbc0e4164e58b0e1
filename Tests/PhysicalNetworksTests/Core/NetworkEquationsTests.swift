import XCTest
@testable import PhysicalNetworks

final class NetworkEquationsTests: XCTestCase {
    /// The divider: `in` is held by V0 (no capacitance: algebraic), `out` has C (differential),
    /// and the branch row of V0 is algebraic.
    func testClassifiesRowsOfTheDivider() {
        let equations = NetworkEquations(network: NetworkFixtures.divider(capacitance: 2e-3))
        XCTAssertEqual(equations.isAlgebraicRow, [true, false, true])
        XCTAssertTrue(equations.isDifferentialAlgebraic)
        XCTAssertEqual(equations.isNodeRow, [true, true, false])
        XCTAssertTrue(equations.isLinear)
        XCTAssertEqual(equations.massValues[equations.diagonalSlots[1]], 2e-3)
        XCTAssertTrue(NetworkFixtures.divider().isGradientSystem)
    }

    /// F at a state where KCL does not hold: out at 0.5 V leaks 2·0.5 − (1 − 0.5) = 0.5 A;
    /// solving (αM + J) y = b reproduces b through the assembled matrix.
    func testResidualAndIterationMatrixSolve() {
        let equations = NetworkEquations(network: NetworkFixtures.divider(capacitance: 1))
        let state: [Double] = [1, 0.5, -0.5]
        var residual = [Double](repeating: 0, count: 3)
        state.withUnsafeBufferPointer { x in
            residual.withUnsafeMutableBufferPointer { equations.evaluateResidual(x, drive: .dc, into: $0) }
            equations.evaluateJacobian(x, drive: .dc)
        }
        XCTAssertEqual(residual, [0.5 - 0.5, 0.5, 0], "KCL at in: 0.5 A leaves through R_a, 0.5 A enters from V0")
        XCTAssertNoThrow(try equations.factorIterationMatrix(alpha: 10).get())
        var b: [Double] = [1, 2, 3]
        b.withUnsafeMutableBufferPointer { equations.solve($0) }
        // Check A y = (1, 2, 3) with A = 10 M + J assembled by hand.
        let a: [[Double]] = [[1, -1, 1], [-1, 3 + 10, 0], [1, 0, 0]]
        for row in 0..<3 {
            let product = (0..<3).reduce(0.0) { $0 + a[row][$1] * b[$1] }
            XCTAssertEqual(product, Double(row + 1), accuracy: 1e-12)
        }
    }

    func testEnergyIsTheSumOfTheFamilies() {
        let equations = NetworkEquations(network: NetworkFixtures.divider())
        let state: [Double] = [1, 0.25, 0]
        let energy = state.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
        // ½ g_a (1 − 0.25)² + ½ g_b 0.25² (the source's Lagrangian vanishes: V_in = 1 V).
        XCTAssertEqual(energy, 0.5 * 0.75 * 0.75 + 0.5 * 2 * 0.0625, accuracy: 1e-15)
        let power = state.withUnsafeBufferPointer { equations.dissipatedPower($0, drive: .dc) }
        XCTAssertEqual(power, 2 * energy, accuracy: 1e-15, "resistors dissipate twice their co-content")
    }
}
