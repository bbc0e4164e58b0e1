import Foundation
import XCTest
@testable import PhysicalNetworks

/// The torque costs on output phases (`PhaseCost`, both forms) against what they must equal
/// without looking at the code: central differences of themselves (residual, Jacobian, ∂E/∂θ,
/// λᵀ∂F/∂θ, ∂C/∂φ), the closed forms `1 − cos δ` and `−log((1 + ε + cos δ)/(2 + ε))` with the
/// torque `sin δ/(1 + ε + cos δ)`, zero on target, 2π-periodicity, and the W24 readout.
final class PhaseCostTests: XCTestCase {
    /// Outputs are unknowns 1 and 3 of 4; parameters [unused, β, τ₁, τ₂].
    private static let dimension = 4
    private static func cost(_ form: PhaseCost.Form) -> PhaseCost {
        PhaseCost(outputs: [1, 3], betaParameter: 1, targetOffset: 2, form: form)
    }

    private static let forms: [PhaseCost.Form] = [.cosine, .logarithmic(epsilon: 1e-5), .logarithmic(epsilon: 0.3)]

    private func cost(_ family: PhaseCost, _ x: [Double], _ p: [Double]) -> Double {
        x.withUnsafeBufferPointer { s in p.withUnsafeBufferPointer { family.cost(s, parameters: $0) } }
    }

    private func costGradient(_ family: PhaseCost, _ x: [Double], _ p: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { s in
            p.withUnsafeBufferPointer { pp in g.withUnsafeMutableBufferPointer { family.addCostGradient(s, parameters: pp, into: $0) } }
        }
        return g
    }

    private func isCorrect(_ family: PhaseCost, _ x: [Double], _ p: [Double]) -> Bool {
        x.withUnsafeBufferPointer { s in p.withUnsafeBufferPointer { family.isCorrect(s, parameters: $0) } }
    }

    /// The cost of one output at phase error δ, written here from the documented formulas.
    private func closedFormCost(_ form: PhaseCost.Form, _ delta: Double) -> Double {
        switch form {
        case .cosine: return 1 - cos(delta)
        case .logarithmic(let e): return -log((1 + e + cos(delta)) / (2 + e))
        }
    }

    private func closedFormTorque(_ form: PhaseCost.Form, _ delta: Double) -> Double {
        switch form {
        case .cosine: return sin(delta)
        case .logarithmic(let e): return sin(delta) / (1 + e + cos(delta))
        }
    }

    // MARK: InteractionChecks

    /// Residual = ∂E/∂φ, Jacobian = residual differences, ∂E/∂(β, τ) = energy differences, batch
    /// rows = single rows — at random states with β of both signs. Phase errors are kept off the
    /// antipode (|δ| ≤ 2.6) so the ε = 1e-5 log cost stays smooth on the difference step.
    func testInteractionChecksPassForBothFormsAndBothSignsOfBeta() {
        var generator = SeededGenerator(seed: 61)
        for form in Self.forms {
            for beta in [0.37, -0.21] {
                let targets = [Double.random(in: -3...3, using: &generator), Double.random(in: -3...3, using: &generator)]
                let parameters = [0.7, beta] + targets
                let states = (0..<4).map { _ -> [Double] in
                    var x = (0..<Self.dimension).map { _ in Double.random(in: -4...4, using: &generator) }
                    // Phase errors within ±2.6 rad of the targets, possibly a turn away.
                    x[1] = targets[0] + Double.random(in: -2.6...2.6, using: &generator) + 2 * .pi * Double(Int.random(in: -1...1, using: &generator))
                    x[3] = targets[1] + Double.random(in: -2.6...2.6, using: &generator)
                    return x
                }
                var checks = InteractionChecks(family: Self.cost(form), dimension: Self.dimension, parameters: parameters)
                checks.tolerance = 1e-5
                let failures = checks.failures(states: states)
                XCTAssertEqual(failures, [], "\(form), β = \(beta)")
            }
        }
    }

