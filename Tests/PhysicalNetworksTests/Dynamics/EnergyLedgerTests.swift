import Foundation
import XCTest
@testable import PhysicalNetworks

/// The energy ledger of relaxations and transients: closed forms for one RC charging from a
/// voltage source and from a current source, and the balance `delivered = dissipated + Δstored`
/// on random RC networks.
final class EnergyLedgerTests: XCTestCase {
    private func circuit(_ text: String) throws -> Circuit {
        try CircuitBuilder.build(NetlistParser.parse(contents: text, file: "ledger.cir"))
    }

    /// Tight enough that the trapezoidal rule in the powers is good to about 10⁻⁷.
    private static let tight = Tolerances(relative: 1e-8, absoluteVoltage: 1e-14, absoluteCurrent: 1e-17,
                                          reference: .change)

    private func entry(_ ledger: EnergyLedger, _ list: KeyPath<EnergyLedger, [EnergyLedger.Entry]>,
                       _ name: String) throws -> Double {
        try XCTUnwrap(ledger[keyPath: list].first { $0.name == name }, "no entry \(name) in \(ledger)").energy
    }

    /// V = 2 V charges C = 1 µF through R = 1 kΩ: the source delivers C V², half of it is
    /// stored (½ C V²) and half turned into heat in R, whatever R is.
    func testRCChargingFromAVoltageSourceSplitsCVSquaredInHalves() throws {
        let c = 1e-6, v = 2.0, tau = 1e-3
        let network = try circuit("rc\nV1 1 0 DC 2\nR1 1 2 1k\nC1 2 0 1u\n.end\n").network
        // A first step of 10⁻⁹ τ: the consistent start (two steps of 10⁻³ of it) charges nothing.
        let problem = RelaxationProblem(
            network: network, control: StepControl(tolerances: Self.tight, initialStep: 1e-9 * tau))
        let result = relax(problem, using: TRBDF2())
        let report = result.reports[0]
        XCTAssertEqual(report.status, .converged, report.message)
        let ledger = report.ledger
        // Closed forms at the end voltage (within 10⁻⁹ of V: the steady-state test).
        let end = result.states[1]
        XCTAssertEqual(end, v, accuracy: 1e-8)
        let delivered = c * v * end, stored = 0.5 * c * end * end
        XCTAssertEqual(ledger.delivered.map(\.name), ["v1"])
        XCTAssertEqual(ledger.dissipated.map(\.name), ["resistors"])
        XCTAssertEqual(ledger.storedChange, stored, accuracy: 1e-6 * stored)
        XCTAssertEqual(try entry(ledger, \.delivered, "v1"), delivered, accuracy: 1e-6 * delivered)
        XCTAssertEqual(try entry(ledger, \.dissipated, "resistors"), delivered - stored, accuracy: 1e-6 * stored)
        XCTAssertEqual(ledger.imbalance, 0, accuracy: 1e-6 * stored)
        XCTAssertEqual(report.dissipatedEnergy, ledger.totalDissipated, accuracy: 1e-15 * stored)
        print("ledger RC relaxation: \(report.steps) steps, delivered \(ledger.totalDelivered) J (C V² = \(c * v * v)), "
              + "stored \(ledger.storedChange) J, dissipated \(ledger.totalDissipated) J, "
              + "imbalance \(ledger.imbalance / stored) of ½ C V²")
    }

    /// The same charging as a transient run well past steady state (30 τ).
    func testRCChargingTransientBalances() throws {
        let c = 1e-6, v = 2.0, tau = 1e-3
        let network = try circuit("rc\nV1 1 0 DC 2\nR1 1 2 1k\nC1 2 0 1u\n.end\n").network
        let problem = TransientProblem(network: network, stopTime: 30 * tau, outputStep: tau,
                                       control: StepControl(tolerances: Self.tight, initialStep: 1e-9 * tau))
        let result = simulateTransient(problem, using: TRBDF2())
        XCTAssertEqual(result.report.status, .completed, result.report.message)
        let ledger = result.report.ledger
        let end = try XCTUnwrap(result.states.last)[1]
        let delivered = c * v * end, stored = 0.5 * c * end * end
        XCTAssertEqual(ledger.storedChange, stored, accuracy: 1e-6 * stored)
        XCTAssertEqual(ledger.totalDelivered, delivered, accuracy: 1e-6 * delivered)
        XCTAssertEqual(ledger.totalDissipated, delivered - stored, accuracy: 1e-6 * stored)
        XCTAssertEqual(ledger.imbalance, 0, accuracy: 1e-6 * stored)
        print("ledger RC transient: delivered \(ledger.totalDelivered) J, stored \(ledger.storedChange) J, "
              + "dissipated \(ledger.totalDissipated) J, imbalance \(ledger.imbalance / stored) relative")
    }

