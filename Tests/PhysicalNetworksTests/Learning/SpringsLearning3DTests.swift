import XCTest
@testable import PhysicalNetworks

/// EP on a 3-D elastic network read from an `.elastic` file: three free nodes braced to a pinned
/// base triangle, stressed (rest lengths differ from the file's distances), an input strain
/// across q–r, a sensor output (p–r distance) and a coordinate output (q.z). The exact gradient
/// must match central finite differences of the loss over Newton equilibria, and the polished
/// centered EP estimate and coupled learning must follow it.
final class SpringsLearning3DTests: XCTestCase {
    static let text = """
        braced 3-D tower
        *@ input in
        *@ output d q.z
        *@ train *.k pq.l ra.l
        .dimension 3
        node a 0 0 0 pinned
        node b 2 0 0 pinned
        node c 1 1.7 0 pinned
        node p 1 0.6 1.5
        node q 1.3 0.4 2.6
        node r 0.7 0.9 -1.2
        bond pa p a 1
        bond pb p b 1.5
        bond pc p c 0.8
        bond qa q a 1.2 2.8
        bond qb q b 0.9
        bond qc q c 1.1
        bond ra r a 1 1.5
        bond rb r b 1.3
        bond rc r c 0.7
        bond pq p q 2 1.0
        bond in q r 20
        sensor d p r
        .end
        """

    static func controller(targets: [Double]) throws -> (EquilibriumPropagation, ElasticNetlist) {
        let netlist = try ElasticNetlistParser.parse(contents: text, file: "tower.elastic")
        let controller = try EquilibriumPropagation(network: netlist.network())
        let input = netlist.distance(4, 5) * 1.1
        try controller.setInputs([input])
        try controller.setTargets(targets)
        return (controller, netlist)
    }

    /// ½Σ(o − y)² at the Newton equilibrium with parameter `name` set to `value` (the distance
    /// output computed from the positions).
    private func relaxedLoss(_ controller: EquilibriumPropagation, _ name: String, _ value: Double,
                             targets: [Double]) throws -> Double {
        var network = controller.network
        network.parameters[try XCTUnwrap(network.parameterNames.firstIndex(of: name))] = value
        for (index, input) in zip(controller.inputs, controller.inputs.map(controller.equations.parameter)) {
            network.parameters[index] = input
        }
        var state = try XCTUnwrap(network.startingState)
        let report = state.withUnsafeMutableBufferPointer {
            OperatingPointSolver().solve(NetworkEquations(network: network), state: $0)
        }
        XCTAssertEqual(report.status, .converged, "\(name) = \(value)")
        let p = SIMD3(state[0], state[1], state[2]), r = SIMD3(state[6], state[7], state[8])
        let d = ((p - r) * (p - r)).sum().squareRoot()
        return 0.5 * (d - targets[0]) * (d - targets[0]) + 0.5 * (state[5] - targets[1]) * (state[5] - targets[1])
    }

    func testExactGradientMatchesFiniteDifferencesIn3D() throws {
        let targets = [2.9, 2.4]
        let (controller, _) = try Self.controller(targets: targets)
        XCTAssertEqual(controller.trainableNames.count, 12)
        let exact = controller.exactGradient()
        XCTAssertEqual(exact.status, .converged)
        // The beta and target parameters the controller appended are zero here: the cost is not
        // part of the relaxed energy at β = 0.
        for (k, name) in controller.trainableNames.enumerated() {
            let value = controller.equations.parameter(controller.trainable[k])
            let h = 1e-5 * max(1, abs(value))
            let difference = (try relaxedLoss(controller, name, value + h, targets: targets)
                - relaxedLoss(controller, name, value - h, targets: targets)) / (2 * h)
            XCTAssertEqual(exact.gradient[k], difference, accuracy: 1e-8 + 1e-6 * abs(difference), name)
        }
        XCTAssertGreaterThan(exact.gradient.map(abs).max()!, 1e-3, "a gradient worth checking")
    }

    func testCenteredEPAndCoupledLearningFollowTheExactGradientIn3D() throws {
        let (controller, _) = try Self.controller(targets: [2.9, 2.4])
        XCTAssertTrue(controller.polishesPhases)
        let exact = controller.exactGradient()
        let scale = exact.gradient.map(abs).max()!
        var errors: [Double] = []
        for beta in [1e-2, 1e-3] {
            let estimate = try controller.gradient(.centered, beta: beta)
            XCTAssertEqual(estimate.status, .converged)
            errors.append(zip(estimate.gradient, exact.gradient).map { abs($0 - $1) }.max()! / scale)
        }
        let coupled = try controller.gradient(.coupledLearning(eta: 0.01), beta: 0)
        let dot = zip(coupled.gradient, exact.gradient).map { $0 * $1 }.reduce(0, +)
        let cosine = dot / (coupled.gradient.map { $0 * $0 }.reduce(0, +) * exact.gradient.map { $0 * $0 }.reduce(0, +)).squareRoot()
        print("3-D tower: centered EP vs exact \(errors[0]) (β = 1e-2 N/m), \(errors[1]) (1e-3); coupled learning cosine \(cosine)")
        XCTAssertLessThan(errors[1], 1e-6)
        XCTAssertEqual(errors[0] / errors[1], 100, accuracy: 20, "second order in β")
        // Two outputs: coupled learning weighs them by the inverse output response, so it is a
        // descent direction close to, not equal to, the gradient.
        XCTAssertGreaterThan(cosine, 0.5)
    }
}
