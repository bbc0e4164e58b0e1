import XCTest
@testable import PhysicalNetworks

/// `EquilibriumPropagation.polishesPhases`: every relaxed phase finished by Newton's method.
/// On a nearly isostatic spring network the per-row steady-state test stops the relaxation short
/// of equilibrium along slow collective modes, which puts a floor under centered EP's error;
/// polished, the error is the estimator's own O(β²) bias. On a circuit, where relaxation already
/// settles, polishing changes nothing beyond the settling tolerance.
final class EquilibriumPropagationPolishTests: XCTestCase {
    /// An allostery task on a disordered spring network (`ElasticNetwork.disordered`, bottom
    /// band pinned): an input spring (k = 100 N/m) between the two free nodes nearest the left
    /// edge, stretched 10 % by its rest length (the input); a `DistanceSensors` reading of the
    /// two free nodes nearest the right edge (the output), with target 10 % shorter than at rest;
    /// every other bond's stiffness trainable.
    static func allostery(count: Int, coordination: Double, seed: UInt64) throws -> EquilibriumPropagation {
        var elastic = ElasticNetwork.disordered(count: count, coordination: coordination, seed: seed)
        let side = Double(count).squareRoot()
        func planar(_ node: Int) -> SIMD2<Double> {
            SIMD2(elastic.nodes[node].position.x, elastic.nodes[node].position.y)
        }
        func nearestPair(to point: SIMD2<Double>) -> [Int] {
            let free = elastic.nodes.indices.filter { !elastic.nodes[$0].pinned }
            let sorted = free.sorted {
                let (a, b) = (planar($0) - point, planar($1) - point)
                return (a * a).sum() < (b * b).sum()
            }
            return Array(sorted.prefix(2))
        }
        func distance(_ pair: [Int]) -> Double {
            let d = planar(pair[0]) - planar(pair[1])
            return (d * d).sum().squareRoot()
        }
        let input = nearestPair(to: SIMD2(0, 0.6 * side))
        let output = nearestPair(to: SIMD2(side, 0.6 * side))
        let trainableBonds = elastic.bonds.count
        elastic.bonds.append(ElasticNetwork.Bond(name: "in", a: input[0], b: input[1], stiffness: 100,
                                                 restLength: distance(input)))
        var network = elastic.network()
        let coordinate = elastic.coordinateIndex
        let reading = network.dimension
        network.unknowns.append(Unknown(name: "out", kind: .coordinate))
        let sensor = DistanceSensors.Sensor(a: coordinate[output[0]], b: coordinate[output[1]], reading: reading)
        network.interactions.append(DistanceSensors(dimension: 2, sensors: [sensor], couplingOffset: network.parameters.count))
        network.parameters.append(1e6)
        network.parameterNames.append("out.K")
        network.startingState = elastic.initialState + [distance(output)]
        let inputParameter = try XCTUnwrap(network.parameterNames.firstIndex(of: "in.l"))
        network.roles = Network.Roles(inputs: ["in"], inputParameters: [inputParameter], outputs: [reading],
                                      trainable: Array(0..<trainableBonds), bounds: 1e-3...1e3)
        let controller = try EquilibriumPropagation(network: network)
        try controller.setInputs([1.1 * distance(input)])
        try controller.setTargets([0.9 * distance(output)])
        return controller
    }

    /// Largest deviation from `reference`, relative to its largest component.
    private func relativeError(_ estimate: [Double], _ reference: [Double]) -> Double {
        let scale = reference.map(abs).max() ?? 0
        return zip(estimate, reference).map { abs($0 - $1) }.max()! / scale
    }

    /// 20 nodes at Z = 4.2: unpolished, centered EP's error at β = 1e-4 N/m is about 4e-4 (no
    /// smaller than at 1e-3: a settling floor, not the bias); polished, it is the O(β²) bias —
    /// 100× smaller for a 10× smaller β, below 1e-6 at β = 1e-4 N/m.
    func testPolishedCenteredEPIsSecondOrderOnANearlyIsostaticSpringNetwork() throws {
        let controller = try Self.allostery(count: 20, coordination: 4.2, seed: 1)
        let exact = controller.exactGradient()
        XCTAssertEqual(exact.status, .converged)

        XCTAssertTrue(controller.polishesPhases, "mechanical networks are polished by default")
        controller.polishesPhases = false
        let floor = relativeError(try controller.gradient(.centered, beta: 1e-4).gradient, exact.gradient)
        controller.polishesPhases = true
        var errors: [Double] = []
        for beta in [1e-3, 1e-4] {
            let estimate = try controller.gradient(.centered, beta: beta)
            XCTAssertEqual(estimate.status, .converged, "β = \(beta)")
            errors.append(relativeError(estimate.gradient, exact.gradient))
        }
        print("""
            allostery n = 20, Z = 4.2, centered EP vs exact: unpolished \(floor) at β = 1e-4; \
            polished \(errors[0]) at β = 1e-3, \(errors[1]) at β = 1e-4
            """)
        XCTAssertGreaterThan(floor, 1e-4, "the unpolished floor this test is about")
        XCTAssertEqual(errors[0] / errors[1], 100, accuracy: 10, "second order in β")
        XCTAssertLessThan(errors[1], 1e-6)
        XCTAssertLessThan(errors[1], floor / 100)
        XCTAssertEqual(controller.exactGradient().gradient, exact.gradient, "exact is polished either way")
    }

