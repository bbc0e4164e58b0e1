import Foundation
import XCTest
@testable import PhysicalNetworks

/// The nudge in the energy ledger: in a circuit its currents are a source whose delivered
/// energy closes the balance of a nudged phase; on a spring network it is a potential (a spring
/// to the target), stored like the springs'.
final class NudgeEnergyLedgerTests: XCTestCase {
    /// PHYSICS.md case 1's divider with 1 mF at its output, nudged from its free state (1/3 V)
    /// toward 0.9 V by β = 0.5 S: the nudge delivers energy, and with it the ledger balances.
    func testCircuitNudgeIsASourceThatClosesTheBalance() throws {
        let circuit = try CircuitBuilder.build(NetlistParser.parse(fileAt: "circuits/divider.cir"))
        let ep = try EquilibriumPropagation(network: circuit.network)
        XCTAssertEqual((ep.cost as? SquaredError)?.nudgeIsPotential, false)
        try ep.setTargets([0.9])
        let free = ep.freePhase()
        let nudged = ep.nudgedPhase(beta: 0.5, from: free)
        let ledger = nudged.report.ledger
        let nudge = try XCTUnwrap(ledger.delivered.first { $0.name == "nudge" }).energy
        // V(out) moves from 1/3 to (1 + 0.45)/3.5 through 1 mF: the nudge delivers ∫ I V dt > 0.
        XCTAssertEqual(nudged.state[circuit.nodeNames.firstIndex(of: "out")!], 1.45 / 3.5, accuracy: 1e-6)
        XCTAssertGreaterThan(nudge, 0)
        let moved = ledger.totalDelivered.magnitude + ledger.totalDissipated
        XCTAssertLessThan(abs(ledger.imbalance), 1e-3 * abs(nudge), "the nudge's energy closes the balance: \(ledger)")
        XCTAssertLessThan(abs(ledger.imbalance), 1e-4 * moved)
    }

    /// Two springs' network nudged by a spring of stiffness β to a target: the springs' and the
    /// nudge's potential drop is the drags' heat.
    func testMechanicalNudgeIsAStoredPotential() throws {
        var network = LangevinEquipartitionTests.springNetwork(drags: [0.6, 1.8])
        let beta = network.parameters.count
        network.parameters += [0.7, LangevinEquipartitionTests.equilibrium[0] + 0.2]
        network.parameterNames += ["beta", "target"]
        network.interactions.append(SquaredError(outputs: [0], betaParameter: beta, targetOffset: beta + 1,
                                                 nudgeIsPotential: true))
        let equations = NetworkEquations(network: network)
        var state = LangevinEquipartitionTests.equilibrium
        let start = state.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
        let report = relax(equations, state: &state,
                           control: StepControl(tolerances: Tolerances(relative: 1e-9, absoluteVoltage: 1e-12)), using: TRBDF2())
        XCTAssertEqual(report.status, .converged)
        let end = state.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
        XCTAssertGreaterThan(start - end, 1e-3, "the nudge pulled the output")
        XCTAssertEqual(report.ledger.totalDelivered, 0)
        XCTAssertEqual(report.ledger.storedChange, end - start, accuracy: 1e-12)
        XCTAssertEqual(report.ledger.totalDissipated, start - end, accuracy: 1e-4 * (start - end))
    }

    /// Tellegen for the nudge families: the power their currents deliver is −Σ_k V_k F_k of their
    /// own residual, at random states (two batch members), for squared error and cross-entropy.
    func testNudgePowerIsMinusVoltageTimesResidual() {
        var generator = Xoshiro256StarStar(seed: 9)
        let families: [any Cost] = [
            SquaredError(outputs: [0, 2], betaParameter: 0, targetOffset: 1),
            DifferentialCrossEntropy(pairs: [(0, 1), (2, 3), (4, -1)], betaParameter: 0, targetOffset: 1, scale: 0.3),
        ]
        for family in families {
            let parameters = [0.7] + (0..<family.targetCount).map { _ in generator.nextUnitDouble() }
            let states = (0..<10).map { _ in generator.nextDouble(in: -1..<1) }
            var residual = [Double](repeating: 0, count: 10), power = [0.0, 0.0]
            states.withUnsafeBufferPointer { x in
                parameters.withUnsafeBufferPointer { p in
                    let batch = StateBatch(base: x.baseAddress!, rows: 2, columns: 5)
                    residual.withUnsafeMutableBufferPointer {
                        family.addResidual(batch, drive: .dc, parameters: p, into: MutableStateBatch(base: $0.baseAddress!, rows: 2, columns: 5))
                    }
                    power.withUnsafeMutableBufferPointer { family.addDeliveredPower(batch, drive: .dc, parameters: p, into: $0) }
                }
            }
            for row in 0..<2 {
                let expected = -(0..<5).reduce(0.0) { $0 + states[row * 5 + $1] * residual[row * 5 + $1] }
                XCTAssertNotEqual(expected, 0)
                XCTAssertEqual(power[row], expected, accuracy: 1e-14, "\(family.familyName), row \(row)")
            }
            XCTAssertEqual(family.energySourceNames, ["nudge"])
        }
    }
}
