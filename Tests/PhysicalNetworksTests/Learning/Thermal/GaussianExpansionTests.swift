import Foundation
import XCTest
@testable import PhysicalNetworks

/// The Gaussian (low-temperature) expansion against closed forms we derived by hand: PHYSICS.md
/// case 5 as an RC node (E = ½gV² − IV, C = ½(V − y)², capacitance c) under Boltzmann noise
/// (Var V = T/g) and Johnson noise (Var V = kT/c, whatever g; with a noiseless nudging source
/// of conductance β, Var V = kT·g/(c(g + β))), and a phase in a field, whose exact law is
/// von Mises (⟨cos δ⟩ = I₁(h/T)/I₀(h/T), by quadrature).
final class GaussianExpansionTests: XCTestCase {
    static let g = ThermalEquilibriumPropagationTests.g, current = ThermalEquilibriumPropagationTests.current
    static let target = ThermalEquilibriumPropagationTests.target, capacitance = 0.5

    /// Case 5's node (ThermalEquilibriumPropagationTests) with C = 0.5 F.
    static func rcNode() throws -> EquilibriumPropagation {
        try ThermalEquilibriumPropagationTests.controller(capacitance: capacitance)
    }

    /// Mean output at nudge b: (I + b y)/(g + b).
    static func mean(_ b: Double) -> Double { (current + b * target) / (g + b) }
    static var theta: Double { current / g }

    func testBoltzmannLossAndGradientAreTheClosedForms() throws {
        let t = 0.05
        let reference = try Self.rcNode().gaussianReference(temperature: t, noise: .boltzmann)
        let theta = Self.theta, y = Self.target, g = Self.g
        XCTAssertEqual(reference.loss, 0.5 * ((theta - y) * (theta - y) + t / g), accuracy: 1e-12)
        XCTAssertEqual(reference.deterministicLoss, 0.5 * (theta - y) * (theta - y), accuracy: 1e-12)
        let exact = -(theta - y) * theta / g - t / (2 * g * g)
        XCTAssertEqual(reference.gradient[0], exact, accuracy: 1e-8)
        XCTAssertEqual(reference.covarianceExpectation[0], exact, accuracy: 1e-10,
                       "under exp(−E/T) the covariance estimator is unbiased")
    }

    func testBoltzmannNudgedExpectationIsTheFiniteBetaClosedForm() throws {
        let t = 0.05, beta = 0.2
        func measured(_ b: Double) -> Double { 0.5 * (Self.mean(b) * Self.mean(b) + t / (Self.g + b)) }
        let expected = (measured(beta) - measured(-beta)) / (2 * beta)
        let value = try Self.rcNode().nudgedExpectation(beta: beta, temperature: t, noise: .boltzmann)
        XCTAssertEqual(value[0], expected, accuracy: 1e-10)
    }

    /// Johnson noise: Var V = kT/c whatever g, so L = ½(θ − y)² + kT/(2c) and dL/dg is the
    /// noiseless gradient; the covariance estimator's expectation is something else, and a
    /// noiseless nudging source biases the nudged estimator by −kT g/(2c(g² − β²)).
    func testJohnsonNoiseClosedForms() throws {
        let kT = 0.05, beta = 0.2, g = Self.g, c = Self.capacitance, theta = Self.theta, y = Self.target
        let ep = try Self.rcNode()
        let reference = try ep.gaussianReference(temperature: kT, noise: .johnson)
        XCTAssertEqual(reference.loss, 0.5 * (theta - y) * (theta - y) + kT / (2 * c), accuracy: 1e-12)
        let noiseless = -(theta - y) * theta / g
        XCTAssertEqual(reference.gradient[0], noiseless, accuracy: 1e-8)
        // −Cov(∂E/∂g, C)/kT with ∂E/∂g = ½V², V ~ N(θ, kT/c): Cov(½V², ½(V − y)²) =
        // θ(θ − y)σ² + ½σ⁴.
        let variance = kT / c
        let covariance = theta * (theta - y) * variance + 0.5 * variance * variance
        XCTAssertEqual(reference.covarianceExpectation[0], -covariance / kT, accuracy: 1e-10)
        XCTAssertGreaterThan(abs(reference.covarianceExpectation[0] - noiseless), 0.5 * abs(noiseless))

        func measured(_ b: Double, noisyNudge: Bool) -> Double {
            let v = noisyNudge ? kT / c : kT * g / (c * (g + b))
            return 0.5 * (Self.mean(b) * Self.mean(b) + v)
        }
        let source = try ep.nudgedExpectation(beta: beta, temperature: kT, noise: .johnson, nudge: .source)
        XCTAssertEqual(source[0], (measured(beta, noisyNudge: false) - measured(-beta, noisyNudge: false)) / (2 * beta),
                       accuracy: 1e-10)
        let deterministic = (0.5 * Self.mean(beta) * Self.mean(beta) - 0.5 * Self.mean(-beta) * Self.mean(-beta)) / (2 * beta)
        XCTAssertEqual(source[0] - deterministic, -kT * g / (2 * c * (g * g - beta * beta)), accuracy: 1e-10)
        let resistor = try ep.nudgedExpectation(beta: beta, temperature: kT, noise: .johnson, nudge: .resistor)
        XCTAssertEqual(resistor[0], (measured(beta, noisyNudge: true) - measured(0, noisyNudge: true)) / beta,
                       accuracy: 1e-10)
        XCTAssertThrowsError(try ep.gaussianMoments(beta: -beta, temperature: kT, noise: .johnson, nudge: .resistor))
    }

