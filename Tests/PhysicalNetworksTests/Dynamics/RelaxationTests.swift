import XCTest
@testable import PhysicalNetworks

final class RelaxationTests: XCTestCase {
    func testDividerSettlesToOneThirdWithEveryImplicitIntegrator() {
        let network = NetworkFixtures.divider()
        for result in [relax(RelaxationProblem(network: network), using: TRBDF2()),
                       relax(RelaxationProblem(network: network), using: BackwardEuler())] {
            XCTAssertEqual(result.reports[0].status, .converged, result.reports[0].message)
            XCTAssertEqual(result.states[1], 1.0 / 3, accuracy: 1e-9)
            XCTAssertEqual(result.states[2], -2.0 / 3, accuracy: 1e-9)  // source delivers 2/3 A
            // Closed form: v(t) = v*(1 − e^{−t/τ}), τ = C/(g_a + g_b); the test |v − v*| ≤
            // 1e-9 v* + 1e-11 first holds at t = τ ln(v* / (1e-9 v* + 1e-11)).
            let tau = 1e-3 / 3
            let expected = tau * log((1.0 / 3) / (1e-9 / 3 + 1e-11))
            XCTAssertEqual(result.reports[0].time, expected, accuracy: 0.02 * expected)
        }
    }

    func testExplicitIntegratorRefusesDifferentialAlgebraicNetwork() {
        let result = relax(RelaxationProblem(network: NetworkFixtures.divider()), using: DormandPrince())
        XCTAssertEqual(result.reports[0].status, .unsupported)
    }

    func testRelaxationEndpointAgreesWithOperatingPoint() {
        let network = NetworkFixtures.currentDrivenLadder(count: 12)
        let equations = NetworkEquations(network: network)
        var op = [Double](repeating: 0, count: network.dimension)
        let opReport = op.withUnsafeMutableBufferPointer { OperatingPointSolver().solve(equations, state: $0) }
        XCTAssertEqual(opReport.status, .converged)
        for (name, result) in [("TR-BDF2", relax(RelaxationProblem(network: network), using: TRBDF2())),
                               ("DP5", relax(RelaxationProblem(network: network), using: DormandPrince())),
                               ("BE", relax(RelaxationProblem(network: network), using: BackwardEuler()))] {
            XCTAssertEqual(result.reports[0].status, .converged, "\(name): \(result.reports[0].message)")
            for i in 0..<network.dimension {
                XCTAssertEqual(result.states[i], op[i], accuracy: 1e-7 * abs(op[i]) + 1e-10, "\(name) node \(i)")
            }
        }
    }
}
