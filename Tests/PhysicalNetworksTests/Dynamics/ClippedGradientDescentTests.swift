import XCTest
@testable import PhysicalNetworks

final class ClippedGradientDescentTests: XCTestCase {
    /// A Hopfield network alone (no cost), every unknown named `s<i>`.
    func hopfieldNetwork(_ family: HopfieldLayers, parameters: [Double]) -> Network {
        Network(unknowns: family.nodes.map { Unknown(name: "s\($0)", kind: .nodeVoltage) },
                interactions: [family], parameters: parameters,
                parameterNames: parameters.indices.map { "p\($0)" })
    }

    /// Σ_families E for each member of a B × n batch.
    func energies(_ network: Network, _ states: [Double], batch: Int) -> [Double] {
        var out = [Double](repeating: 0, count: batch)
        states.withUnsafeBufferPointer { s in
            network.parameters.withUnsafeBufferPointer { p in
                out.withUnsafeMutableBufferPointer { e in
                    for family in network.interactions {
                        family.addEnergy(StateBatch(base: s.baseAddress!, rows: batch, columns: network.dimension),
                                         drive: .dc, parameters: p, into: e)
                    }
                }
            }
        }
        return out
    }

    /// Input x = 1, hidden h, output o; W₀ = W₁ = ½, b_h = 0.1. Inside the box the fixed point
    /// solves h = b_h + W₀x + W₁o, o = b_o + W₁h: h = (b_h + W₀x + W₁b_o)/(1 − W₁²), o = b_o + W₁h.
    func testTinyNetworkReachesTheHandComputedFixedPoint() {
        let family = HopfieldLayers(layerSizes: [1, 1, 1])
        let network = hopfieldNetwork(family, parameters: [0.5, 0.5, 0.1, 0.2])
        let descent = ClippedGradientDescent(stepSize: 0.5, steps: 200, tolerance: 1e-14)
        let workspace = ClippedGradientDescent.Workspace(batchSize: 1, dimension: 3)
        var states = [1.0, 0, 0]
        let report = descent.relax(&states, network: network, free: family.freeNodes, workspace: workspace)
        XCTAssertEqual(report.status, .converged)
        XCTAssertLessThanOrEqual(report.residual, 1e-14)
        XCTAssertEqual(report.time, Double(report.steps) * 0.5)
        let h = (0.1 + 0.5 + 0.5 * 0.2) / (1 - 0.25)
        XCTAssertEqual(states[0], 1)
        XCTAssertEqual(states[1], h, accuracy: 1e-13)           // 0.93333…
        XCTAssertEqual(states[2], 0.2 + 0.5 * h, accuracy: 1e-13) // 0.66666…
    }

    /// With b_o = 0.9 both free units saturate: (h, o) = (1, 1), where F_h = 1 − 1.1 and
    /// F_o = 1 − 1.4 push outward (the box's KKT conditions). ρ'(1) = 1 keeps the drive on.
    func testTinyNetworkSaturatesAtTheBound() {
        let family = HopfieldLayers(layerSizes: [1, 1, 1])
        let network = hopfieldNetwork(family, parameters: [0.5, 0.5, 0.1, 0.9])
        let descent = ClippedGradientDescent(stepSize: 0.5, steps: 100, tolerance: 0)
        var states = [1.0, 0, 0]
        let report = descent.relax(&states, network: network, free: family.freeNodes,
                                   workspace: .init(batchSize: 1, dimension: 3))
        XCTAssertEqual(report.status, .converged)
        XCTAssertEqual(states, [1, 1, 1])
    }

    /// SB17's protocol: a fixed number of steps, status `completed`, the last residual reported;
    /// a tolerance that the steps cannot reach gives `maxSteps`.
    func testFixedStepsAndStepLimit() {
        let family = HopfieldLayers(layerSizes: [1, 1, 1])
        let network = hopfieldNetwork(family, parameters: [0.5, 0.5, 0.1, 0.2])
        let workspace = ClippedGradientDescent.Workspace(batchSize: 1, dimension: 3)
        var states = [1.0, 0, 0]
        let fixed = ClippedGradientDescent(stepSize: 0.5, steps: 3)
            .relax(&states, network: network, free: family.freeNodes, workspace: workspace)
        XCTAssertEqual(fixed.status, .completed)
        XCTAssertEqual(fixed.steps, 3)
        XCTAssertGreaterThan(fixed.residual, 1e-3)
        states = [1.0, 0, 0]
        let limited = ClippedGradientDescent(stepSize: 0.5, steps: 3, tolerance: 1e-12)
            .relax(&states, network: network, free: family.freeNodes, workspace: workspace)
        XCTAssertEqual(limited.status, .maxSteps)
        XCTAssertEqual(limited.residual, fixed.residual)
    }

