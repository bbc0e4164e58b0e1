import XCTest
@testable import PhysicalNetworks

/// Local fields: torques, Jacobian, energy and ∂E/∂(h, ψ) against finite differences, and
/// λᵀ∂F/∂(h, ψ) against differences of the torques.
final class PhaseFieldsTests: XCTestCase {
    /// Fields on unknowns 0, 2, 3 of four; h at 1…3, ψ at 4…6 (parameter 0 is someone else's).
    static let family = PhaseFields(oscillators: [0, 2, 3], strengthOffset: 1, phaseOffset: 4)
    static let parameters = [7.0, 0.5, -1.2, 2.0, -1.0, 0.3, 2.5]

    func testDerivativesMatchFiniteDifferences() {
        var generator = SeededGenerator(seed: 61)
        let checks = InteractionChecks(family: Self.family, dimension: 4, parameters: Self.parameters)
        let problems = checks.failures(states: generator.states(3, dimension: 4, in: -3...3))
        XCTAssertTrue(problems.isEmpty, problems.prefix(10).joined(separator: "\n"))
    }

    func testParameterJacobianProductMatchesDifferencesOfTheTorques() {
        var generator = SeededGenerator(seed: 62)
        let states = generator.states(2, dimension: 4, in: -3...3)
        OscillatorChecks.assertParameterJacobianProduct(Self.family, state: states[0], adjoint: states[1],
                                                        parameters: Self.parameters)
    }

    /// One oscillator in a field settles at φ = ψ (h > 0) and at ψ + π (h < 0).
    func testAnOscillatorLocksToItsFieldOrAgainstIt() {
        for (h, expected) in [(0.8, 0.3), (-0.8, 0.3 + Double.pi)] {
            let network = Network(
                unknowns: [Unknown(name: "phi", kind: .coordinate)],
                interactions: [PhaseFields(oscillators: [0], strengthOffset: 0, phaseOffset: 1),
                               PhaseDrag(oscillators: [0], parameterOffset: 2)],
                parameters: [h, 0.3, 1], parameterNames: ["h", "psi", "gamma"])
            let result = relax(RelaxationProblem(network: network, initialStates: [1.5]), using: DormandPrince())
            XCTAssertEqual(result.reports[0].status, .converged, "h = \(h)")
            XCTAssertEqual(result.state(0)[0], expected, accuracy: 1e-6, "h = \(h)")
        }
    }
}
