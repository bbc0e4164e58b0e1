import XCTest
@testable import PhysicalNetworks

final class ControlledSourcesTests: XCTestCase {
    func testVoltageControlledDerivativesAgainstFiniteDifferences() {
        // Output 1 → 2 controlled by 0 − 3, and output 4 → ground controlled by ground − 2.
        let family = VoltageControlledVoltageSources(sources: [
            .init(name: "e1", positive: 1, negative: 2, controlPositive: 0, controlNegative: 3, branch: 5, gain: 4),
            .init(name: "e2", positive: 4, negative: Unknown.ground, controlPositive: Unknown.ground,
                  controlNegative: 2, branch: 6, gain: -0.5),
        ])
        XCTAssertFalse(family.isReciprocal)
        var generator = SeededGenerator(seed: 5)
        assertInteractionDerivatives(family, dimension: 7, parameters: [],
                                     states: generator.states(3, dimension: 7, in: -1...1))
    }

    func testCurrentControlledDerivativesAgainstFiniteDifferences() {
        let family = CurrentControlledCurrentSources(sources: [
            .init(name: "f1", positive: Unknown.ground, negative: 0, controlBranch: 3, gain: 0.25),
            .init(name: "f2", positive: 1, negative: 2, controlBranch: 3, gain: -2),
        ])
        XCTAssertFalse(family.isReciprocal)
        var generator = SeededGenerator(seed: 6)
        assertInteractionDerivatives(family, dimension: 4, parameters: [],
                                     states: generator.states(3, dimension: 4, in: -1...1))
    }

    func testVoltageControlledAmplifierInClosedForm() {
        // V_in = 0.5 V; E1 drives `out` to 4 V_in = 2 V into 1 kΩ, sinking 2 mA in its branch.
        let network = Network(
            unknowns: NetworkFixtures.unknowns(nodes: 2, branches: ["vin", "e1"]),
            interactions: [
                VoltageSources(sources: [.init(name: "vin", positive: 0, negative: Unknown.ground, branch: 2,
                                               signal: SourceSignal(dc: 0.5))]),
                VoltageControlledVoltageSources(sources: [
                    .init(name: "e1", positive: 1, negative: Unknown.ground, controlPositive: 0,
                          controlNegative: Unknown.ground, branch: 3, gain: 4)]),
                Resistors(terminals: [(1, Unknown.ground)], parameterOffset: 0),
            ],
            parameters: [1e-3], parameterNames: ["rl"])
        XCTAssertFalse(network.isGradientSystem)
        let (state, report) = NetworkFixtures.operatingPoint(of: network)
        XCTAssertEqual(report.status, .converged)
        XCTAssertEqual(state[1], 2, accuracy: 1e-12)
        XCTAssertEqual(state[3], -2e-3, accuracy: 1e-15)
        XCTAssertEqual(state[2], 0, accuracy: 1e-15)  // the control draws no current
    }

    func testCurrentControlledMirrorInClosedForm() {
        // V1 = 1 V at node 0; a 0 V sense source from 0 to 1 carries i_c = 1 mA into 1 kΩ;
        // F1 (gain 2) drives 2 i_c from ground into node 2, through 500 Ω: V₂ = 1 V.
        let network = Network(
            unknowns: NetworkFixtures.unknowns(nodes: 3, branches: ["v1", "vsense"]),
            interactions: [
                VoltageSources(sources: [
                    .init(name: "v1", positive: 0, negative: Unknown.ground, branch: 3, signal: SourceSignal(dc: 1)),
                    .init(name: "vsense", positive: 0, negative: 1, branch: 4, signal: SourceSignal(dc: 0)),
                ]),
                CurrentControlledCurrentSources(sources: [
                    .init(name: "f1", positive: Unknown.ground, negative: 2, controlBranch: 4, gain: 2)]),
                Resistors(terminals: [(1, Unknown.ground), (2, Unknown.ground)], parameterOffset: 0),
            ],
            parameters: [1e-3, 2e-3], parameterNames: ["r1", "r2"])
        XCTAssertFalse(network.isGradientSystem)
        let (state, report) = NetworkFixtures.operatingPoint(of: network)
        XCTAssertEqual(report.status, .converged)
        XCTAssertEqual(state[4], 1e-3, accuracy: 1e-15)
        XCTAssertEqual(state[2], 1, accuracy: 1e-12)
    }
}
