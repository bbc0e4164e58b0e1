import XCTest
@testable import PhysicalNetworks

final class CapacitorsTests: XCTestCase {
    private let terminals: [(a: Int, b: Int)] = [(0, 1), (1, Unknown.ground), (Unknown.ground, 2)]
    private let parameters = [5.0, 1e-6, 2.2e-6, 4.7e-9]

    func testDerivativesAgainstFiniteDifferences() {
        var generator = SeededGenerator(seed: 2)
        assertInteractionDerivatives(Capacitors(terminals: terminals, parameterOffset: 1), dimension: 3,
                                     parameters: parameters, states: generator.states(3, dimension: 3, in: -1...1))
    }

    func testMassEntriesStampEachCapacitance() {
        let family = Capacitors(terminals: terminals, parameterOffset: 1)
        // Ground terminals drop their row and column: 4 + 1 + 1 entries.
        XCTAssertEqual(family.massEntries(), [
            MatrixEntry(row: 0, column: 0), MatrixEntry(row: 0, column: 1),
            MatrixEntry(row: 1, column: 0), MatrixEntry(row: 1, column: 1),
            MatrixEntry(row: 1, column: 1), MatrixEntry(row: 2, column: 2),
        ])
        let network = Network(unknowns: (0..<3).map { Unknown(name: "n\($0)", kind: .nodeVoltage) },
                              interactions: [family], parameters: parameters,
                              parameterNames: ["x", "c1", "c2", "c3"])
        let equations = NetworkEquations(network: network)
        let c1 = 1e-6, c2 = 2.2e-6, c3 = 4.7e-9
        XCTAssertEqual(denseMatrix(equations.pattern, values: equations.massValues),
                       [[c1, -c1, 0], [-c1, c1 + c2, 0], [0, 0, c3]])
        XCTAssertEqual(equations.isAlgebraicRow, [false, false, false])
        XCTAssertFalse(equations.isDifferentialAlgebraic)
        // M x: the charges.
        var charges = [0.0, 0, 0]
        [1.0, 0.5, -2].withUnsafeBufferPointer { x in
            charges.withUnsafeMutableBufferPointer { equations.multiplyMass(x, into: $0) }
        }
        XCTAssertEqual(charges[0], c1 * 0.5, accuracy: 1e-21)
        XCTAssertEqual(charges[1], -c1 * 0.5 + c2 * 0.5, accuracy: 1e-21)
        XCTAssertEqual(charges[2], -2 * c3, accuracy: 1e-24)
    }

    func testNoStaticCurrentNoEnergy() {
        let checks = InteractionChecks(family: Capacitors(terminals: terminals, parameterOffset: 1),
                                       dimension: 3, parameters: parameters)
        XCTAssertEqual(checks.residual([1, 2, 3]), [0, 0, 0])
        XCTAssertEqual(checks.energies([[1, 2, 3]], parameters), [0])
        XCTAssertEqual(checks.family.jacobianEntries(), [])
    }

    func testNodeWithoutCapacitanceIsAlgebraic() {
        let network = Network(unknowns: (0..<2).map { Unknown(name: "n\($0)", kind: .nodeVoltage) },
                              interactions: [Capacitors(terminals: [(0, Unknown.ground)], parameterOffset: 0),
                                             Resistors(terminals: [(0, 1), (1, Unknown.ground)], parameterOffset: 1)],
                              parameters: [1e-6, 1, 1], parameterNames: ["c", "r1", "r2"])
        let equations = NetworkEquations(network: network)
        XCTAssertEqual(equations.isAlgebraicRow, [false, true])
        XCTAssertTrue(equations.isDifferentialAlgebraic)
    }
}
