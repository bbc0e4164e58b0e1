import Foundation
import XCTest
@testable import PhysicalNetworks

final class DiodesTests: XCTestCase {
    private let law = ShockleyJunction(saturationCurrent: 1e-14, emissionCoefficient: 1.1)
    private let lawWithLargerIS = ShockleyJunction(saturationCurrent: 3e-12, emissionCoefficient: 1.8)

    /// Unknowns: 0, 1, 2 are nodes, 3 is the internal junction node of d2.
    /// d1: 0 → ground, no series resistance. d2: 1 → 2 through R_S = 5 Ω (junction 3).
    /// d3: ground → 2, no series resistance.
    private var family: Diodes {
        Diodes(diodes: [
            .init(name: "d1", anode: 0, cathode: Unknown.ground, junction: 0, law: law, seriesConductance: 0),
            .init(name: "d2", anode: 1, cathode: 2, junction: 3, law: lawWithLargerIS, seriesConductance: 0.2),
            .init(name: "d3", anode: Unknown.ground, cathode: 2, junction: Unknown.ground, law: law,
                  seriesConductance: 0),
        ])
    }

    /// States whose three junction voltages (V₀, V₃ − V₂, −V₂) lie in `range`.
    private func states(junctions range: ClosedRange<Double>, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<3).map { _ in
            let v2 = -Double.random(in: range, using: &generator)
            let v3 = v2 + Double.random(in: range, using: &generator)
            let v1 = v3 + Double.random(in: -0.05...0.05, using: &generator)
            return [Double.random(in: range, using: &generator), v1, v2, v3]
        }
    }

    func testForwardDerivativesAgainstFiniteDifferences() {
        assertInteractionDerivatives(family, dimension: 4, parameters: [], states: states(junctions: 0.3...0.8, seed: 11))
    }

    func testMildReverseDerivativesAgainstFiniteDifferences() {
        assertInteractionDerivatives(family, dimension: 4, parameters: [],
                                     states: states(junctions: -0.07...0.05, seed: 12))
    }

    func testDeepReverseCubicDerivativesAgainstFiniteDifferences() {
        assertInteractionDerivatives(family, dimension: 4, parameters: [], states: states(junctions: -3 ... -0.2, seed: 13))
    }

    func testMixedBiasDerivativesAgainstFiniteDifferences() {
        assertInteractionDerivatives(family, dimension: 4, parameters: [], states: states(junctions: -1...0.75, seed: 14))
    }

    func testSeriesResistanceSplitsTheDrop() {
        // A single diode with R_S = 5 Ω from node 0 (anode) to ground, junction at node 1.
        let single = Diodes(diodes: [.init(name: "d", anode: 0, cathode: Unknown.ground, junction: 1, law: law,
                                           seriesConductance: 0.2)])
        let checks = InteractionChecks(family: single, dimension: 2, parameters: [])
        let x = [0.8, 0.7]
        let (i, _) = law.currentAndConductance(0.7)
        let residual = checks.residual(x)
        XCTAssertEqual(residual[0], 0.2 * 0.1, accuracy: 1e-15)
        XCTAssertEqual(residual[1], i - 0.2 * 0.1, accuracy: 1e-15)
        XCTAssertEqual(checks.energies([x], [])[0], law.coContent(0.7) + 0.5 * 0.2 * 0.01, accuracy: 1e-16)
        XCTAssertEqual(checks.dissipatedPowers([x])[0], i * 0.7 + 0.2 * 0.01, accuracy: 1e-16)
        XCTAssertFalse(single.isLinear)
        // Without series resistance the junction is the anode and only one conductance stamps.
        let bare = Diodes(diodes: [.init(name: "d", anode: 0, cathode: Unknown.ground, junction: 0, law: law,
                                         seriesConductance: 0)])
        XCTAssertEqual(bare.jacobianEntries(), [MatrixEntry(row: 0, column: 0)])
        XCTAssertEqual(single.jacobianEntries().count, 1 + 4)
    }

    func testSeriesResistanceOperatingPointSatisfiesBothLaws() {
        // 1 V source through the diode (R_S = 5 Ω) to ground: V_a − V_j = R_S i(V_j).
        let network = Network(
            unknowns: NetworkFixtures.unknowns(nodes: 2, branches: ["v1"]),
            interactions: [
                VoltageSources(sources: [.init(name: "v1", positive: 0, negative: Unknown.ground, branch: 2,
                                               signal: SourceSignal(dc: 1))]),
                Diodes(diodes: [.init(name: "d", anode: 0, cathode: Unknown.ground, junction: 1, law: law,
                                      seriesConductance: 0.2)]),
            ],
            parameters: [], parameterNames: [])
        let (state, report) = NetworkFixtures.operatingPoint(of: network)
        XCTAssertEqual(report.status, .converged)
        let i = law.currentAndConductance(state[1]).current
        XCTAssertEqual(1 - state[1], 5 * i, accuracy: 1e-12)
        XCTAssertEqual(state[2], -i, accuracy: 1e-12 * i)
        XCTAssertGreaterThan(i, 1e-3)
    }

    func testNewtonStepFractionLimitsLargeJunctionSteps() {
        let d1 = Diodes(diodes: [family.diodes[0]])
        func fraction(from v: Double, step: Double) -> Double {
            [v].withUnsafeBufferPointer { state in
                [step].withUnsafeBufferPointer { d1.newtonStepFraction(from: state, step: $0) }
            }
        }
        let vte = law.emissionVoltage
        // 0.6 V → 3 V is cut to pnjlim's 0.6 + V_te ln(1 + 2.4/V_te).
        XCTAssertEqual(fraction(from: 0.6, step: 2.4), vte * log(1 + 2.4 / vte) / 2.4, accuracy: 1e-15)
        XCTAssertLessThan(fraction(from: 0.6, step: 2.4), 0.1)
        // Small steps, steps ending below V_crit, and tiny steps on a large voltage pass whole.
        XCTAssertEqual(fraction(from: 0.6, step: 0.04), 1)
        XCTAssertEqual(fraction(from: 0.2, step: 0.5), 1)
        XCTAssertEqual(fraction(from: 0.9, step: -2), 1)
        XCTAssertEqual(fraction(from: 0.9, step: 1e-17), 1)
        XCTAssertEqual(fraction(from: 0.9, step: 0), 1)
        // The family takes the most restrictive of its diodes.
        var reversed = family.diodes[2]
        reversed.cathode = 1
        let both = Diodes(diodes: [family.diodes[0], reversed])
        let limited = [0.6, -0.6].withUnsafeBufferPointer { state in
            [2.4, 0.0].withUnsafeBufferPointer { both.newtonStepFraction(from: state, step: $0) }
        }
        XCTAssertEqual(limited, fraction(from: 0.6, step: 2.4))
    }

    func testNewtonWithLimitingConvergesFromFarForward() {
        // A 10 V source through 1 Ω into a diode: without limiting the first step would
        // overflow e^{v/V_te}. The solve must still converge, to the closed-form balance.
        let network = Network(
            unknowns: NetworkFixtures.unknowns(nodes: 2, branches: ["v1"]),
            interactions: [
                VoltageSources(sources: [.init(name: "v1", positive: 0, negative: Unknown.ground, branch: 2,
                                               signal: SourceSignal(dc: 10))]),
                Resistors(terminals: [(0, 1)], parameterOffset: 0),
                Diodes(diodes: [family.diodes[0]].map { var d = $0; d.anode = 1; d.junction = 1; return d }),
            ],
            parameters: [1], parameterNames: ["r"])
        let (state, report) = NetworkFixtures.operatingPoint(of: network)
        XCTAssertEqual(report.status, .converged)
        XCTAssertEqual(report.strategy, "newton")
        XCTAssertEqual(10 - state[1], law.currentAndConductance(state[1]).current, accuracy: 1e-10)
    }
}