    /// I = 1 mA into R = 1 kΩ ∥ C = 1 µF: v(t) = IR (1 − e^{−t/τ}), so up to T the source
    /// delivers ∫ I v dt = I²R (T − τ (1 − e^{−T/τ})) and the capacitor stores ½ C v(T)².
    func testCurrentSourceChargingMatchesTheClosedForm() throws {
        let i = 1e-3, r = 1e3, c = 1e-6, tau = r * c
        let network = try circuit("norton\nI1 0 1 DC 1m\nR1 1 0 1k\nC1 1 0 1u\n.end\n").network
        let problem = RelaxationProblem(network: network,
                                        control: StepControl(tolerances: Self.tight, initialStep: 1e-9 * tau))
        let result = relax(problem, using: TRBDF2())
        let report = result.reports[0]
        XCTAssertEqual(report.status, .converged, report.message)
        let t = report.time
        let decay = exp(-t / tau)
        let delivered = i * i * r * (t - tau * (1 - decay))
        let stored = 0.5 * c * pow(i * r * (1 - decay), 2)
        let ledger = report.ledger
        XCTAssertEqual(try entry(ledger, \.delivered, "i1"), delivered, accuracy: 1e-6 * delivered)
        XCTAssertEqual(ledger.storedChange, stored, accuracy: 1e-6 * stored)
        XCTAssertEqual(ledger.totalDissipated, delivered - stored, accuracy: 1e-6 * delivered)
        XCTAssertEqual(ledger.imbalance, 0, accuracy: 1e-6 * delivered)
        print("ledger current source: T = \(t / tau) τ, delivered \(ledger.totalDelivered) J (closed form \(delivered)), "
              + "stored \(ledger.storedChange) J (\(stored)), imbalance \(ledger.imbalance / delivered) relative")
    }

    /// Random RC networks with voltage and current sources under pulses and ramps, with a
    /// capacitance at every node (an ODE) or at half of them (a DAE): the ledger balances.
    func testRandomRCNetworksBalance() throws {
        var configuration = RandomCircuits.Configuration()
        configuration.nodeCount = 12
        configuration.analyses = .transient
        let tolerances = Tolerances(relative: 1e-8, absoluteVoltage: 1e-12)
        for stimulus in [RandomCircuits.Stimulus.pulse, .piecewiseLinear] {
            for (label, capacitance) in [("ODE", RandomCircuits.Capacitance.everyNode),
                                         ("DAE", .someNodes(fraction: 0.5))] {
                configuration.stimulus = stimulus
                configuration.capacitance = capacitance
                let worst = try assertBalances(configuration, tolerances: tolerances, label: "\(stimulus) \(label)")
                print("ledger random RC \(stimulus) \(label): worst imbalance \(worst) of the energy moved")
            }
        }
    }

    /// Diodes and amplifiers (VCVS, CCCS, whose supplies are sources of the ledger) charging
    /// from zero under constant sources: the ledger balances.
    func testRandomNetworksWithDiodesAndAmplifiersBalance() throws {
        var configuration = RandomCircuits.Configuration()
        configuration.nodeCount = 12
        configuration.analyses = .transient
        configuration.includesDiodes = true
        configuration.includesControlledSources = true
        configuration.stimulus = .constant
        for (label, capacitance) in [("ODE", RandomCircuits.Capacitance.everyNode),
                                     ("DAE", .someNodes(fraction: 0.5))] {
            configuration.capacitance = capacitance
            let worst = try assertBalances(configuration, tolerances: Tolerances(relative: 1e-8, absoluteVoltage: 1e-12),
                                           label: "diodes, amplifiers \(label)", families: ["resistors", "diodes"])
            print("ledger random diodes and amplifiers \(label): worst imbalance \(worst) of the energy moved")
        }
    }

