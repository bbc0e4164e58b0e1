import Foundation
import XCTest
@testable import PhysicalNetworks

/// Overdamped phase dynamics `γ dφ/dt = −∂E/∂φ`: PHYSICS.md case 6 (equilibrium and EP
/// gradient against the closed form and ../shared/reference/check_cases.py), two coupled
/// oscillators lock in phase (W > 0) or antiphase (W < 0), the energy only decreases along the
/// flow, and the settling time scales with γ.
final class PhaseDragTests: XCTestCase {
    // MARK: PHYSICS.md case 6

    /// φ₀ = 0.4 pinned, W = 1, h = 0.5, ψ = −1; φ₁ is unknown 0. Parameters: W, h, ψ, γ.
    static let phi0 = 0.4, tau = 1.2
    static let caseSix = [1.0, 0.5, -1.0, 1.0]

    /// The cost's torque: `β ∂C/∂φ₁` with `C = 1 − cos(φ₁ − τ)`.
    struct TorqueNudge: Interaction {
        var beta: Double
        var familyName: String { "nudge" }
        var isReciprocal: Bool { true }
        var isLinear: Bool { false }
        func addResidual(_ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                         into residual: MutableStateBatch) {
            for b in 0..<states.rows { residual.add(beta * sin(states[b, 0] - tau), row: b, column: 0) }
        }
        func jacobianEntries() -> [MatrixEntry] { [MatrixEntry(row: 0, column: 0)] }
        func addJacobian(_ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                         into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>) {
            values[slots[0]] += beta * cos(state[0] - tau)
        }
    }

    static func caseSixNetwork(parameters: [Double] = caseSix, beta: Double = 0) -> Network {
        var interactions: [any Interaction] = [
            PhaseCouplings(couplings: [PhaseCouplings.Coupling(a: -1, b: 0, anchorA: phi0)], weightOffset: 0),
            PhaseFields(oscillators: [0], strengthOffset: 1, phaseOffset: 2),
            PhaseDrag(oscillators: [0], parameterOffset: 3),
        ]
        if beta != 0 { interactions.append(TorqueNudge(beta: beta)) }
        return Network(unknowns: [Unknown(name: "phi1", kind: .coordinate)], interactions: interactions,
                       parameters: parameters, parameterNames: ["W", "h", "psi", "gamma"])
    }

    /// Closed form: `W sin(φ − φ₀) + h sin(φ − ψ) = 0` ⇔
    /// `tan φ = (W sin φ₀ + h sin ψ) / (W cos φ₀ + h cos ψ)`.
    static func closedForm(w: Double, h: Double = 0.5, psi: Double = -1) -> Double {
        atan2(w * sin(phi0) + h * sin(psi), w * cos(phi0) + h * cos(psi))
    }

    /// The equilibrium by Newton from φ = 0 (check_cases.py's start).
    static func equilibrium(beta: Double) -> Double {
        var state = [0.0]
        let report = state.withUnsafeMutableBufferPointer {
            OperatingPointSolver().solve(NetworkEquations(network: caseSixNetwork(beta: beta)), state: $0)
        }
        precondition(report.status.isSuccess, "case 6 did not converge: \(report.status)")
        return state[0]
    }

    func testCaseSixRelaxesToTheClosedFormAndTheReference() {
        let result = relax(RelaxationProblem(network: Self.caseSixNetwork(), initialStates: [0]), using: DormandPrince())
        XCTAssertEqual(result.reports[0].status, .converged)
        let phi1 = result.state(0)[0]
        XCTAssertEqual(phi1, Self.closedForm(w: 1), accuracy: 1e-8)
        XCTAssertEqual(phi1, -0.026284, accuracy: 5e-7)
        XCTAssertEqual(Self.equilibrium(beta: 0), Self.closedForm(w: 1), accuracy: 1e-12)
    }

    /// EP's symmetric estimate at β = 0.01 from the measurement −cos(φ₁ − φ₀) against the
    /// closed form's derivative and check_cases.py's numbers (EP −0.326616, FD −0.326608).
    func testCaseSixEPGradientMatchesTheClosedFormAndTheReference() {
        let beta = 0.01
        let plus = Self.equilibrium(beta: beta), minus = Self.equilibrium(beta: -beta)
        let ep = (-cos(plus - Self.phi0) + cos(minus - Self.phi0)) / (2 * beta)
        func loss(_ w: Double) -> Double { 1 - cos(Self.closedForm(w: w) - Self.tau) }
        let exact = (loss(1 + 1e-5) - loss(1 - 1e-5)) / 2e-5
        print("oscillators case 6: EP dL/dW = \(ep), closed form \(exact)")
        XCTAssertEqual(ep, -0.326616, accuracy: 1e-6)
        XCTAssertEqual(exact, -0.326608, accuracy: 1e-6)
        XCTAssertEqual(ep, exact, accuracy: 1e-4)
    }

