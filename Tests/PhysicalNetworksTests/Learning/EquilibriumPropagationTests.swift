import Foundation
import XCTest
@testable import PhysicalNetworks

/// PHYSICS.md reference cases 1 and 2: the 3-node divider (V₀ = 1 V, g_a = 1 S, g_b = 2 S,
/// y = 0.5 V), whose exact gradient is dL/d(g_a, g_b) = (−1/27, +1/54).
final class EquilibriumPropagationTests: XCTestCase {
    static let divider = """
        divider (PHYSICS.md case 1)
        *@ input V0
        *@ output out
        *@ train RA RB
        V0 in 0 DC 1
        RA in out 1
        RB out 0 0.5
        C1 out 0 1m
        .end
        """
    static let exact = [-1.0 / 27, 1.0 / 54]

    static func controller() throws -> EquilibriumPropagation {
        let circuit = try CircuitBuilder.build(NetlistParser.parse(contents: divider, file: "divider.cir"))
        let ep = try EquilibriumPropagation(network: circuit.network)
        try ep.setInputs([1])
        try ep.setTargets([0.5])
        return ep
    }

    private func error(_ estimate: GradientEstimate) -> Double {
        zip(estimate.gradient, Self.exact).map { abs($0 - $1) }.max() ?? .infinity
    }

    func testExactGradientMatchesClosedForm() throws {
        let estimate = try Self.controller().gradient(.exact, beta: 0)
        XCTAssertEqual(estimate.status, .converged)
        XCTAssertEqual(estimate.loss, 0.5 * (1.0 / 3 - 0.5) * (1.0 / 3 - 0.5), accuracy: 1e-15)
        XCTAssertLessThan(error(estimate), 1e-14, "\(estimate.gradient)")
    }

    /// PHYSICS.md case 1: one-sided error 1.34e-3 at β = 0.1, 1.38e-4 at 0.01; symmetric
    /// 5.15e-5 and 5.1e-7.
    func testPublishedErrorsOfOneSidedAndCenteredEstimators() throws {
        let ep = try Self.controller()
        for (beta, positive, centered) in [(0.1, 1.34e-3, 5.15e-5), (0.01, 1.38e-4, 5.1e-7)] {
            let p = try ep.gradient(.positive, beta: beta)
            let c = try ep.gradient(.centered, beta: beta)
            XCTAssertEqual(p.phases, 2)
            XCTAssertEqual(c.phases, 3)
            XCTAssertEqual(error(p), positive, accuracy: 0.01 * positive, "positive at β = \(beta)")
            XCTAssertEqual(error(c), centered, accuracy: 0.02 * centered, "centered at β = \(beta)")
        }
    }

    /// One-sided estimators difference against the free phase, so it must be settled to the
    /// nudge's scale too: at β = 1e-6 and 1e-8 S (β R ≈ 3e-7 and 3e-9, bias negligible) they
    /// match the exact gradient to 1e-5 relative.
    func testOneSidedEstimatorsStayAccurateAtTinyNudges() throws {
        let ep = try Self.controller()
        for beta in [1e-6, 1e-8] {
            for estimator in [Estimator.positive, .negative, .centered] {
                let estimate = try ep.gradient(estimator, beta: beta)
                XCTAssertEqual(estimate.status, .converged)
                XCTAssertLessThan(error(estimate) * 27, 1e-5, "\(estimator.name) at β = \(beta)")
            }
        }
    }

    /// PHYSICS.md case 2: Cauchy estimator at |β| = 0.5, N = 2/3/4/6: 1.3e-3 / 2.3e-4 / 4.3e-5 / 1.4e-6.
    func testPublishedErrorsOfHolomorphicEstimator() throws {
        let ep = try Self.controller()
        for (n, expected) in [(2, 1.33e-3), (3, 2.34e-4), (4, 4.29e-5), (6, 1.39e-6)] {
            let estimate = try ep.gradient(.holomorphic(points: n), beta: 0.5)
            XCTAssertEqual(error(estimate), expected, accuracy: 0.02 * expected, "N = \(n)")
        }
    }

    /// Measured bias orders: the slope of log(error) against log(β).
    func testMeasuredBiasOrders() throws {
        let ep = try Self.controller()
        let cases: [(Estimator, [Double])] = [
            (.positive, [0.08, 0.04, 0.02]), (.negative, [0.08, 0.04, 0.02]),
            (.centered, [0.08, 0.04, 0.02]), (.richardson, [0.4, 0.2, 0.1]),
            (.holomorphic(points: 3), [0.8, 0.4, 0.2]), (.holomorphic(points: 5), [0.8, 0.4, 0.2]),
        ]
        for (estimator, betas) in cases {
            let errors = try betas.map { error(try ep.gradient(estimator, beta: $0)) }
            let slope = log(errors[0] / errors[2]) / log(betas[0] / betas[2])
            XCTAssertEqual(slope, Double(estimator.biasOrder), accuracy: 0.15,
                           "\(estimator.name): errors \(errors) at β = \(betas)")
        }
    }

    func testHolomorphicRefusesDiodes() throws {
        let text = Self.divider.replacingOccurrences(of: ".end", with: ".model dm D\nD1 out 0 dm\n.end")
        let circuit = try CircuitBuilder.build(NetlistParser.parse(contents: text, file: "d.cir"))
        let ep = try EquilibriumPropagation(network: circuit.network)
        XCTAssertThrowsError(try ep.gradient(.holomorphic(points: 4), beta: 0.1)) { error in
            XCTAssertEqual(error as? LearningError, .notAnalytic(families: ["diodes"]))
        }
    }
}
