import XCTest
@testable import PhysicalNetworks

/// Overdamped relaxation of case 8's spring net (drag γ on both free nodes): the gradient flow
/// ends at Newton's equilibrium, the energy only decreases along it, and the settling time
/// scales with γ (τ = γ/k: doubling γ doubles it).
final class NodeDragTests: XCTestCase {
    static func network(drag: Double) -> Network {
        let parameters = SpringsTests.stiffness + SpringsTests.restLengths + [drag, drag]
        return Network(
            unknowns: (0..<4).map { Unknown(name: "n\($0 / 2 + 2).\($0 % 2 == 0 ? "x" : "y")", kind: .coordinate) },
            interactions: [SpringsTests.caseEight(), NodeDrag(nodes: [0, 2], dimension: 2, parameterOffset: 10)],
            parameters: parameters, parameterNames: parameters.indices.map { "p\($0)" })
    }

    func testGradientFlowReachesTheEquilibriumAndTimeScalesWithDrag() {
        let newton = SpringsTests.equilibrium(parameters: SpringsTests.stiffness + SpringsTests.restLengths, beta: 0)
        var times: [Double] = []
        for drag in [0.5, 1.0] {
            let result = relax(RelaxationProblem(network: Self.network(drag: drag), initialStates: SpringsTests.start),
                               using: TRBDF2())
            XCTAssertEqual(result.reports[0].status, .converged, "drag \(drag)")
            for (x, y) in zip(result.state(0), newton) { XCTAssertEqual(x, y, accuracy: 1e-7, "drag \(drag)") }
            times.append(result.reports[0].time)
        }
        print("springs case 8 overdamped settling: γ = 0.5 → \(times[0]) s, γ = 1 → \(times[1]) s")
        XCTAssertEqual(times[1] / times[0], 2, accuracy: 0.02)
    }

    /// Energy balance of gradient flow: dE/dt = −ẋᵀγẋ, so the heat the drag reports over a
    /// relaxation (∫ |F|²/γ dt, trapezoidal on the integrator's steps) equals the springs'
    /// energy lost, up to the quadrature error, which falls with the step tolerance.
    func testDragHeatEqualsTheEnergyLost() {
        var network = ElasticNetwork.triangularLattice(rows: 4, columns: 4)
        for e in network.bonds.indices { network.bonds[e].restLength *= 1 + 0.1 * sin(Double(e)) }
        var errors: [Double] = []
        for relative in [1e-3, 1e-5] {
            let control = StepControl(tolerances: Tolerances(relative: relative, absoluteVoltage: 1e-12,
                                                             absoluteCurrent: 1e-15, reference: .change))
            let result = relax(RelaxationProblem(network: network.network(), initialStates: network.initialState,
                                                 control: control), using: TRBDF2())
            XCTAssertEqual(result.reports[0].status, .converged)
            let lost = network.energy(network.initialState) - network.energy(Array(result.state(0)))
            XCTAssertGreaterThan(lost, 1e-3)
            errors.append(abs(result.reports[0].dissipatedEnergy / lost - 1))
        }
        print("drag heat vs energy lost: relative error \(errors[0]) (step tolerance 1e-3), \(errors[1]) (1e-5)")
        XCTAssertLessThan(errors[0], 1e-2)
        XCTAssertLessThan(errors[1], errors[0] / 10)
    }

    func testEnergyDecreasesAlongTheFlow() {
        let network = Self.network(drag: 1)
        let transient = simulateTransient(TransientProblem(network: network, initialState: SpringsTests.start,
                                                           stopTime: 5, outputStep: 0.05), using: TRBDF2())
        XCTAssertTrue(transient.report.status.isSuccess)
        let springs = SpringsTests.caseEight()
        let energies = transient.states.map { state -> Double in
            var energy = [0.0]
            state.withUnsafeBufferPointer { x in
                network.parameters.withUnsafeBufferPointer { p in
                    energy.withUnsafeMutableBufferPointer {
                        springs.addEnergy(StateBatch(base: x.baseAddress!, rows: 1, columns: 4), drive: .dc, parameters: p, into: $0)
                    }
                }
            }
            return energy[0]
        }
        for (before, after) in zip(energies, energies.dropFirst()) {
            XCTAssertLessThanOrEqual(after, before + 1e-12)
        }
        XCTAssertLessThan(energies.last!, 0.5 * energies.first!)
    }
}
