import XCTest
@testable import PhysicalNetworks

final class VoltageSourcesTests: XCTestCase {
    /// Unknowns 0, 1, 2 are nodes; 3 and 4 the branch currents of V1 (node 0 to ground) and
    /// V2 (node 1 to node 2, with a PULSE waveform).
    private let family = VoltageSources(sources: [
        .init(name: "v1", positive: 0, negative: Unknown.ground, branch: 3, signal: SourceSignal(dc: 1.5)),
        .init(name: "v2", positive: 1, negative: 2, branch: 4, signal: SourceSignal(
            dc: -0.25, waveform: .pulse(.init(initial: 0, pulsed: 2, delay: 1e-6, rise: 1e-7, fall: 1e-7,
                                              width: 5e-7, period: 2e-6)))),
    ])

    func testDerivativesAgainstFiniteDifferences() {
        var generator = SeededGenerator(seed: 3)
        let states = generator.states(3, dimension: 5, in: -1...1)
        assertInteractionDerivatives(family, dimension: 5, parameters: [], states: states)
        assertInteractionDerivatives(family, dimension: 5, parameters: [], states: states,
                                     drive: Drive(time: 1.3e-6, followsWaveforms: true, sourceScale: 0.5))
    }

    func testBranchEquationAndCurrentDirection() {
        let checks = InteractionChecks(family: family, dimension: 5, parameters: [])
        // Branch rows: V_p − V_n − v; KCL rows: the branch current leaves p and enters n.
        let residual = checks.residual([1.5, 0.3, 0.55, 0.01, 0.02])
        XCTAssertEqual(Array(residual[0..<4]), [0.01, 0.02, -0.02, 0])
        XCTAssertEqual(residual[4], 0.3 - 0.55 + 0.25, accuracy: 1e-16)
        var transient = checks
        transient.drive = .transient(at: 1.05e-6)  // half-way up the rise: v2 = 1
        XCTAssertEqual(transient.residual([0, 1, 0, 0, 0])[4], 0, accuracy: 1e-12)
        var stepped = checks
        stepped.drive = Drive(sourceScale: 0.2)
        XCTAssertEqual(stepped.residual([0, 0, 0, 0, 0])[3], -0.3, accuracy: 1e-15)
    }

    func testEnergyIsTheConstraintLagrangian() {
        let checks = InteractionChecks(family: family, dimension: 5, parameters: [])
        // i₁ (V₀ − 1.5) + i₂ (V₁ − V₂ + 0.25): zero wherever both constraints hold.
        XCTAssertEqual(checks.energies([[1.5, 0.3, 0.55, 0.01, 0.02]], [])[0], 0, accuracy: 1e-17)
        XCTAssertEqual(checks.energies([[1.0, 0.3, 0.05, 0.01, 0.02]], [])[0], 0.01 * -0.5 + 0.02 * 0.5,
                       accuracy: 1e-17)
    }

    func testSourceDeliveringPowerHasNegativeBranchCurrent() {
        // 2 V across 4 Ω: 0.5 A flows out of the source's positive terminal into the resistor,
        // so the branch current (p → source → n) is −0.5 A.
        let network = Network(
            unknowns: NetworkFixtures.unknowns(nodes: 1, branches: ["v1"]),
            interactions: [VoltageSources(sources: [.init(name: "v1", positive: 0, negative: Unknown.ground,
                                                          branch: 1, signal: SourceSignal(dc: 2))]),
                           Resistors(terminals: [(0, Unknown.ground)], parameterOffset: 0)],
            parameters: [0.25], parameterNames: ["r1"])
        let (state, report) = NetworkFixtures.operatingPoint(of: network)
        XCTAssertEqual(report.status, .converged)
        XCTAssertEqual(state[0], 2, accuracy: 1e-14)
        XCTAssertEqual(state[1], -0.5, accuracy: 1e-14)
    }

    func testNextBreakpointIsEarliestOverSources() {
        var both = family
        both.sources[0].signal = SourceSignal(dc: 0, waveform: .piecewiseLinear(times: [0, 1.05e-6], values: [0, 1]))
        XCTAssertEqual(both.nextBreakpoint(after: 0), 1e-6)
        XCTAssertEqual(both.nextBreakpoint(after: 1e-6), 1.05e-6)
        XCTAssertEqual(both.nextBreakpoint(after: 1.05e-6) ?? 0, 1.1e-6, accuracy: 1e-18)
        XCTAssertNil(VoltageSources(sources: [family.sources[0]]).nextBreakpoint(after: 0))
    }
}
