import XCTest
@testable import PhysicalNetworks

/// The EP controller on an elastic network (PHYSICS.md case 8 as an `ElasticNetwork`): the
/// nudge is a force β(x − y) on the output coordinate (β in N/m), the free phase starts from
/// the rest geometry, and every estimator agrees with the exact gradient — which matches the
/// finite differences of `SpringsTests` (Newton equilibria).
final class SpringsLearningTests: XCTestCase {
    static func controller() throws -> EquilibriumPropagation {
        let positions: [SIMD3<Double>] = [SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(0.2, 0.9, 0), SIMD3(1.1, 1.0, 0)]
        let nodes = positions.enumerated().map { ElasticNetwork.Node(name: "n\($0.offset)", position: $0.element, pinned: $0.offset < 2) }
        let pairs = [(0, 2), (1, 2), (1, 3), (2, 3), (0, 3)]
        let bonds = pairs.enumerated().map { e, pair in
            ElasticNetwork.Bond(name: "s\(e)", a: pair.0, b: pair.1, stiffness: SpringsTests.stiffness[e],
                                restLength: SpringsTests.restLengths[e])
        }
        var network = ElasticNetwork(dimension: 2, nodes: nodes, bonds: bonds).network()
        network.roles = Network.Roles(outputs: [network.unknownIndex(named: "n3.x")!], trainable: Array(0..<10))
        let controller = try EquilibriumPropagation(network: network)
        try controller.setTargets([1.3])
        return controller
    }

    func testEveryEstimatorAgreesWithTheExactGradient() throws {
        let controller = try Self.controller()
        XCTAssertEqual(controller.trainableNames.prefix(2), ["s0.k", "s1.k"])
        XCTAssertEqual(controller.trainableNames[5], "s0.l")
        let exact = controller.exactGradient()
        // SpringsTests' central differences of the loss over Newton equilibria (6 decimals).
        let finiteDifferences = [-0.005132, -0.001450, 0.002574, -0.010102, 0.009369,
                                 -0.087477, 0.090036, 0.113383, -0.084295, -0.158287]
        for (k, value) in finiteDifferences.enumerated() {
            XCTAssertEqual(exact.gradient[k], value, accuracy: 2e-6, "exact vs finite differences, \(controller.trainableNames[k])")
        }
        for (estimator, beta, tolerance) in [(Estimator.centered, 1e-3, 1e-5), (.positive, 1e-4, 1e-4), (.richardson, 1e-2, 1e-5)] {
            let estimate = try controller.gradient(estimator, beta: beta)
            let error = zip(estimate.gradient, exact.gradient).map { abs($0 - $1) }.max()!
            print("springs case 8, \(estimator.name) at β = \(beta) N/m: largest deviation from exact \(error)")
            XCTAssertLessThan(error, tolerance, "\(estimator.name)")
        }
    }

    /// Coupled learning with one output is the exact gradient divided by the output's
    /// compliance R_oo, up to O(η) (see `Estimator`), and its clamp holds the output where asked.
    func testCoupledLearningIsTheGradientOverTheOutputCompliance() throws {
        let controller = try Self.controller()
        let exact = controller.exactGradient()
        let compliance = controller.outputResponse(at: exact.freeState).matrix[0][0]
        var errors: [Double] = []
        for eta in [0.02, 0.01] {
            let estimate = try controller.gradient(.coupledLearning(eta: eta), beta: 0)
            XCTAssertEqual(estimate.loss, exact.loss, accuracy: 1e-7 * exact.loss, "the loss is the free phase's (relaxed, not Newton-polished)")
            let scaled = exact.gradient.map { $0 / compliance }
            let scale = scaled.map(abs).max()!
            errors.append(zip(estimate.gradient, scaled).map { abs($0 - $1) }.max()! / scale)
        }
        print("springs case 8, coupled learning vs exact/R_oo (R_oo = \(compliance) m/N): relative error \(errors[0]) at η = 0.02, \(errors[1]) at η = 0.01")
        XCTAssertLessThan(errors[1], 0.005)
        XCTAssertEqual(errors[0] / errors[1], 2, accuracy: 0.2, "first order in η")
    }
}
