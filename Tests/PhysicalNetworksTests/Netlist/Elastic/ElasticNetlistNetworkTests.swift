import XCTest
@testable import PhysicalNetworks

/// `ElasticNetlist.network()` and `setParameter(_:to:)`: names and layout of unknowns and
/// parameters, the roles as indices, the starting state, and the exact EP gradient of a parsed
/// file against central finite differences of the loss over Newton equilibria.
final class ElasticNetlistNetworkTests: XCTestCase {
    /// Two pinned nodes, two free ones; stressed at the file positions (b2 and the input `in`
    /// have rest lengths other than their lengths), so the equilibrium and gradient are not trivial.
    static let text = """
        stressed triangle
        *@ input in
        *@ output d top.y
        *@ train *.k b3.l b2.l
        *@ bounds k 1m 100
        *@ bounds l 0.1 5
        .drag 0.5
        node a 0 0 pinned
        node b 2 0 pinned
        node top 1 1
        node c 1 -1
        bond b1 a top 1
        bond b2 b top 2 1.2
        bond b3 a c 1
        bond b4 b c 1.5
        bond in top c 10 2.2
        sensor d a top
        .end
        """

    static func netlist() throws -> ElasticNetlist {
        try ElasticNetlistParser.parse(contents: text, file: "t.elastic")
    }

    func testUnknownsParametersAndRolesAreNamedAndIndexed() throws {
        let network = try Self.netlist().network()
        XCTAssertEqual(network.unknowns.map(\.name), ["top.x", "top.y", "c.x", "c.y", "d"])
        XCTAssertTrue(network.unknowns.allSatisfy { $0.kind == .coordinate })
        let bonds = ["b1", "b2", "b3", "b4", "in"]
        XCTAssertEqual(network.parameterNames,
                       bonds.map { "\($0).k" } + bonds.map { "\($0).l" } + ["top.drag", "c.drag", "d.coupling"])
        let root2 = 2.0.squareRoot()
        XCTAssertEqual(network.parameters, [1, 2, 1, 1.5, 10, root2, 1.2, root2, root2, 2.2, 0.5, 0.5, 1e6])
        XCTAssertEqual(network.startingState, [1, 1, 1, -1, root2], "file positions, then the sensor's distance")

        let roles = network.roles
        XCTAssertEqual(roles.inputs, ["in"])
        XCTAssertEqual(roles.inputParameters, [9], "an input is its bond's rest length, in.l")
        XCTAssertEqual(roles.outputs, [4, 1], "the sensor's unknown, then top.y, in directive order")
        XCTAssertEqual(roles.trainable.map { network.parameterNames[$0] }, ["b1.k", "b2.k", "b3.k", "b4.k", "b3.l", "b2.l"])
        XCTAssertEqual(roles.trainable, [0, 1, 2, 3, 7, 6])
        XCTAssertEqual(roles.trainableBounds, Array(repeating: 1e-3...100, count: 4) + [0.1...5, 0.1...5])
        XCTAssertNil(roles.bounds)
        XCTAssertTrue(network.isGradientSystem)
    }

    func testWithoutSensorsTheStateIsTheFreeCoordinates() throws {
        let text = """
            tetrahedron
            .dimension 3
            *@ output apex.z
            *@ train *.l
            node p0 0 0 0 pinned
            node apex 0.2 0.3 0.9
            node p1 1 0 0 pinned
            node p2 0 1 0 pinned
            bond s0 p0 apex 1
            bond s1 p1 apex 1
            bond s2 p2 apex 1 0.5
            """
        let network = try ElasticNetlistParser.parse(contents: text, file: "tet.elastic").network()
        XCTAssertEqual(network.unknowns.map(\.name), ["apex.x", "apex.y", "apex.z"])
        XCTAssertEqual(network.startingState, [0.2, 0.3, 0.9])
        XCTAssertFalse(network.parameterNames.contains { $0.hasSuffix(".coupling") })
        XCTAssertFalse(network.interactions.contains { $0 is DistanceSensors })
        XCTAssertEqual(network.roles.outputs, [2])
        XCTAssertEqual(network.roles.trainable.map { network.parameterNames[$0] }, ["s0.l", "s1.l", "s2.l"])
        XCTAssertEqual(network.roles.trainableBounds, Array(repeating: 0...Double.infinity, count: 3))
        XCTAssertEqual(network.roles.inputParameters, [])
    }

    /// The loss ½Σ(o − y)² over the equilibrium reached by Newton's method, with the distance
    /// output computed from the positions (not read from the sensor).
    private func relaxedLoss(_ base: Network, setting name: String, to value: Double, targets: (d: Double, y: Double))
        throws -> (loss: Double, state: [Double]) {
        var network = base
        let index = try XCTUnwrap(network.parameterNames.firstIndex(of: name))
        network.parameters[index] = value
        var state = try XCTUnwrap(network.startingState)
        let report = state.withUnsafeMutableBufferPointer {
            OperatingPointSolver().solve(NetworkEquations(network: network), state: $0)
        }
        XCTAssertEqual(report.status, .converged, "\(name) = \(value)")
        XCTAssertLessThan(report.residual, 1e-9, "rounding times the sensor coupling K = 1e6 N/m")
        let top = SIMD2(state[0], state[1])
        let d = (top * top).sum().squareRoot()  // a is pinned at the origin
        XCTAssertEqual(state[4], d, accuracy: 1e-12, "the sensor reads the distance at equilibrium")
        return (0.5 * (d - targets.d) * (d - targets.d) + 0.5 * (top.y - targets.y) * (top.y - targets.y), state)
    }

