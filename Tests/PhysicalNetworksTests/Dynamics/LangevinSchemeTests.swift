import XCTest
@testable import PhysicalNetworks

/// Each scheme is exactly the recursion it claims, checked through the stationary variance of
/// the discrete Ornstein–Uhlenbeck process it makes of one RC node under Boltzmann noise:
/// `C dV = −g(V − θ) dt + √(2TC) dW`, i.e. `dV = −λ(V − θ) dt + σ dW` with λ = g/C, σ² = 2T/C,
/// exact Var V = σ²/(2λ) = T/g. With step h and ξ ~ N(0, 1), both schemes are
/// `δ' = a δ + b ξ`, whose stationary variance is `b²/(1 − a²)`:
/// - Euler–Maruyama: a = 1 − λh, b² = σ²h → Var = (T/g)·2/(2 − λh) (relative error λh/2: order 1);
/// - stochastic Heun: a = 1 − λh + (λh)²/2, b = σ√h (1 − λh/2) (the corrector reuses ξ) →
///   relative error −(λh)²/8 + O((λh)³)… (order 2).
/// At λh = 0.5 the two differ by 44 %, so sampling resolves which recursion ran.
final class LangevinSchemeTests: XCTestCase {
    static let g = 2.0, capacitance = 1.0, temperature = 0.1

    static func equations() -> NetworkEquations {
        NetworkEquations(network: Network(
            unknowns: [Unknown(name: "v", kind: .nodeVoltage)],
            interactions: [Resistors(terminals: [(0, -1)], parameterOffset: 0),
                           Capacitors(terminals: [(0, -1)], parameterOffset: 1),
                           CurrentSources(sources: [.init(name: "i1", positive: -1, negative: 0,
                                                          signal: SourceSignal(dc: 0.6))])],
            parameters: [g, capacitance], parameterNames: ["r1", "c1"]))
    }

    /// The discrete stationary variance of `scheme` at step h.
    static func discreteVariance(_ scheme: LangevinDynamics.Scheme, step h: Double) -> Double {
        let lambda = g / capacitance, sigma2 = 2 * temperature / capacitance
        let x = lambda * h
        switch scheme {
        case .eulerMaruyama:
            return sigma2 * h / (1 - (1 - x) * (1 - x))
        case .heun:
            let a = 1 - x + x * x / 2, b2 = sigma2 * h * (1 - x / 2) * (1 - x / 2)
            return b2 / (1 - a * a)
        }
    }

    /// Sampled mean and variance of V over `steps` steps after a burn-in.
    static func sampled(_ scheme: LangevinDynamics.Scheme, step: Double, steps: Int, seed: UInt64) throws
        -> (mean: Double, variance: Double) {
        let equations = equations()
        let dynamics = LangevinDynamics(noise: .boltzmann, temperature: temperature, stepSize: step, scheme: scheme,
                                        seed: seed)
        var state = [0.3]
        try dynamics.run(equations, state: &state, steps: 200)
        var sum = 0.0, sumSquares = 0.0, count = 0.0
        try dynamics.run(equations, state: &state, steps: steps, every: 2) { x in
            sum += x[0]
            sumSquares += x[0] * x[0]
            count += 1
        }
        let mean = sum / count
        return (mean, sumSquares / count - mean * mean)
    }

    func testEachSchemeIsItsOwnRecursion() throws {
        let h = 0.25  // λh = 0.5
        let exact = Self.temperature / Self.g
        let euler = Self.discreteVariance(.eulerMaruyama, step: h), heun = Self.discreteVariance(.heun, step: h)
        XCTAssertEqual(euler / exact, 4.0 / 3, accuracy: 1e-12)
        XCTAssertGreaterThan(abs(euler - heun) / exact, 0.4)
        // 2e5 steps sampled every 2: about 1e5 nearly independent samples, Var known to ≈ 0.5 %.
        for (scheme, expected) in [(LangevinDynamics.Scheme.eulerMaruyama, euler), (.heun, heun)] {
            let (mean, variance) = try Self.sampled(scheme, step: h, steps: 200_000, seed: 11)
            XCTAssertEqual(mean, 0.3, accuracy: 0.005, "\(scheme): the mean is the equilibrium θ = I/g")
            XCTAssertEqual(variance / expected, 1, accuracy: 0.03, "\(scheme)")
        }
    }

    /// The orders, from the closed forms: halving h halves Euler–Maruyama's variance error and
    /// quarters Heun's.
    func testOrdersOfTheStationaryVarianceError() {
        let exact = Self.temperature / Self.g
        func error(_ scheme: LangevinDynamics.Scheme, _ h: Double) -> Double {
            abs(Self.discreteVariance(scheme, step: h) / exact - 1)
        }
        XCTAssertEqual(error(.eulerMaruyama, 0.01) / error(.eulerMaruyama, 0.005), 2, accuracy: 0.02)
        XCTAssertEqual(error(.heun, 0.01) / error(.heun, 0.005), 4, accuracy: 0.1)
        // At the automatic step (λh = 0.05) Heun's stationary error is below 10⁻³.
        XCTAssertLessThan(error(.heun, 0.025), 1e-3)
    }
}
