import Foundation
import XCTest
@testable import PhysicalNetworks

/// Natural frequencies `γ_i dφ_i/dt = −∂E/∂φ_i + γ_i ω_i`: the family's derivatives, Adler's
/// two-oscillator locking (dΔ/dt = Δω − (2W/γ) sin Δ, locked iff |Δω| γ ≤ 2W with
/// sin Δ* = γΔω/2W) by relaxation and transients, drift above threshold, and the network
/// no longer being a gradient system.
final class NaturalFrequenciesTests: XCTestCase {
    /// ω on unknowns 0, 2, 3 of four; ω at 1…3, γ at 4…6 (parameter 0 is someone else's).
    static let family = NaturalFrequencies(oscillators: [0, 2, 3], frequencyOffset: 1, dragOffset: 4)
    static let parameters = [7.0, 0.5, -1.2, 2.0, 0.8, 1.5, 0.3]

    func testDerivativesMatchFiniteDifferences() {
        var generator = SeededGenerator(seed: 71)
        let checks = InteractionChecks(family: Self.family, dimension: 4, parameters: Self.parameters)
        let problems = checks.failures(states: generator.states(3, dimension: 4, in: -3...3))
        XCTAssertTrue(problems.isEmpty, problems.prefix(10).joined(separator: "\n"))
    }

    func testResidualIsMinusDragTimesFrequency() {
        let f = OscillatorChecks.residual(Self.family, [0.3, -1, 2, 5], Self.parameters)
        XCTAssertEqual(f, [-0.8 * 0.5, 0, -1.5 * -1.2, -0.3 * 2.0])
    }

    func testParameterJacobianProductMatchesDifferencesOfTheResidual() {
        var generator = SeededGenerator(seed: 72)
        let states = generator.states(2, dimension: 4, in: -3...3)
        OscillatorChecks.assertParameterJacobianProduct(Self.family, state: states[0], adjoint: states[1],
                                                        parameters: Self.parameters)
    }

    /// A lone oscillator turns at dφ/dt = +ω whatever its drag (ω multiplies γ: it is a frequency,
    /// not a torque), and two coupled oscillators with equal ω but unequal drags stay in phase.
    func testFrequencyIsIndependentOfTheDrag() {
        for gamma in [0.3, 2.0] {
            let lone = Network(unknowns: [Unknown(name: "phi", kind: .coordinate)],
                               interactions: [PhaseDrag(oscillators: [0], parameterOffset: 0),
                                              NaturalFrequencies(oscillators: [0], frequencyOffset: 1, dragOffset: 0)],
                               parameters: [gamma, 1.7], parameterNames: ["gamma", "omega"])
            let run = simulateTransient(TransientProblem(network: lone, initialState: [0.5], stopTime: 3, outputStep: 1),
                                        using: DormandPrince())
            XCTAssertTrue(run.report.status.isSuccess)
            XCTAssertEqual(run.states.last![0], 0.5 + 1.7 * 3, accuracy: 1e-8, "γ = \(gamma)")
        }
        var network = Self.pair(w: 1, gamma: 1, omega1: 0.9, omega2: 0.9)
        network.parameters[2] = 3
        let run = simulateTransient(TransientProblem(network: network, initialState: [0, 0], stopTime: 10, outputStep: 1),
                                    using: DormandPrince())
        XCTAssertTrue(run.report.status.isSuccess)
        for state in run.states { XCTAssertEqual(state[0] - state[1], 0, accuracy: 1e-9) }
        XCTAssertEqual(run.states.last![0], 9, accuracy: 1e-8)
    }

    // MARK: Two coupled oscillators

    /// φ₁, φ₂ coupled by W (parameter 0), drag γ on both (1, 2), natural frequencies ω₁, ω₂ (3, 4).
    static func pair(w: Double, gamma: Double, omega1: Double, omega2: Double) -> Network {
        Network(unknowns: [Unknown(name: "phi1", kind: .coordinate), Unknown(name: "phi2", kind: .coordinate)],
                interactions: [PhaseCouplings(couplings: [PhaseCouplings.Coupling(a: 0, b: 1)], weightOffset: 0),
                               PhaseDrag(oscillators: [0, 1], parameterOffset: 1),
                               NaturalFrequencies(oscillators: [0, 1], frequencyOffset: 3, dragOffset: 1)],
                parameters: [w, gamma, gamma, omega1, omega2],
                parameterNames: ["W", "gamma1", "gamma2", "omega1", "omega2"])
    }