    /// The checks can fail: a family whose torque is the log cost's but whose energy is the
    /// cosine cost's (an easy slip between the two forms) is caught.
    func testInteractionChecksCatchATorqueThatIsNotTheEnergyGradient() {
        let mixed = MixedForms(torque: Self.cost(.logarithmic(epsilon: 0.3)), energy: Self.cost(.cosine))
        let checks = InteractionChecks(family: mixed, dimension: Self.dimension, parameters: [0, 0.5, 0.3, -1.1])
        let failures = checks.failures(states: [[0, 1.4, 0, -0.2], [0, -0.9, 0, 2.0]])
        XCTAssertTrue(failures.contains { $0.contains("∂E/∂x1") }, "\(failures)")
    }

    // MARK: cost and ∂C/∂φ

    func testCostGradientMatchesCentralDifferences() {
        var generator = SeededGenerator(seed: 62)
        for form in Self.forms {
            let parameters = [0, 0.4, 1.1, -2.3]
            for _ in 0..<5 {
                var x = generator.states(1, dimension: Self.dimension, in: -3...3)[0]
                x[1] = parameters[2] + Double.random(in: -2.5...2.5, using: &generator)
                let analytic = costGradient(Self.cost(form), x, parameters)
                for j in 0..<Self.dimension {
                    let h = 1e-6
                    var plus = x, minus = x
                    plus[j] += h
                    minus[j] -= h
                    let numeric = (cost(Self.cost(form), plus, parameters) - cost(Self.cost(form), minus, parameters)) / (2 * h)
                    XCTAssertEqual(analytic[j], numeric, accuracy: 1e-7 * max(1, abs(numeric)), "\(form): ∂C/∂x\(j)")
                }
                XCTAssertEqual(analytic[0], 0, "not an output")
                XCTAssertEqual(analytic[2], 0, "not an output")
            }
        }
    }

    func testCostVanishesOnTargetAndIsPeriodic() {
        var generator = SeededGenerator(seed: 63)
        for form in Self.forms {
            let family = Self.cost(form)
            for _ in 0..<5 {
                let tau = [Double.random(in: -3...3, using: &generator), Double.random(in: -3...3, using: &generator)]
                let parameters = [0, 0.2] + tau
                let onTarget = [9.0, tau[0], -9.0, tau[1]]
                XCTAssertEqual(cost(family, onTarget, parameters), 0, accuracy: 1e-15, "\(form): 0 on target")
                XCTAssertEqual(costGradient(family, onTarget, parameters), [0, 0, 0, 0], "\(form): no torque on target")
                // A turn on either output (or on the target) changes nothing.
                let x = generator.states(1, dimension: Self.dimension, in: -3...3)[0]
                for shift in [2 * Double.pi, -2 * Double.pi, 4 * Double.pi] {
                    var turned = x
                    turned[1] += shift
                    turned[3] -= shift
                    XCTAssertEqual(cost(family, turned, parameters), cost(family, x, parameters), accuracy: 1e-12, "\(form)")
                    let g0 = costGradient(family, x, parameters), g1 = costGradient(family, turned, parameters)
                    for j in 0..<Self.dimension { XCTAssertEqual(g1[j], g0[j], accuracy: 1e-11, "\(form): ∂C/∂x\(j)") }
                    var turnedTargets = parameters
                    turnedTargets[2] -= shift
                    XCTAssertEqual(cost(family, x, turnedTargets), cost(family, x, parameters), accuracy: 1e-12, "\(form)")
                }
                // The cost is positive off target and largest at the antipode.
                let antipode = [0, tau[0] + .pi, 0, tau[1] + .pi]
                let c = cost(family, x, parameters)
                XCTAssertGreaterThan(c, 0)
                XCTAssertLessThanOrEqual(c, cost(family, antipode, parameters) + 1e-12)
            }
        }
    }

