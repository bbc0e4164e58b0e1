import XCTest
@testable import PhysicalNetworks

/// Equilibrium Propagation on a small Hopfield network relaxed by clipped descent (SB17):
/// the centered estimate [∂E/∂θ(s_β) − ∂E/∂θ(s_−β)] / 2β against central differences of the
/// loss L(θ) = ½‖s_out(θ) − y‖² at the free fixed point.
final class ClippedGradientDescentEPTests: XCTestCase {
    let family = HopfieldLayers(layerSizes: [2, 3, 2])
    let input = [0.8, 0.3], target = [0.9, 0.1]

    /// Hopfield parameters, then β, then the targets: E + βC is one network.
    func network(_ theta: [Double], beta: Double) -> Network {
        let cost = SquaredError(outputs: Array(family.outputNodes), betaParameter: theta.count,
                                targetOffset: theta.count + 1)
        let parameters = theta + [beta] + target
        return Network(unknowns: family.nodes.map { Unknown(name: "s\($0)", kind: .nodeVoltage) },
                       interactions: [family, cost], parameters: parameters,
                       parameterNames: parameters.indices.map { "p\($0)" })
    }

    /// Relaxes from `start` (or the input with zero free units) to a tight fixed point.
    func relax(_ theta: [Double], beta: Double, from start: [Double]? = nil) -> [Double] {
        var states = start ?? input + [Double](repeating: 0, count: 5)
        let report = ClippedGradientDescent(stepSize: 0.5, steps: 5_000, tolerance: 1e-14)
            .relax(&states, network: network(theta, beta: beta), free: family.freeNodes,
                   workspace: .init(batchSize: 1, dimension: 7))
        XCTAssertEqual(report.status, .converged, "β = \(beta): \(report)")
        return states
    }

    func loss(_ theta: [Double]) -> Double {
        let s = relax(theta, beta: 0)
        return zip(family.outputNodes, target).reduce(0) { $0 + 0.5 * pow(s[$1.0] - $1.1, 2) }
    }

    func measurement(_ theta: [Double], at state: [Double]) -> [Double] {
        InteractionChecks(family: family, dimension: 7, parameters: theta).parameterGradient([state])
    }

    func testCenteredEstimateMatchesFiniteDifferencesOfTheLoss() {
        var generator = SeededGenerator(seed: 81)
        // Weights in ±0.25 and biases near ½ keep every unit inside the box.
        var theta = (0..<family.parameterCount).map { _ in Double.random(in: -0.25...0.25, using: &generator) }
        for l in 1...2 {
            for i in 0..<family.layerSizes[l] { theta[family.biasIndex(layer: l, unit: i)] = 0.5 + 0.4 * theta[family.biasIndex(layer: l, unit: i)] }
        }
        let free = relax(theta, beta: 0)
        // The estimate is only valid away from the kinks: every free unit strictly inside (0, 1).
        for i in family.freeNodes { XCTAssertTrue(free[i] > 0.02 && free[i] < 0.98, "unit \(i) at \(free[i])") }

        let beta = 1e-3
        let plus = measurement(theta, at: relax(theta, beta: beta, from: free))
        let minus = measurement(theta, at: relax(theta, beta: -beta, from: free))
        let estimate = zip(plus, minus).map { ($0 - $1) / (2 * beta) }

        let h = 1e-5
        let exact = theta.indices.map { k -> Double in
            var up = theta, down = theta
            up[k] += h
            down[k] -= h
            return (loss(up) - loss(down)) / (2 * h)
        }
        let scale = exact.map(abs).max() ?? 0
        XCTAssertGreaterThan(scale, 1e-2, "the loss must depend on the parameters")
        // Centered bias O(β²) ≈ 1e-7 here; 2e-6 leaves a margin for the finite differences.
        for k in theta.indices {
            XCTAssertEqual(estimate[k], exact[k], accuracy: 2e-6 * scale, "dL/dθ\(k)")
        }
        // The one-sided estimate (0, β) is biased O(β): far worse than the centered one.
        let freeMeasurement = measurement(theta, at: free)
        let oneSided = zip(plus, freeMeasurement).map { ($0 - $1) / beta }
        let centeredError = zip(estimate, exact).map { abs($0 - $1) }.max() ?? 0
        let oneSidedError = zip(oneSided, exact).map { abs($0 - $1) }.max() ?? 0
        XCTAssertGreaterThan(oneSidedError, 10 * centeredError)
    }
}