    func testExactGradientMatchesFiniteDifferencesOfTheRelaxedLoss() throws {
        let network = try Self.netlist().network()
        let targets = (d: 1.45, y: 1.0)
        let input = 2.3
        let controller = try EquilibriumPropagation(network: network)
        try controller.setInputs([input])
        try controller.setTargets([targets.d, targets.y])
        let exact = controller.exactGradient()
        XCTAssertEqual(exact.status, .converged)
        XCTAssertEqual(controller.trainableNames, ["b1.k", "b2.k", "b3.k", "b4.k", "b3.l", "b2.l"])

        var base = network
        base.parameters[try XCTUnwrap(base.parameterNames.firstIndex(of: "in.l"))] = input
        let free = try relaxedLoss(base, setting: "in.l", to: input, targets: targets)
        XCTAssertEqual(exact.loss, free.loss, accuracy: 1e-12)
        for (x, y) in zip(exact.freeState, free.state) { XCTAssertEqual(x, y, accuracy: 1e-9, "the same equilibrium") }

        for (k, name) in controller.trainableNames.enumerated() {
            let value = base.parameters[try XCTUnwrap(base.parameterNames.firstIndex(of: name))]
            let h = 1e-5 * max(1, abs(value))
            let plus = try relaxedLoss(base, setting: name, to: value + h, targets: targets).loss
            let minus = try relaxedLoss(base, setting: name, to: value - h, targets: targets).loss
            let difference = (plus - minus) / (2 * h)
            XCTAssertGreaterThan(abs(difference), 1e-5, "\(name): a gradient worth checking")
            XCTAssertEqual(exact.gradient[k], difference, accuracy: 1e-8 + 1e-6 * abs(difference), name)
        }
    }

    func testSetParameterChangesTheNamedBond() throws {
        var netlist = try Self.netlist()
        try netlist.setParameter("in", to: 2.5)
        XCTAssertEqual(netlist.elastic.bonds[4].restLength, 2.5, "an input's name sets its rest length")
        try netlist.setParameter("b1.k", to: 3)
        XCTAssertEqual(netlist.elastic.bonds[0].stiffness, 3)
        try netlist.setParameter("b3.l", to: 0.9)
        XCTAssertEqual(netlist.elastic.bonds[2].restLength, 0.9)
        try netlist.setParameter("in.k", to: 0)
        XCTAssertEqual(netlist.elastic.bonds[4].stiffness, 0)
        let network = netlist.network()
        XCTAssertEqual(network.parameters[network.roles.inputParameters[0]], 2.5)
        XCTAssertEqual(network.parameters[0], 3)
        XCTAssertEqual(network.parameters[4], 0)
        XCTAssertEqual(network.parameters[7], 0.9)
        XCTAssertEqual(network.startingState, [1, 1, 1, -1, Double(2).squareRoot()], "positions stay the file's")
    }

    func testSetParameterRefusesWhatIsNotABondParameter() throws {
        let netlist = try Self.netlist()
        let cases: [(String, Double, String)] = [
            ("zz", 1, "t.elastic: --set zz: expected BOND.k or BOND.l or an input (in)"),
            ("b1", 1, "t.elastic: --set b1: expected BOND.k or BOND.l"),
            ("d", 1, "t.elastic: --set d: expected BOND.k or BOND.l"),
            ("b1.q", 1, "t.elastic: --set b1.q: expected BOND.k or BOND.l"),
            ("b1.k.x", 1, "t.elastic: --set b1.k.x: expected BOND.k or BOND.l"),
            ("top.drag", 1, "t.elastic: --set top.drag: expected BOND.k or BOND.l"),
            ("b1.k", -1, "t.elastic: --set b1.k: stiffness must be a non-negative number, got -1.0"),
            ("in", -0.5, "t.elastic: --set in: rest length must be a non-negative number, got -0.5"),
            ("b1.l", .infinity, "t.elastic: --set b1.l: rest length must be a non-negative number, got inf"),
            ("b1.l", .nan, "t.elastic: --set b1.l: rest length must be a non-negative number, got nan"),
        ]
        for (name, value, message) in cases {
            var copy = netlist
            XCTAssertThrowsError(try copy.setParameter(name, to: value), name) { error in
                let description = (error as? ElasticParameterError)?.description ?? "\(error)"
                XCTAssertTrue(description.hasPrefix(message), "\(name): \(description)")
            }
            XCTAssertEqual(copy, netlist, "\(name): a refused --set changes nothing")
        }
    }
}