    func testNonFiniteParametersEndWithNonFinite() {
        let family = HopfieldLayers(layerSizes: [1, 1, 1])
        let network = hopfieldNetwork(family, parameters: [.nan, 0.5, 0.1, 0.2])
        var states = [1.0, 0, 0]
        let report = ClippedGradientDescent(steps: 10)
            .relax(&states, network: network, free: family.freeNodes, workspace: .init(batchSize: 1, dimension: 3))
        XCTAssertEqual(report.status, .nonFinite)
        XCTAssertEqual(report.steps, 1)
        // Wider than the 8-lane update: a NaN weight into one hidden unit.
        let wide = HopfieldLayers(layerSizes: [3, 12, 2])
        var parameters = [Double](repeating: 0.1, count: wide.parameterCount)
        parameters[wide.weightIndex(layer: 0, row: 1, column: 5)] = .nan
        var wideStates = [Double](repeating: 0.5, count: 2 * 17)
        let wideReport = ClippedGradientDescent(steps: 10)
            .relax(&wideStates, network: hopfieldNetwork(wide, parameters: parameters), free: wide.freeNodes,
                   workspace: .init(batchSize: 2, dimension: 17))
        XCTAssertEqual(wideReport.status, .nonFinite)
        XCTAssertEqual(wideReport.steps, 1)
    }

    /// For ε below 1/λ_max of the Hessian, each clipped step lowers the energy (a projected
    /// gradient step with ε ≤ 1/L never raises a function with L-Lipschitz gradient).
    func testEnergyNeverIncreasesForSmallSteps() {
        let family = HopfieldLayers(layerSizes: [6, 8, 3])
        var generator = SeededGenerator(seed: 61)
        let parameters = (0..<family.parameterCount).map { _ in Double.random(in: -1...1, using: &generator) }
        let network = hopfieldNetwork(family, parameters: parameters)
        let batch = 4
        var states = [Double](repeating: 0, count: batch * 17)
        for b in 0..<batch { for i in 0..<6 { states[b * 17 + i] = Double.random(in: 0...1, using: &generator) } }
        let step = ClippedGradientDescent(stepSize: 0.05, steps: 1)
        let workspace = ClippedGradientDescent.Workspace(batchSize: batch, dimension: 17)
        var previous = energies(network, states, batch: batch)
        for t in 0..<200 {
            _ = step.relax(&states, network: network, free: family.freeNodes, workspace: workspace)
            let current = energies(network, states, batch: batch)
            for b in 0..<batch {
                XCTAssertLessThanOrEqual(current[b], previous[b] + 1e-14, "member \(b), step \(t)")
            }
            previous = current
        }
        XCTAssertTrue(states.allSatisfy { (0...1).contains($0) })
    }

    /// Relaxing a batch is relaxing each member alone.
    func testBatchAgreesWithSingleMembers() {
        let family = HopfieldLayers(layerSizes: [20, 12, 5])
        var generator = SeededGenerator(seed: 71)
        let parameters = (0..<family.parameterCount).map { _ in Double.random(in: -0.5...0.5, using: &generator) }
        let network = hopfieldNetwork(family, parameters: parameters)
        let batch = 6, n = 37
        var states = [Double](repeating: 0, count: batch * n)
        for b in 0..<batch { for i in 0..<20 { states[b * n + i] = Double.random(in: 0...1, using: &generator) } }
        let initial = states
        let descent = ClippedGradientDescent(stepSize: 0.5, steps: 30)
        _ = descent.relax(&states, network: network, free: family.freeNodes,
                          workspace: .init(batchSize: batch, dimension: n))
        let single = ClippedGradientDescent.Workspace(batchSize: 1, dimension: n)
        for b in 0..<batch {
            var member = Array(initial[(b * n)..<((b + 1) * n)])
            _ = descent.relax(&member, network: network, free: family.freeNodes, workspace: single)
            for i in 0..<n { XCTAssertEqual(states[b * n + i], member[i], accuracy: 1e-12, "member \(b), unit \(i)") }
        }
        XCTAssertEqual(Array(states[0..<20]), Array(initial[0..<20]), "the input layer is clamped")
    }
}
