import Foundation
import XCTest
@testable import PhysicalNetworks

/// The closed forms the order measurements rest on.
final class ConvergenceOrderTests: XCTestCase {
    func testClosedFormSolvesTheLadder() {
        // Independent of any integrator: the closed form satisfies v(0) = 0, C v̇ = −G v + I e₀
        // (by central differences), and tends to the operating point.
        let network = NetworkFixtures.currentDrivenLadder(count: 2)
        XCTAssertEqual(ConvergenceOrder.ladderSolution(at: 0)[0], 0, accuracy: 1e-15)
        XCTAssertEqual(ConvergenceOrder.ladderSolution(at: 0)[1], 0, accuracy: 1e-15)
        let equations = NetworkEquations(network: network)
        for t in [1e-4, 7e-4, 3e-3] {
            let h = 1e-8
            let x = ConvergenceOrder.ladderSolution(at: t)
            let plus = ConvergenceOrder.ladderSolution(at: t + h), minus = ConvergenceOrder.ladderSolution(at: t - h)
            var force = [0.0, 0]
            x.withUnsafeBufferPointer { state in
                force.withUnsafeMutableBufferPointer { equations.evaluateResidual(state, drive: .dc, into: $0) }
            }
            let capacitance = [network.parameters[4], network.parameters[5]]
            for i in 0..<2 {
                let rate = (plus[i] - minus[i]) / (2 * h)
                XCTAssertEqual(capacitance[i] * rate, -force[i], accuracy: 1e-8 * abs(force[i]) + 1e-15)
            }
        }
        let (op, _) = NetworkFixtures.operatingPoint(of: network)
        let late = ConvergenceOrder.ladderSolution(at: 1)
        XCTAssertEqual(late[0], op[0], accuracy: 1e-12)
        XCTAssertEqual(late[1], op[1], accuracy: 1e-12)
    }
}