    /// The polished phase is the same relaxation (steps, physical time, dissipated energy — the
    /// hardware's cost), finished at the equilibrium and reporting its residual.
    func testPolishingKeepsTheRelaxationsReport() throws {
        let controller = try Self.allostery(count: 20, coordination: 4.2, seed: 1)
        controller.polishesPhases = false
        let relaxed = controller.freePhase()
        controller.polishesPhases = true
        let polished = controller.freePhase()
        XCTAssertEqual(polished.report.status, .converged)
        XCTAssertEqual(polished.report.steps, relaxed.report.steps)
        XCTAssertEqual(polished.report.time, relaxed.report.time)
        XCTAssertEqual(polished.report.dissipatedEnergy, relaxed.report.dissipatedEnergy)
        let residual = polished.state.withUnsafeBufferPointer {
            OperatingPointSolver.nodeResidual(controller.equations, drive: .dc, state: $0)
        }
        XCTAssertEqual(polished.report.residual, residual, "the residual is the polished state's")
        let moved = zip(polished.state, relaxed.state).map { abs($0 - $1) }.max()!
        XCTAssertGreaterThan(moved, 0)
        XCTAssertLessThan(moved, 1e-3)
    }

    /// A circuit with diodes relaxes to its equilibrium already: every estimator's result is the
    /// same with polishing, within the settling tolerance.
    func testCircuitResultsAreUnchangedByPolishing() throws {
        let network = try GradientAccuracyNetwork(seed: 24, nodes: 16, diodes: true)
        let controller = network.controller
        for (estimator, tolerance) in [(Estimator.exact, 0.0), (.centered, 1e-6), (.coupledLearning(eta: 0.1), 1e-7)] {
            controller.polishesPhases = false
            let relaxed = try controller.gradient(estimator, beta: 1e-6)
            controller.polishesPhases = true
            let polished = try controller.gradient(estimator, beta: 1e-6)
            XCTAssertEqual(relaxed.status, .converged, estimator.name)
            XCTAssertEqual(polished.status, .converged, estimator.name)
            XCTAssertEqual(polished.loss, relaxed.loss, accuracy: 1e-9 * relaxed.loss, estimator.name)
            XCTAssertLessThanOrEqual(relativeError(polished.gradient, relaxed.gradient), tolerance, estimator.name)
        }
    }

    /// A node that no spring holds makes the Jacobian singular: the relaxation settles (nothing
    /// moves it), but Newton cannot polish it, and the phase says so.
    func testAFailedPolishIsThePhasesStatus() throws {
        let positions: [SIMD3<Double>] = [SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(0.2, 0.9, 0), SIMD3(1.1, 1.0, 0),
                                          SIMD3(3, 3, 0)]
        let nodes = positions.enumerated().map {
            ElasticNetwork.Node(name: "n\($0.offset)", position: $0.element, pinned: $0.offset < 2)
        }
        let bonds = [(0, 2), (1, 2), (1, 3), (2, 3), (0, 3)].enumerated().map { e, pair in
            ElasticNetwork.Bond(name: "s\(e)", a: pair.0, b: pair.1, stiffness: SpringsTests.stiffness[e],
                                restLength: SpringsTests.restLengths[e])
        }
        var network = ElasticNetwork(dimension: 2, nodes: nodes, bonds: bonds).network()
        network.roles = Network.Roles(outputs: [try XCTUnwrap(network.unknownIndex(named: "n3.x"))], trainable: Array(0..<10))
        let controller = try EquilibriumPropagation(network: network)
        try controller.setTargets([1.3])

        controller.polishesPhases = false
        let relaxed = controller.freePhase()
        XCTAssertEqual(relaxed.report.status, .converged)
        controller.polishesPhases = true
        let failed = controller.freePhase()
        XCTAssertEqual(failed.report.status, .singularMatrix)
        XCTAssertEqual(failed.state, relaxed.state, "a failed polish leaves the relaxed state")
        XCTAssertEqual(failed.report.time, relaxed.report.time)
        XCTAssertEqual(try controller.gradient(.positive, beta: 1e-3).status, .singularMatrix)
    }
}