    func testNetworkWithNaturalFrequenciesIsNotAGradientSystem() {
        XCTAssertFalse(Self.pair(w: 1, gamma: 1, omega1: 0.2, omega2: -0.2).isGradientSystem)
        let withoutDrift = Network(
            unknowns: [Unknown(name: "phi1", kind: .coordinate), Unknown(name: "phi2", kind: .coordinate)],
            interactions: [PhaseCouplings(couplings: [PhaseCouplings.Coupling(a: 0, b: 1)], weightOffset: 0),
                           PhaseDrag(oscillators: [0, 1], parameterOffset: 1)],
            parameters: [1, 1, 1], parameterNames: ["W", "gamma1", "gamma2"])
        XCTAssertTrue(withoutDrift.isGradientSystem)
        XCTAssertFalse(Self.family.isReciprocal)
    }

    /// In the co-rotating frame (ω₂ = −ω₁, so the mean phase stands still) the pair relaxes to
    /// a steady state with sin Δ* = γΔω/2W on the stable branch (cos Δ* > 0).
    func testBelowThresholdThePairLocksAtTheAdlerPhase() {
        let w = 1.0, gamma = 0.5
        for ratio in [0.0, 0.4, -0.7, 0.95] {
            let deltaOmega = ratio * 2 * w / gamma
            let network = Self.pair(w: w, gamma: gamma, omega1: deltaOmega / 2, omega2: -deltaOmega / 2)
            let result = relax(RelaxationProblem(network: network, initialStates: [0.3, -0.2]), using: DormandPrince())
            XCTAssertEqual(result.reports[0].status, .converged, "γΔω/2W = \(ratio)")
            let state = result.state(0)
            let delta = state[0] - state[1]
            XCTAssertEqual(delta, asin(ratio), accuracy: 1e-6, "γΔω/2W = \(ratio)")
            XCTAssertEqual(state[0] + state[1], 0.1, accuracy: 1e-9, "the mean phase is conserved")
        }
    }

    /// With a non-zero mean frequency there is no steady state, but the difference still locks
    /// at the Adler phase while both turn at the mean frequency (ω₁ + ω₂)/2.
    func testLockedPairTurnsAtTheMeanFrequency() {
        let w = 1.0, gamma = 0.5, omega1 = 2.0, omega2 = 0.4
        let ratio = gamma * (omega1 - omega2) / (2 * w)
        let transient = simulateTransient(
            TransientProblem(network: Self.pair(w: w, gamma: gamma, omega1: omega1, omega2: omega2),
                             initialState: [0, 0], stopTime: 40, outputStep: 0.5),
            using: TRBDF2())
        XCTAssertTrue(transient.report.status.isSuccess)
        let last = transient.states[transient.states.count - 1], previous = transient.states[transient.states.count - 2]
        let dt = transient.times[transient.times.count - 1] - transient.times[transient.times.count - 2]
        XCTAssertEqual(last[0] - last[1], asin(ratio), accuracy: 1e-6)
        XCTAssertEqual((last[0] - previous[0]) / dt, (omega1 + omega2) / 2, accuracy: 1e-5)
        XCTAssertEqual((last[1] - previous[1]) / dt, (omega1 + omega2) / 2, accuracy: 1e-5)
    }

    /// Above threshold (γ|Δω| > 2W) the difference slips forever: relaxation finds no steady
    /// state within its time limit, and the difference grows monotonically at Adler's mean beat
    /// frequency √(Δω² − (2W/γ)²).
    func testAboveThresholdThePhaseDifferenceKeepsDrifting() {
        let w = 1.0, gamma = 0.5, deltaOmega = 1.2 * 2 * w / gamma
        let network = Self.pair(w: w, gamma: gamma, omega1: deltaOmega / 2, omega2: -deltaOmega / 2)
        let relaxed = relax(RelaxationProblem(network: network, initialStates: [0, 0], maxTime: 200),
                            using: DormandPrince())
        XCTAssertEqual(relaxed.reports[0].status, .maxTime)

        let stop = 200.0
        let transient = simulateTransient(TransientProblem(network: network, initialState: [0, 0],
                                                           stopTime: stop, outputStep: 0.25), using: DormandPrince())
        XCTAssertTrue(transient.report.status.isSuccess)
        let deltas = transient.states.map { $0[0] - $0[1] }
        for (before, after) in zip(deltas, deltas.dropFirst()) { XCTAssertGreaterThan(after, before) }
        let beat = (deltaOmega * deltaOmega - pow(2 * w / gamma, 2)).squareRoot()
        print("natural frequencies: slip \(deltas.last!) rad in \(stop) s, Adler beat × t = \(beat * stop)")
        XCTAssertEqual(deltas.last!, beat * stop, accuracy: 2 * Double.pi)
    }
}
