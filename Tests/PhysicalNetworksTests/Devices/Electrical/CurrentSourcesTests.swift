import XCTest
@testable import PhysicalNetworks

final class CurrentSourcesTests: XCTestCase {
    private let family = CurrentSources(sources: [
        .init(name: "i1", positive: Unknown.ground, negative: 0, signal: SourceSignal(dc: 1e-3)),
        .init(name: "i2", positive: 1, negative: 2, signal: SourceSignal(
            dc: 2e-3, waveform: .piecewiseLinear(times: [0, 1e-3, 2e-3], values: [0, 4e-3, -1e-3]))),
    ])

    func testDerivativesAgainstFiniteDifferences() {
        var generator = SeededGenerator(seed: 4)
        let states = generator.states(3, dimension: 3, in: -2...2)
        assertInteractionDerivatives(family, dimension: 3, parameters: [], states: states)
        assertInteractionDerivatives(family, dimension: 3, parameters: [], states: states,
                                     drive: Drive(time: 1.5e-3, followsWaveforms: true, sourceScale: 0.7))
    }

    func testEnergyIsCurrentTimesVoltage() {
        var checks = InteractionChecks(family: family, dimension: 3, parameters: [])
        let x = [0.4, 1.0, -0.5]
        // E = Σ i (V_p − V_n): i1 from ground into node 0, i2 from node 1 to node 2.
        XCTAssertEqual(checks.energies([x], [])[0], 1e-3 * (0 - 0.4) + 2e-3 * (1.0 + 0.5), accuracy: 1e-18)
        checks.drive = .transient(at: 0.5e-3)  // i2 = 2 mA on the PWL ramp, scaled by 1
        XCTAssertEqual(checks.residual(x), [-1e-3, 2e-3, -2e-3])
    }

    func testCurrentIsInjectedIntoNegativeNode() {
        // 1 mA from ground through the source into node 0, out through 2 kΩ: V = +2 V.
        let network = Network(
            unknowns: NetworkFixtures.unknowns(nodes: 1),
            interactions: [CurrentSources(sources: [family.sources[0]]),
                           Resistors(terminals: [(0, Unknown.ground)], parameterOffset: 0)],
            parameters: [0.5e-3], parameterNames: ["r1"])
        let (state, report) = NetworkFixtures.operatingPoint(of: network)
        XCTAssertEqual(report.status, .converged)
        XCTAssertEqual(state[0], 2, accuracy: 1e-12)
    }

    func testBreakpointsAreThePiecewiseLinearCorners() {
        XCTAssertEqual(family.nextBreakpoint(after: 0), 1e-3)
        XCTAssertEqual(family.nextBreakpoint(after: 1e-3), 2e-3)
        XCTAssertNil(family.nextBreakpoint(after: 2e-3))
    }
}
