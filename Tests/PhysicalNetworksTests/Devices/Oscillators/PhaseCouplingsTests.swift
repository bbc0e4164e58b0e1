import XCTest
@testable import PhysicalNetworks

/// Sparse phase couplings: torques, Jacobian, energy and ∂E/∂W against finite differences
/// (`InteractionChecks`), with free and pinned (anchored) endpoints, and λᵀ∂F/∂W against
/// differences of the torques.
final class PhaseCouplingsTests: XCTestCase {
    /// Four free oscillators (unknowns 0–3) on a ring with a chord, plus two couplings to
    /// pinned inputs at phases 0.4 and −1.1, and one coupling between two pinned inputs.
    static func ring() -> (PhaseCouplings, [Double]) {
        let couplings = [
            PhaseCouplings.Coupling(a: 0, b: 1), PhaseCouplings.Coupling(a: 1, b: 2),
            PhaseCouplings.Coupling(a: 2, b: 3), PhaseCouplings.Coupling(a: 3, b: 0),
            PhaseCouplings.Coupling(a: 0, b: 2),
            PhaseCouplings.Coupling(a: -1, b: 1, anchorA: 0.4),
            PhaseCouplings.Coupling(a: 3, b: -1, anchorB: -1.1),
            PhaseCouplings.Coupling(a: -1, b: -1, anchorA: 0.2, anchorB: 1.0),
        ]
        // Two parameters ahead of the weights, so the offset is exercised.
        let parameters = [9.0, -9.0, 1.0, -0.7, 0.5, 1.3, -0.2, 0.8, 1.1, 0.6]
        return (PhaseCouplings(couplings: couplings, weightOffset: 2), parameters)
    }

    func testDerivativesMatchFiniteDifferences() {
        let (family, parameters) = Self.ring()
        var generator = SeededGenerator(seed: 6)
        let checks = InteractionChecks(family: family, dimension: 4, parameters: parameters)
        let problems = checks.failures(states: generator.states(3, dimension: 4, in: -3...3))
        XCTAssertTrue(problems.isEmpty, problems.prefix(10).joined(separator: "\n"))
    }

    func testParameterJacobianProductMatchesDifferencesOfTheTorques() {
        let (family, parameters) = Self.ring()
        var generator = SeededGenerator(seed: 7)
        let states = generator.states(2, dimension: 4, in: -3...3)
        OscillatorChecks.assertParameterJacobianProduct(family, state: states[0], adjoint: states[1],
                                                        parameters: parameters)
    }

    /// The local measurement is −cos(φ_a − φ_b), whatever W is, and the parameters ahead of
    /// the offset are left alone.
    func testMeasurementIsMinusCosineOfThePhaseDifference() {
        let (family, parameters) = Self.ring()
        let x = [0.3, -0.5, 2.0, 1.0]
        var gradient = [Double](repeating: 0, count: parameters.count)
        x.withUnsafeBufferPointer { s in
            parameters.withUnsafeBufferPointer { p in
                gradient.withUnsafeMutableBufferPointer {
                    family.addParameterGradient(StateBatch(base: s.baseAddress!, rows: 1, columns: 4), drive: .dc,
                                                parameters: p, into: $0)
                }
            }
        }
        let expected = [0, 0, -cos(0.8), -cos(-2.5), -cos(1.0), -cos(0.7), -cos(-1.7), -cos(0.9), -cos(2.1),
                        -cos(-0.8)]
        for (g, e) in zip(gradient, expected) { XCTAssertEqual(g, e, accuracy: 1e-15) }
    }
}