    /// C and ∂C/∂φ equal the closed forms output by output, and the energy is β C.
    func testCostAndTorqueEqualTheClosedForms() {
        var generator = SeededGenerator(seed: 64)
        for form in Self.forms {
            let family = Self.cost(form)
            for _ in 0..<8 {
                let x = generator.states(1, dimension: Self.dimension, in: -6...6)[0]
                let beta = Double.random(in: -1...1, using: &generator)
                let parameters = [0, beta, Double.random(in: -3...3, using: &generator), Double.random(in: -3...3, using: &generator)]
                let d1 = x[1] - parameters[2], d3 = x[3] - parameters[3]
                let expected = closedFormCost(form, d1) + closedFormCost(form, d3)
                XCTAssertEqual(cost(family, x, parameters), expected, accuracy: 1e-12 * max(1, abs(expected)), "\(form)")
                let g = costGradient(family, x, parameters)
                XCTAssertEqual(g[1], closedFormTorque(form, d1), accuracy: 1e-12 * max(1, abs(g[1])), "\(form)")
                XCTAssertEqual(g[3], closedFormTorque(form, d3), accuracy: 1e-12 * max(1, abs(g[3])), "\(form)")
                XCTAssertEqual(OscillatorChecks.energy(family, x, parameters), beta * expected,
                               accuracy: 1e-12 * max(1, abs(expected)), "\(form): E = βC")
                let residual = OscillatorChecks.residual(family, x, parameters)
                XCTAssertEqual(residual[1], beta * closedFormTorque(form, d1), accuracy: 1e-12 * max(1, abs(residual[1])))
                XCTAssertEqual(residual[0], 0)
            }
        }
    }

    /// Log cost values at hand-computed points: δ = π/2 gives log((2 + ε)/(1 + ε)) and torque
    /// 1/(1 + ε); near the antipode the torque grows like 1/ε, the cosine cost's stays at sin δ.
    func testLogCostAtKnownPoints() {
        let epsilon = 1e-5
        let family = PhaseCost(outputs: [0], betaParameter: 0, targetOffset: 1, form: .logarithmic(epsilon: epsilon))
        let parameters = [1.0, 0.25]
        let quarter = [0.25 + .pi / 2]
        XCTAssertEqual(cost(family, quarter, parameters), log((2 + epsilon) / (1 + epsilon)), accuracy: 1e-14)
        XCTAssertEqual(costGradient(family, quarter, parameters)[0], 1 / (1 + epsilon), accuracy: 1e-14)
        let nearAntipode = [0.25 + .pi - 1e-3]
        let torque = costGradient(family, nearAntipode, parameters)[0]
        // sin(π − 1e-3)/(1 + ε + cos(π − 1e-3)) ≈ 1e-3/(ε + 5e-7).
        XCTAssertEqual(torque, sin(1e-3) / (1 + epsilon - cos(1e-3)), accuracy: 1e-9 * torque)
        XCTAssertGreaterThan(torque, 90)
        XCTAssertEqual(cost(family, [0.25 + .pi], parameters), -log(epsilon / (2 + epsilon)), accuracy: 1e-9)
    }

    // MARK: λᵀ ∂F/∂θ

    func testParameterJacobianProductMatchesDifferences() {
        var generator = SeededGenerator(seed: 65)
        for form in Self.forms {
            for _ in 0..<4 {
                let parameters = [0.5, Double.random(in: -1...1, using: &generator),
                                  Double.random(in: -3...3, using: &generator), Double.random(in: -3...3, using: &generator)]
                var x = generator.states(1, dimension: Self.dimension, in: -3...3)[0]
                x[1] = parameters[2] + Double.random(in: -2.5...2.5, using: &generator)
                x[3] = parameters[3] + Double.random(in: -2.5...2.5, using: &generator)
                let adjoint = generator.states(1, dimension: Self.dimension, in: -2...2)[0]
                OscillatorChecks.assertParameterJacobianProduct(Self.cost(form), state: x, adjoint: adjoint, parameters: parameters)
                // And explicitly: λᵀ∂F/∂β = Σ λ_o ∂C/∂φ_o.
                let product = OscillatorChecks.parameterJacobianProduct(Self.cost(form), x, adjoint, parameters)
                let expected = adjoint[1] * closedFormTorque(form, x[1] - parameters[2])
                    + adjoint[3] * closedFormTorque(form, x[3] - parameters[3])
                XCTAssertEqual(product[1], expected, accuracy: 1e-12 * max(1, abs(expected)))
                XCTAssertEqual(product[0], 0, "the unused parameter")
            }
        }
    }

    // MARK: isCorrect

