import Foundation
import XCTest
@testable import PhysicalNetworks

/// Measuring an integrator's order: the global error at a fixed time against a closed-form
/// solution, with fixed steps halved several times; the order is the least-squares slope of
/// log(error) against log(h).
enum ConvergenceOrder {
    /// `NetworkFixtures.currentDrivenLadder(count: 2)` from zero: C dv/dt = −G v + I e₀.
    /// v(t) = v* − exp(−C⁻¹G t) v*, v* = G⁻¹ I e₀, with exp(−C⁻¹G t) = C^{−½} Q e^{−Λt} Qᵀ C^{½}
    /// from the eigen-decomposition Q Λ Qᵀ of the symmetric S = C^{−½} G C^{−½}.
    static func ladderSolution(at t: Double) -> [Double] {
        let network = NetworkFixtures.currentDrivenLadder(count: 2)
        let g = network.parameters
        // r0 (0–1) = g[0], r1 (1–ground) = g[1], rg0 = g[2], rg1 = g[3]; c0 = g[4], c1 = g[5].
        let g00 = g[0] + g[2], g01 = -g[0], g11 = g[0] + g[1] + g[3]
        let c = [g[4], g[5]]
        let current = 1e-3
        let det = g00 * g11 - g01 * g01
        let steady = [g11 * current / det, -g01 * current / det]
        let s00 = g00 / c[0], s11 = g11 / c[1], s01 = g01 / (c[0] * c[1]).squareRoot()
        let mean = (s00 + s11) / 2, radius = (((s00 - s11) / 2) * ((s00 - s11) / 2) + s01 * s01).squareRoot()
        let lambdas = [mean - radius, mean + radius]
        // Unit eigenvectors of S: (s01, λ − s00).
        let vectors = lambdas.map { lambda -> [Double] in
            let v = [s01, lambda - s00]
            let norm = (v[0] * v[0] + v[1] * v[1]).squareRoot()
            return [v[0] / norm, v[1] / norm]
        }
        // y = C^{½} v*; decay each eigen-component; back with C^{−½}.
        let y = [c[0].squareRoot() * steady[0], c[1].squareRoot() * steady[1]]
        var decayed = [0.0, 0.0]
        for (lambda, q) in zip(lambdas, vectors) {
            let coefficient = (q[0] * y[0] + q[1] * y[1]) * exp(-lambda * t)
            decayed[0] += coefficient * q[0]
            decayed[1] += coefficient * q[1]
        }
        return [steady[0] - decayed[0] / c[0].squareRoot(), steady[1] - decayed[1] / c[1].squareRoot()]
    }

    /// The state at `stopTime` after fixed steps `stopTime / steps`.
    static func finalState<I: Integrator>(_ network: Network, _ integrator: I, stopTime: Double, steps: Int) -> [Double] {
        let problem = TransientProblem(network: network, stopTime: stopTime, outputStep: stopTime,
                                       control: StepControl(fixedStep: stopTime / Double(steps)))
        let result = simulateTransient(problem, using: integrator)
        XCTAssertEqual(result.report.status, .completed, "\(integrator.name), \(steps) steps")
        XCTAssertEqual(result.times.last ?? 0, stopTime, accuracy: 1e-12 * stopTime)
        return result.states.last ?? []
    }

    /// The fitted slope for errors at step counts N, 2N, 4N, ...
    static func measuredOrder(_ errors: [Double]) -> Double {
        let xs = errors.indices.map { -Double($0) * log(2.0) }  // log h up to a constant
        let ys = errors.map { log($0) }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        let sxy = zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let sxx = xs.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        return sxy / sxx
    }

    /// Max-norm errors at `stopTime` on the 2-node ladder, one per step count.
    static func ladderErrors<I: Integrator>(_ integrator: I, stopTime: Double, steps: [Int]) -> [Double] {
        let network = NetworkFixtures.currentDrivenLadder(count: 2)
        let exact = Self.ladderSolution(at: stopTime)
        return steps.map { count in
            let x = finalState(network, integrator, stopTime: stopTime, steps: count)
            return max(abs(x[0] - exact[0]), abs(x[1] - exact[1]))
        }
    }

    /// The DAE: `NetworkFixtures.divider` (V₀ = 1 V through g_a = 1 S into C = 1 mF, g_b = 2 S
    /// to ground) from zero: v(t) = (1 − e^{−t/τ})/3, τ = C/3.
    static func dividerErrors<I: Integrator>(_ integrator: I, steps: [Int]) -> [Double] {
        let tau = 1e-3 / 3
        let stopTime = 2 * tau
        return steps.map { count in
            let x = finalState(NetworkFixtures.divider(), integrator, stopTime: stopTime, steps: count)
            return abs(x[1] - (1 - exp(-stopTime / tau)) / 3)
        }
    }
}
