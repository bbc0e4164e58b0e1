import XCTest
@testable import PhysicalNetworks

/// Second-harmonic injection locking, with one shared and with per-oscillator strengths:
/// derivatives against finite differences, and the binarization of a phase to 0 or π.
final class InjectionLockingTests: XCTestCase {
    func testDerivativesMatchFiniteDifferencesWithSharedStrength() {
        let family = InjectionLocking(oscillators: [0, 1, 3], strength: .shared, strengthOffset: 1)
        let parameters = [5.0, 0.7]
        var generator = SeededGenerator(seed: 71)
        let states = generator.states(3, dimension: 4, in: -3...3)
        let problems = InteractionChecks(family: family, dimension: 4, parameters: parameters).failures(states: states)
        XCTAssertTrue(problems.isEmpty, problems.prefix(10).joined(separator: "\n"))
        OscillatorChecks.assertParameterJacobianProduct(family, state: states[0], adjoint: states[1],
                                                        parameters: parameters)
    }

    func testDerivativesMatchFiniteDifferencesPerOscillator() {
        let family = InjectionLocking(oscillators: [2, 0], strength: .perOscillator, strengthOffset: 0)
        let parameters = [0.4, -1.3, 8.0]
        var generator = SeededGenerator(seed: 72)
        let states = generator.states(3, dimension: 3, in: -3...3)
        let problems = InteractionChecks(family: family, dimension: 3, parameters: parameters).failures(states: states)
        XCTAssertTrue(problems.isEmpty, problems.prefix(10).joined(separator: "\n"))
        OscillatorChecks.assertParameterJacobianProduct(family, state: states[0], adjoint: states[1],
                                                        parameters: parameters)
    }

    /// With K_s > 0 a lone oscillator relaxes to the nearer of 0 and π (an Ising spin).
    func testLockingBinarizesThePhase() {
        for (start, expected) in [(0.6, 0.0), (2.0, Double.pi), (-1.2, 0.0)] {
            let network = Network(
                unknowns: [Unknown(name: "phi", kind: .coordinate)],
                interactions: [InjectionLocking(oscillators: [0], strengthOffset: 0),
                               PhaseDrag(oscillators: [0], parameterOffset: 1)],
                parameters: [0.5, 1], parameterNames: ["Ks", "gamma"])
            let result = relax(RelaxationProblem(network: network, initialStates: [start]), using: DormandPrince())
            XCTAssertEqual(result.reports[0].status, .converged, "start \(start)")
            XCTAssertEqual(result.state(0)[0], expected, accuracy: 1e-6, "start \(start)")
        }
    }
}