    func testSeveralOutputsReadOutByArgmaxSine() {
        let family = PhaseCost(outputs: [0, 1, 2], betaParameter: 3, targetOffset: 4, form: .cosine)
        let half = Double.pi / 2
        // One-hot at ±π/2: class 1 wanted.
        let wantOne = [0, 0, 0, 0.1, -half, half, -half]
        XCTAssertTrue(isCorrect(family, [-1.0, 1.2, 0.3], wantOne), "sin 1.2 is the largest")
        XCTAssertTrue(isCorrect(family, [-1.0, 1.2 + 2 * .pi, 0.3 - 4 * .pi], wantOne), "a turn changes nothing")
        XCTAssertFalse(isCorrect(family, [-1.0, 0.3, 1.2], wantOne), "class 2 predicted")
        XCTAssertFalse(isCorrect(family, [2.0, 0.3, -0.5], wantOne), "class 0 predicted (sin 2 > sin 0.3)")
        // argmax of sin, not of φ: φ = 3 has the largest phase but sin 3 ≈ 0.14.
        XCTAssertTrue(isCorrect(family, [3.0, 0.5, -2.0], wantOne), "sin 0.5 > sin 3")
        XCTAssertFalse(isCorrect(family, [3.0, 0.1, -2.0], wantOne), "sin 3 > sin 0.1")
        // Not cos: φ = 0 has the largest cosine but sin 0 = 0 < sin(−2.5)? no: sin(−2.5) < 0.
        XCTAssertFalse(isCorrect(family, [0.0, -2.5, -0.2], wantOne), "class 0 predicted")
        // Wanted class 2 with targets that are not exactly ±π/2.
        let wantTwo = [0, 0, 0, 0.1, -1.0, 0.2, 1.4]
        XCTAssertTrue(isCorrect(family, [0.1, 0.2, 2.0], wantTwo))
        XCTAssertFalse(isCorrect(family, [1.5, 0.2, 2.5], wantTwo))
    }

    func testOneOutputIsCorrectWhenNearerItsTargetThanItsAntipode() {
        let family = PhaseCost(outputs: [1], betaParameter: 0, targetOffset: 1, form: .logarithmic(epsilon: 1e-5))
        let tau = 0.4
        let parameters = [0.1, tau]
        for (phi, expected) in [(tau + 1.5, true), (tau - 1.5, true), (tau + 1.6, false), (tau - 1.7, false),
                                (tau + .pi, false), (tau, true), (tau + 2 * .pi - 1.0, true), (tau - 2 * .pi + 2.0, false)] {
            XCTAssertEqual(isCorrect(family, [5.0, phi], parameters), expected, "φ = \(phi), τ = \(tau)")
            XCTAssertEqual(cos(phi - tau) > 0, expected, "the case itself")
        }
        // Across the cut at ±π: φ = 3.0 and τ = −3.0 are 0.28 rad apart.
        XCTAssertTrue(isCorrect(family, [0, 3.0], [0.1, -3.0]))
        XCTAssertFalse(isCorrect(family, [0, 0.0], [0.1, -3.0]))
    }
}

/// The log cost's residual and Jacobian with the cosine cost's energy: a deliberately wrong family.
private struct MixedForms: Interaction {
    var torque: PhaseCost
    var energy: PhaseCost
    var familyName: String { "mixed phase cost" }
    var isReciprocal: Bool { true }
    var isLinear: Bool { false }
    func addResidual(_ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                     into residual: MutableStateBatch) {
        torque.addResidual(states, drive: drive, parameters: parameters, into: residual)
    }
    func jacobianEntries() -> [MatrixEntry] { torque.jacobianEntries() }
    func addJacobian(_ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                     into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>) {
        torque.addJacobian(state, drive: drive, parameters: parameters, into: values, slots: slots)
    }
    func addEnergy(_ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                   into energies: UnsafeMutableBufferPointer<Double>) {
        energy.addEnergy(states, drive: drive, parameters: parameters, into: energies)
    }
    func addParameterGradient(_ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                              into gradient: UnsafeMutableBufferPointer<Double>) {
        energy.addParameterGradient(states, drive: drive, parameters: parameters, into: gradient)
    }
}