    // MARK: A phase in a field: weakly nonlinear, exact law von Mises.

    static let field = 1.5, fieldPhase = 0.3, phaseTarget = 1.0

    static func phaseInField(field h: Double = field) throws -> EquilibriumPropagation {
        let network = Network(
            unknowns: [Unknown(name: "phi", kind: .phase)],
            interactions: [PhaseFields(oscillators: [0], strengthOffset: 0, phaseOffset: 1),
                           PhaseDrag(oscillators: [0], parameterOffset: 2)],
            parameters: [h, fieldPhase, 0.7], parameterNames: ["h", "psi", "gamma"],
            roles: Network.Roles(outputs: [0], trainable: [0]))
        let ep = try EquilibriumPropagation(network: network, cost: .phaseCosine)
        try ep.setTargets([phaseTarget])
        return ep
    }

    /// I₁(κ)/I₀(κ) by the trapezoidal rule on the periodic integrand (spectrally accurate).
    static func besselRatio(_ kappa: Double) -> Double {
        let n = 2000
        var i0 = 0.0, i1 = 0.0
        for k in 0..<n {
            let x = -Double.pi + 2 * Double.pi * Double(k) / Double(n)
            let w = exp(kappa * (cos(x) - 1))
            i0 += w
            i1 += w * cos(x)
        }
        return i1 / i0
    }

    /// ⟨1 − cos(φ − τ)⟩ = 1 − cos(τ − ψ) I₁(h/T)/I₀(h/T); the expansion is
    /// `C(ψ) + (T/2h) cos(τ − ψ)` (no mean shift: the law is symmetric about ψ), error O(T²).
    func testPhaseInAFieldMatchesVonMisesToSecondOrder() throws {
        let h = Self.field, delta = Self.phaseTarget - Self.fieldPhase
        let ep = try Self.phaseInField()
        var errors: [Double] = []
        for t in [0.02, 0.04, 0.08] {
            let exact = 1 - cos(delta) * Self.besselRatio(h / t)
            let moments = try ep.gaussianMoments(beta: 0, temperature: t, noise: .boltzmann)
            XCTAssertEqual(moments.deterministicCost, 1 - cos(delta), accuracy: 1e-9)
            XCTAssertEqual(moments.cost - moments.deterministicCost, t / (2 * h) * cos(delta), accuracy: 1e-9)
            XCTAssertEqual(moments.mean[0], Self.fieldPhase, accuracy: 1e-7)
            errors.append(abs(moments.cost - exact))
            XCTAssertLessThan(abs(moments.cost - exact), 0.1 * abs(exact - moments.deterministicCost))
        }
        // Second order: doubling T quadruples the error (I₁/I₀ = 1 − 1/2κ − 1/8κ² − …).
        XCTAssertEqual(errors[1] / errors[0], 4, accuracy: 0.4)
        XCTAssertEqual(errors[2] / errors[1], 4, accuracy: 0.5)
    }

    /// dL/dh: the expansion's −cos δ · T/(2h²)·… against the derivative of the exact von Mises
    /// loss, −cos δ · d/dh[I₁/I₀](h/T), by central differences of the quadrature.
    func testPhaseInAFieldGradientMatchesVonMises() throws {
        let t = 0.03, h = Self.field, delta = Self.phaseTarget - Self.fieldPhase
        let reference = try Self.phaseInField().gaussianReference(temperature: t, noise: .boltzmann)
        let step = 1e-4
        let exact = -cos(delta) * (Self.besselRatio((h + step) / t) - Self.besselRatio((h - step) / t)) / (2 * step)
        // Expansion: d/dh [T cos δ/(2h)] = −T cos δ/(2h²); the noiseless part is 0 (φ* = ψ).
        XCTAssertEqual(reference.gradient[0], -t * cos(delta) / (2 * h * h), accuracy: 1e-7)
        XCTAssertEqual(reference.gradient[0], exact, accuracy: 0.05 * abs(exact))
    }
}
