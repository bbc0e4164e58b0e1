import XCTest
@testable import PhysicalNetworks

final class ResistorsTests: XCTestCase {
    /// Five resistors on four nodes, two to ground; conductances start at offset 2 of the
    /// parameter vector (the first two belong to another family).
    private let terminals: [(a: Int, b: Int)] = [(0, 1), (1, 2), (2, Unknown.ground), (Unknown.ground, 3), (3, 0)]
    private let parameters = [9.0, 9.0, 1e-3, 2.2e-3, 0.5e-3, 4.7e-4, 1.5e-3]

    func testDerivativesAgainstFiniteDifferences() {
        var generator = SeededGenerator(seed: 1)
        assertInteractionDerivatives(Resistors(terminals: terminals, parameterOffset: 2), dimension: 4,
                                     parameters: parameters, states: generator.states(4, dimension: 4, in: -2...2))
    }

    func testEnergyPowerAndLocalMeasurementInClosedForm() {
        let family = Resistors(terminals: terminals, parameterOffset: 2)
        let checks = InteractionChecks(family: family, dimension: 4, parameters: parameters)
        let x = [0.3, -0.2, 0.9, 0.05]
        let drops = [0.3 + 0.2, -0.2 - 0.9, 0.9, -0.05, 0.05 - 0.3]
        let g = Array(parameters[2...])
        let energy = zip(g, drops).map { 0.5 * $0 * $1 * $1 }.reduce(0, +)
        XCTAssertEqual(checks.energies([x], parameters)[0], energy, accuracy: 1e-16)
        // Joule heating Σ g ΔV² is twice the co-content.
        XCTAssertEqual(checks.dissipatedPowers([x])[0], 2 * energy, accuracy: 1e-16)
        let gradient = checks.parameterGradient([x])
        XCTAssertEqual(gradient[0], 0)
        XCTAssertEqual(gradient[1], 0)
        for (k, drop) in drops.enumerated() {
            XCTAssertEqual(gradient[2 + k], 0.5 * drop * drop, accuracy: 1e-16, "½ΔV² of resistor \(k)")
        }
    }

    func testKirchhoffCurrentsLeaveEachNode() {
        // One 2 S resistor from node 0 to ground at 0.25 V: 0.5 A leaves node 0.
        let checks = InteractionChecks(family: Resistors(terminals: [(0, Unknown.ground)], parameterOffset: 0),
                                       dimension: 1, parameters: [2])
        XCTAssertEqual(checks.residual([0.25]), [0.5])
        XCTAssertTrue(checks.family.isLinear)
        XCTAssertTrue(checks.family.isReciprocal)
    }
}
