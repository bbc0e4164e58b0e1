import XCTest
@testable import PhysicalNetworks

/// PHYSICS.md case 5 as a circuit under Boltzmann noise: one node with a capacitance, a
/// trainable conductance g to ground and a current I into it, so E = ½gV² − IV = (g/2)(V − θ)²
/// + const with θ = I/g; cost C = ½(V − y)². Closed forms: ⟨V⟩ = θ, Var V = T/g,
/// L = ½[(θ − y)² + T/g], dL/dg = −(θ − y)θ/g − T/(2g²).
final class ThermalEquilibriumPropagationTests: XCTestCase {
    static let g = 2.0, current = 0.6, target = 1.0, temperature = 0.05

    /// The node with capacitance `capacitance` (F), conductance g trainable.
    static func controller(capacitance: Double = 1) throws -> EquilibriumPropagation {
        let network = Network(
            unknowns: [Unknown(name: "v", kind: .nodeVoltage)],
            interactions: [Resistors(terminals: [(0, -1)], parameterOffset: 0),
                           Capacitors(terminals: [(0, -1)], parameterOffset: 1),
                           CurrentSources(sources: [.init(name: "i1", positive: -1, negative: 0,
                                                          signal: SourceSignal(dc: current))])],
            parameters: [g, capacitance], parameterNames: ["r1", "c1"],
            roles: Network.Roles(outputs: [0], trainable: [0]))
        let ep = try EquilibriumPropagation(network: network)
        try ep.setTargets([target])
        return ep
    }

    static func sampling(seed: UInt64, samples: Int = 4000) -> EquilibriumPropagation.ThermalSampling {
        .init(dynamics: LangevinDynamics(noise: .boltzmann, temperature: temperature, stepSize: 0.02, seed: seed),
              samples: samples, interval: 25, burnIn: 500)
    }

    static var exactGradient: Double {
        let theta = current / g
        return -(theta - target) * theta / g - temperature / (2 * g * g)
    }

    func testCovarianceEstimatorMatchesTheClosedFormWithinItsError() throws {
        let ep = try Self.controller()
        let estimate = try ep.thermalGradient(.covariance, beta: 0, sampling: Self.sampling(seed: 1))
        let theta = Self.current / Self.g
        let loss = 0.5 * ((theta - Self.target) * (theta - Self.target) + Self.temperature / Self.g)
        XCTAssertEqual(estimate.loss, loss, accuracy: 4 * estimate.lossError)
        XCTAssertEqual(estimate.gradient[0], Self.exactGradient, accuracy: 4 * estimate.standardError[0])
        XCTAssertLessThan(estimate.standardError[0], 0.1 * abs(Self.exactGradient))
        XCTAssertLessThan(estimate.effectiveSamples[0], 4000 * 1.5)
    }

    /// The nudged estimator converges to its own finite-β expectation (closed form for this
    /// linear network) and, β small, to the gradient.
    func testNudgedEstimatorMatchesItsFiniteBetaExpectation() throws {
        let beta = 0.2
        func measured(_ b: Double) -> Double {  // ⟨½V²⟩ at nudge b
            let mean = (Self.current + b * Self.target) / (Self.g + b)
            return 0.5 * (mean * mean + Self.temperature / (Self.g + b))
        }
        let expected = (measured(beta) - measured(-beta)) / (2 * beta)
        let estimate = try Self.controller().thermalGradient(.nudged, beta: beta, sampling: Self.sampling(seed: 2))
        XCTAssertEqual(estimate.gradient[0], expected, accuracy: 4 * estimate.standardError[0])
        XCTAssertEqual(expected, Self.exactGradient, accuracy: 0.05 * abs(Self.exactGradient), "O(β²) bias")
    }

    /// The reported standard errors are honest: over seeds, the estimates scatter by about the
    /// error each run reports.
    func testStandardErrorsMatchTheScatterOverSeeds() throws {
        let ep = try Self.controller()
        let runs = try (10..<22).map { seed in
            try ep.thermalGradient(.covariance, beta: 0, sampling: Self.sampling(seed: UInt64(seed), samples: 2000))
        }
        let values = runs.map { $0.gradient[0] }
        let scatter = EquilibriumPropagation.spread(values)
        let reported = runs.map { $0.standardError[0] }.reduce(0, +) / Double(runs.count)
        XCTAssertGreaterThan(scatter / reported, 0.5)
        XCTAssertLessThan(scatter / reported, 2.0)
        let covered = runs.filter { abs($0.gradient[0] - Self.exactGradient) < 2 * $0.standardError[0] }.count
        XCTAssertGreaterThanOrEqual(covered, 8, "of 12 runs within 2 standard errors")
    }

    /// T → 0 recovers deterministic EP: the covariance estimator at small T tends to the
    /// exact gradient of the noiseless network, −(θ − y)θ/g.
    func testLowTemperatureRecoversDeterministicEP() throws {
        let ep = try Self.controller()
        var sampling = Self.sampling(seed: 3)
        sampling.dynamics.temperature = 1e-4
        let estimate = try ep.thermalGradient(.covariance, beta: 0, sampling: sampling)
        let deterministic = ep.exactGradient().gradient[0]
        XCTAssertEqual(estimate.gradient[0], deterministic, accuracy: max(4 * estimate.standardError[0], 1e-3))
        XCTAssertEqual(deterministic, -(Self.current / Self.g - Self.target) * (Self.current / Self.g) / Self.g,
                       accuracy: 1e-9)
    }
}