    // MARK: Two coupled oscillators

    /// Oscillator 0 feels a field (h = 1, ψ = 0.7); oscillator 1 is coupled to it only. The
    /// pair settles at φ₀ = ψ and φ₁ − φ₀ = 0 for W > 0, π (mod 2π) for W < 0.
    func testTwoOscillatorsLockInPhaseOrAntiphase() {
        for (w, difference) in [(0.6, 0.0), (-0.6, Double.pi)] {
            let network = Network(
                unknowns: [Unknown(name: "phi0", kind: .coordinate), Unknown(name: "phi1", kind: .coordinate)],
                interactions: [PhaseCouplings(couplings: [PhaseCouplings.Coupling(a: 0, b: 1)], weightOffset: 0),
                               PhaseFields(oscillators: [0], strengthOffset: 1, phaseOffset: 2),
                               PhaseDrag(oscillators: [0, 1], parameterOffset: 3)],
                parameters: [w, 1, 0.7, 1, 2], parameterNames: ["W", "h", "psi", "gamma0", "gamma1"])
            let result = relax(RelaxationProblem(network: network, initialStates: [-0.5, 2.0]), using: DormandPrince())
            XCTAssertEqual(result.reports[0].status, .converged, "W = \(w)")
            let phi = result.state(0)
            XCTAssertEqual(remainder(phi[0] - 0.7, 2 * .pi), 0, accuracy: 1e-6, "W = \(w)")
            XCTAssertEqual(abs(remainder(phi[1] - phi[0], 2 * .pi)), difference, accuracy: 1e-6, "W = \(w)")
        }
    }

    // MARK: Gradient flow

    /// Five oscillators, one pinned input, couplings of both signs, fields and a shared pump.
    static func mixedNetwork(drag: Double) -> (Network, [any Interaction]) {
        let energyFamilies: [any Interaction] = [
            PhaseCouplings(couplings: [
                PhaseCouplings.Coupling(a: 0, b: 1), PhaseCouplings.Coupling(a: 1, b: 2),
                PhaseCouplings.Coupling(a: 2, b: 3), PhaseCouplings.Coupling(a: 3, b: 4),
                PhaseCouplings.Coupling(a: 4, b: 0), PhaseCouplings.Coupling(a: -1, b: 2, anchorA: 1.0),
            ], weightOffset: 0),
            PhaseFields(oscillators: [1, 3], strengthOffset: 6, phaseOffset: 8),
            InjectionLocking(oscillators: [0, 1, 2, 3, 4], strengthOffset: 10),
        ]
        let parameters = [1.0, -0.8, 0.6, 1.2, -0.5, 0.9, 0.4, 0.7, -1.0, 2.0, 0.3]
            + [Double](repeating: drag, count: 5)
        let network = Network(
            unknowns: (0..<5).map { Unknown(name: "phi\($0)", kind: .coordinate) },
            interactions: energyFamilies + [PhaseDrag(oscillators: Array(0..<5), parameterOffset: 11)],
            parameters: parameters, parameterNames: parameters.indices.map { "p\($0)" })
        return (network, energyFamilies)
    }

    static let mixedStart = [2.5, -1.0, 0.3, 1.7, -2.2]

    func testEnergyDecreasesAlongTheFlow() {
        let (network, families) = Self.mixedNetwork(drag: 1)
        let transient = simulateTransient(TransientProblem(network: network, initialState: Self.mixedStart,
                                                           stopTime: 20, outputStep: 0.1), using: DormandPrince())
        XCTAssertTrue(transient.report.status.isSuccess)
        let energies = transient.states.map { state in
            families.reduce(0) { $0 + OscillatorChecks.energy($1, Array(state), network.parameters) }
        }
        for (before, after) in zip(energies, energies.dropFirst()) { XCTAssertLessThanOrEqual(after, before + 1e-12) }
        XCTAssertLessThan(energies.last!, energies.first! - 0.5)
    }

    /// Halving the drag halves the physical settling time (τ = γ/W) and ends at the same phases.
    func testSettlingTimeScalesWithDrag() {
        var results: [RelaxationResult] = []
        for drag in [0.5, 1.0] {
            let (network, _) = Self.mixedNetwork(drag: drag)
            let result = relax(RelaxationProblem(network: network, initialStates: Self.mixedStart), using: DormandPrince())
            XCTAssertEqual(result.reports[0].status, .converged, "drag \(drag)")
            results.append(result)
        }
        for (a, b) in zip(results[0].state(0), results[1].state(0)) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        print("oscillators overdamped settling: γ = 0.5 → \(results[0].reports[0].time) s, γ = 1 → \(results[1].reports[0].time) s")
        XCTAssertEqual(results[1].reports[0].time / results[0].reports[0].time, 2, accuracy: 0.05)
    }
}
