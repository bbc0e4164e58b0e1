import XCTest
@testable import QuantumNetworks

/// The network description: K from springs, parameter layout, the nudged network.
final class HarmonicNetworkTests: XCTestCase {
    func testStiffnessMatrixOfCase3() {
        XCTAssertEqual(HarmonicFixtures.case3().stiffnessMatrix(), [2, -1, -1, 2])
    }

    func testParameterLayoutAndNames() {
        var network = HarmonicFixtures.case3(forces: [0.5, -0.25])
        XCTAssertEqual(network.parameters, [1, 1, 1, 0.5, -0.25])
        XCTAssertEqual(network.parameterNames, ["k0-g", "k0-1", "k1-g", "b0", "b1"])
        network.parameters = [2, 3, 4, 5, 6]
        XCTAssertEqual(network.stiffnesses, [2, 3, 4])
        XCTAssertEqual(network.forces, [5, 6])
        XCTAssertEqual(network.stiffnessMatrix(), [5, -3, -3, 7])
    }

    /// K + βe_oe_oᵀ, b + βy e_o, offset βy²/2, the parameters unchanged.
    func testNudgedNetworkAddsTheCostAsAnAnchorAndAForce() {
        let network = HarmonicFixtures.case3(forces: [0.5, -0.25], outputs: [HarmonicOutput(node: 1, target: 0.8)])
        let nudged = network.nudged(beta: 0.1)
        XCTAssertEqual(nudged.stiffnessMatrix(), [2, -1, -1, 2.1])
        XCTAssertEqual(nudged.totalForces[0], 0.5)
        XCTAssertEqual(nudged.totalForces[1], -0.25 + 0.08, accuracy: 1e-15)
        XCTAssertEqual(nudged.energyOffset, 0.1 * 0.64 / 2, accuracy: 1e-15)
        XCTAssertEqual(nudged.parameters, network.parameters)
        XCTAssertEqual(network.totalForces, network.forces)
        XCTAssertEqual(network.energyOffset, 0)
    }
}