    /// Runs seeds 0..<8 of `configuration` over their suggested stop time and checks
    /// |imbalance| ≤ 10⁻⁶ of the energy moved; returns the worst ratio.
    private func assertBalances(_ configuration: RandomCircuits.Configuration, tolerances: Tolerances,
                                label: String, families: [String] = ["resistors"],
                                file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        var worst = 0.0
        for seed: UInt64 in 0..<8 {
            let random = RandomCircuits.circuit(seed: seed, configuration: configuration)
            let built = try circuit(random.netlist)
            let problem = TransientProblem(
                network: built.network, initialState: built.initialState, stopTime: random.suggestedStopTime,
                outputStep: random.suggestedStopTime / 10,
                control: StepControl(tolerances: tolerances, maxStep: random.suggestedMaximumStep))
            let result = simulateTransient(problem, using: TRBDF2())
            XCTAssertEqual(result.report.status, .completed, "\(label) seed \(seed): \(result.report.message)",
                           file: file, line: line)
            let ledger = result.report.ledger
            XCTAssertFalse(ledger.delivered.isEmpty, "\(label) seed \(seed)", file: file, line: line)
            XCTAssertEqual(ledger.dissipated.map(\.name), families, "\(label) seed \(seed)", file: file, line: line)
            XCTAssertGreaterThan(ledger.totalDissipated, 0, "\(label) seed \(seed)", file: file, line: line)
            // The scale: every joule that moved.
            let moved = ledger.delivered.reduce(0) { $0 + abs($1.energy) } + ledger.totalDissipated
                + abs(ledger.storedChange)
            XCTAssertEqual(ledger.imbalance, 0, accuracy: 1e-6 * moved, "\(label) seed \(seed): \(ledger)",
                           file: file, line: line)
            XCTAssertEqual(result.report.dissipatedEnergy, ledger.totalDissipated, accuracy: 1e-12 * moved,
                           file: file, line: line)
            worst = max(worst, abs(ledger.imbalance) / moved)
        }
        return worst
    }

    /// Ledgers of successive phases add entry by entry.
    func testLedgersOfPhasesAdd() {
        var total = EnergyLedger(delivered: [.init(name: "v1", energy: 2)],
                                 dissipated: [.init(name: "resistors", energy: 1.5)], storedChange: 0.5)
        total.add(EnergyLedger(delivered: [.init(name: "v1", energy: 1), .init(name: "i1", energy: 0.25)],
                               dissipated: [.init(name: "resistors", energy: 1.75)], storedChange: -0.5))
        XCTAssertEqual(total.delivered, [.init(name: "v1", energy: 3), .init(name: "i1", energy: 0.25)])
        XCTAssertEqual(total.dissipated, [.init(name: "resistors", energy: 3.25)])
        XCTAssertEqual(total.storedChange, 0)
        XCTAssertEqual(total.imbalance, 0)
    }
}

/// Conservative mechanical and oscillator families store their energy: a network relaxing
/// under its drags turns exactly its potential-energy drop into drag heat (nothing delivers).
final class MechanicalEnergyLedgerTests: XCTestCase {
    func testSpringNetworkTurnsItsPotentialDropIntoDragHeat() throws {
        let network = LangevinEquipartitionTests.springNetwork(drags: [0.6, 1.8])
        let equations = NetworkEquations(network: network)
        var state = zip(LangevinEquipartitionTests.equilibrium, [0.08, -0.05, 0.03, 0.06]).map { $0 + $1 }
        let start = state.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
        let report = relax(equations, state: &state, control: StepControl(tolerances: Tolerances(relative: 1e-9, absoluteVoltage: 1e-12)),
                           using: TRBDF2())
        XCTAssertEqual(report.status, .converged)
        let end = state.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
        XCTAssertGreaterThan(start - end, 1e-4, "the springs had energy to give")
        XCTAssertEqual(report.ledger.storedChange, end - start, accuracy: 1e-12)
        XCTAssertEqual(report.ledger.totalDelivered, 0)
        XCTAssertEqual(report.ledger.dissipated.map(\.name), ["drag"])
        XCTAssertEqual(report.ledger.totalDissipated, start - end, accuracy: 1e-4 * (start - end))
        XCTAssertEqual(report.dissipatedEnergy, report.ledger.totalDissipated, accuracy: 1e-15)
    }

    func testPhaseInAFieldTurnsItsEnergyDropIntoDragHeat() throws {
        let network = Network(
            unknowns: [Unknown(name: "phi", kind: .phase)],
            interactions: [PhaseFields(oscillators: [0], strengthOffset: 0, phaseOffset: 1),
                           PhaseDrag(oscillators: [0], parameterOffset: 2)],
            parameters: [1.5, 0.3, 0.7], parameterNames: ["h", "psi", "gamma"])
        let equations = NetworkEquations(network: network)
        var state = [2.0]
        let report = relax(equations, state: &state, control: StepControl(tolerances: Tolerances(relative: 1e-9, absoluteVoltage: 1e-12)),
                           using: TRBDF2())
        XCTAssertEqual(report.status, .converged)
        // E = −h cos(φ − ψ): from φ = 2 to ψ the field gives h(1 − cos 1.7).
        let drop = 1.5 * (1 - cos(1.7))
        XCTAssertEqual(report.ledger.storedChange, -drop, accuracy: 1e-6)
        XCTAssertEqual(report.ledger.totalDissipated, drop, accuracy: 1e-4 * drop)
        XCTAssertLessThan(abs(report.ledger.imbalance), 1e-4 * drop)
    }
}
