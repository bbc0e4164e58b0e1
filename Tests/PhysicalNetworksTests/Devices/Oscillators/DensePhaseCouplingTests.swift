import XCTest
@testable import PhysicalNetworks

/// The dense layer-to-layer block against `PhaseCouplings` on the same m·n edges (residual,
/// Jacobian, energy, ∂E/∂W, λᵀ∂F/∂W to 1e-12 on a batch), against finite differences
/// (`InteractionChecks`, `OscillatorChecks`), and its workspace's allocation promise.
final class DensePhaseCouplingTests: XCTestCase {
    /// Layer A at unknowns 1..<1+m, layer B at 2+m..<2+m+n (unknowns 0 and 1+m belong to
    /// neither), two parameters ahead of W; and the sparse family on the same edges.
    static func pair(m: Int, n: Int, seed: UInt64) -> (DensePhaseCoupling, PhaseCouplings, [Double], Int) {
        let a0 = 1, b0 = 2 + m
        let dense = DensePhaseCoupling(layerA: a0..<(a0 + m), layerB: b0..<(b0 + n), weightOffset: 2)
        var edges: [PhaseCouplings.Coupling] = []
        for i in 0..<m { for j in 0..<n { edges.append(PhaseCouplings.Coupling(a: a0 + i, b: b0 + j)) } }
        var generator = SeededGenerator(seed: seed)
        let parameters = [9.0, -9.0] + (0..<(m * n)).map { _ in Double.random(in: -1.5...1.5, using: &generator) }
        return (dense, PhaseCouplings(couplings: edges, weightOffset: 2), parameters, b0 + n)
    }

    func testEqualsSparseCouplingsOnTheSameEdges() {
        for (m, n) in [(3, 4), (1, 5), (17, 9)] {
            let (dense, sparse, parameters, width) = Self.pair(m: m, n: n, seed: UInt64(10 + m))
            var generator = SeededGenerator(seed: UInt64(m * n))
            let states = generator.states(5, dimension: width, in: -Double.pi...Double.pi)
            let d = InteractionChecks(family: dense, dimension: width, parameters: parameters)
            let s = InteractionChecks(family: sparse, dimension: width, parameters: parameters)
            let label = "\(m) × \(n)"
            OscillatorChecks.assertClose(d.residualBatch(states).flatMap { $0 }, s.residualBatch(states).flatMap { $0 }, "\(label) residual")
            OscillatorChecks.assertClose(d.energies(states, parameters), s.energies(states, parameters), "\(label) energy")
            OscillatorChecks.assertClose(d.parameterGradient(states), s.parameterGradient(states), "\(label) ∂E/∂W")
            for x in states {
                OscillatorChecks.assertClose(d.jacobianByEntries(x).flatMap { $0 }, s.jacobianByEntries(x).flatMap { $0 }, "\(label) Jacobian")
            }
            let adjoint = generator.states(1, dimension: width, in: -1...1)[0]
            OscillatorChecks.assertClose(OscillatorChecks.parameterJacobianProduct(dense, states[0], adjoint, parameters),
                        OscillatorChecks.parameterJacobianProduct(sparse, states[0], adjoint, parameters), "\(label) λᵀ∂F/∂W")
        }
    }

    func testDerivativesMatchFiniteDifferences() {
        let (dense, _, parameters, width) = Self.pair(m: 3, n: 4, seed: 3)
        var generator = SeededGenerator(seed: 6)
        let checks = InteractionChecks(family: dense, dimension: width, parameters: parameters)
        let problems = checks.failures(states: generator.states(3, dimension: width, in: -3...3))
        XCTAssertTrue(problems.isEmpty, problems.prefix(10).joined(separator: "\n"))
    }

    func testParameterJacobianProductMatchesDifferencesOfTheTorques() {
        let (dense, _, parameters, width) = Self.pair(m: 3, n: 4, seed: 4)
        var generator = SeededGenerator(seed: 7)
        let states = generator.states(2, dimension: width, in: -3...3)
        OscillatorChecks.assertParameterJacobianProduct(dense, state: states[0], adjoint: states[1],
                                                        parameters: parameters)
    }

    /// A batch within the capacity never regrows the workspace; a larger one regrows it once.
    func testWorkspaceGrowsOnlyForALargerBatch() {
        let m = 4, n = 6, width = m + n
        let dense = DensePhaseCoupling(layerA: 0..<m, layerB: m..<width, weightOffset: 0, batchCapacity: 8)
        let parameters = [Double](repeating: 0.3, count: m * n)
        let checks = InteractionChecks(family: dense, dimension: width, parameters: parameters)
        var generator = SeededGenerator(seed: 9)
        let held = dense.workspace.heldCount
        XCTAssertEqual(held, DensePhaseCoupling.scratchCount(batch: 8, m: m, n: n))
        _ = checks.residualBatch(generator.states(8, dimension: width, in: -3...3))
        _ = checks.parameterGradient(generator.states(3, dimension: width, in: -3...3))
        XCTAssertEqual(dense.workspace.heldCount, held)
        _ = checks.energies(generator.states(9, dimension: width, in: -3...3), parameters)
        XCTAssertEqual(dense.workspace.heldCount, DensePhaseCoupling.scratchCount(batch: 9, m: m, n: n))
    }

    /// Copies evaluated at once from several threads (sharing one workspace) agree with a
    /// serial evaluation.
    func testConcurrentEvaluationsAgree() {
        let (dense, _, parameters, width) = Self.pair(m: 6, n: 5, seed: 5)
        var generator = SeededGenerator(seed: 11)
        let states = generator.states(4, dimension: width, in: -3...3)
        let checks = InteractionChecks(family: dense, dimension: width, parameters: parameters)
        let expected = checks.residualBatch(states)
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 16)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 16) { k in
            let copy = InteractionChecks(family: dense, dimension: width, parameters: parameters)
            results[k] = copy.residualBatch(states) == expected
        }
        XCTAssertTrue(results.allSatisfy { $0 })
    }
}
