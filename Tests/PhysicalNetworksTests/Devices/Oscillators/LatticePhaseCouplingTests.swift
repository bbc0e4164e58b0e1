import XCTest
@testable import PhysicalNetworks

/// The FFT lattice coupling against direct O(N²) double sums and against `PhaseCouplings` on all
/// pairs (torques, energy, ∂E/∂K, Jacobian to 1e-12, on 2-D and 1-D lattices with a
/// non-symmetric kernel and K(0) ≠ 0), against finite differences (`InteractionChecks`,
/// `OscillatorChecks`), and PHYSICS.md case 7 (16 × 16, nearest and diagonal K).
final class LatticePhaseCouplingTests: XCTestCase {
    static let sides = [(8, 8), (5, 7), (1, 9), (6, 1), (2, 2)]

    /// The lattice at unknowns 2..<2+N of a state of N + 3, K at parameters 1..<1+N of N + 2.
    static func setup(_ l1: Int, _ l2: Int, seed: UInt64, jacobian: LatticePhaseCoupling.JacobianDeclaration = .dense)
        -> (LatticePhaseCoupling, [Double], Int) {
        let lattice = LatticePhaseCoupling(rows: l1, columns: l2, offset: 2, kernelOffset: 1, jacobian: jacobian)
        var generator = SeededGenerator(seed: seed)
        let n = l1 * l2
        let parameters = [7.0] + (0..<n).map { _ in Double.random(in: -1.5...1.5, using: &generator) } + [-7.0]
        return (lattice, parameters, n + 3)
    }

    /// The even kernel K̃ at displacement index r (0 at r = 0).
    static func even(_ lattice: LatticePhaseCoupling, _ parameters: [Double], _ r: Int) -> Double {
        r == 0 ? 0 : 0.5 * (parameters[1 + r] + parameters[1 + lattice.opposite(r)])
    }

    /// Direct sums: (torques on the whole state, energy, ∂E/∂θ over the whole parameter vector).
    static func direct(_ lattice: LatticePhaseCoupling, _ x: [Double], _ parameters: [Double])
        -> (torque: [Double], energy: Double, gradient: [Double]) {
        let n = lattice.siteCount
        var torque = [Double](repeating: 0, count: x.count)
        var gradient = [Double](repeating: 0, count: parameters.count)
        var energy = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let r = lattice.displacement(from: i, to: j)
                let delta = x[2 + i] - x[2 + j]
                energy -= 0.5 * parameters[1 + r] * cos(delta)
                gradient[1 + r] -= 0.5 * cos(delta)
                torque[2 + i] += even(lattice, parameters, r) * sin(delta)
            }
        }
        return (torque, energy, gradient)
    }

    /// `PhaseCouplings` on every pair i < j with W = K̃(r_j − r_i), and its weights.
    static func allPairs(_ lattice: LatticePhaseCoupling, _ parameters: [Double]) -> (PhaseCouplings, [Double], [Int]) {
        let n = lattice.siteCount
        var edges: [PhaseCouplings.Coupling] = [], weights: [Double] = [], displacements: [Int] = []
        for i in 0..<n {
            for j in (i + 1)..<n {
                let r = lattice.displacement(from: i, to: j)
                edges.append(PhaseCouplings.Coupling(a: 2 + i, b: 2 + j))
                weights.append(even(lattice, parameters, r))
                displacements.append(r)
            }
        }
        return (PhaseCouplings(couplings: edges, weightOffset: 0), weights, displacements)
    }

    func testEqualsDirectSums() {
        for (l1, l2) in Self.sides {
            let (lattice, parameters, width) = Self.setup(l1, l2, seed: UInt64(l1 * 10 + l2))
            var generator = SeededGenerator(seed: UInt64(l1 + 100 * l2))
            let states = generator.states(3, dimension: width, in: -Double.pi...Double.pi)
            let checks = InteractionChecks(family: lattice, dimension: width, parameters: parameters)
            let label = "\(l1) × \(l2)"
            let sums = states.map { Self.direct(lattice, $0, parameters) }
            assertClose(checks.residualBatch(states).flatMap { $0 }, sums.flatMap { $0.torque }, "\(label) torque")
            assertClose(checks.energies(states, parameters), sums.map { $0.energy }, "\(label) energy")
            let summed = sums.map { $0.gradient }.reduce([Double](repeating: 0, count: parameters.count)) { zip($0, $1).map(+) }
            assertClose(checks.parameterGradient(states), summed, "\(label) ∂E/∂K")
        }
    }

    func testEqualsPhaseCouplingsOnAllPairs() {
        for (l1, l2) in Self.sides {
            let (lattice, parameters, width) = Self.setup(l1, l2, seed: UInt64(l1 * 3 + l2))
            let (sparse, weights, displacements) = Self.allPairs(lattice, parameters)
            var generator = SeededGenerator(seed: UInt64(7 * l1 + l2))
            let states = generator.states(2, dimension: width, in: -Double.pi...Double.pi)
            let d = InteractionChecks(family: lattice, dimension: width, parameters: parameters)
            let s = InteractionChecks(family: sparse, dimension: width, parameters: weights)
            let label = "\(l1) × \(l2)"
            assertClose(d.residualBatch(states).flatMap { $0 }, s.residualBatch(states).flatMap { $0 }, "\(label) torque")
            assertClose(d.energies(states, parameters), s.energies(states, weights), "\(label) energy")
            assertClose(d.jacobianByEntries(states[0]).flatMap { $0 }, s.jacobianByEntries(states[0]).flatMap { $0 },
                        "\(label) Jacobian")
            // ∂E/∂K(r) by the chain rule through W_e = ½[K(r_e) + K(−r_e)].
            var chained = [Double](repeating: 0, count: parameters.count)
            for (w, r) in zip(s.parameterGradient(states), displacements) {
                chained[1 + r] += 0.5 * w
                chained[1 + lattice.opposite(r)] += 0.5 * w
            }
            assertClose(d.parameterGradient(states), chained, "\(label) ∂E/∂K")
        }
    }

    func testDerivativesMatchFiniteDifferences() {
        for (l1, l2) in [(3, 4), (1, 5)] {
            let (lattice, parameters, width) = Self.setup(l1, l2, seed: UInt64(l1 + l2))
            var generator = SeededGenerator(seed: 21)
            let checks = InteractionChecks(family: lattice, dimension: width, parameters: parameters)
            let problems = checks.failures(states: generator.states(3, dimension: width, in: -3...3))
            XCTAssertTrue(problems.isEmpty, "\(l1) × \(l2):\n" + problems.prefix(10).joined(separator: "\n"))
        }
    }

    func testParameterJacobianProductMatchesDifferencesOfTheTorques() {
        for (l1, l2) in [(3, 4), (5, 7), (1, 6)] {
            let (lattice, parameters, width) = Self.setup(l1, l2, seed: UInt64(5 * l1 + l2))
            var generator = SeededGenerator(seed: 8)
            let states = generator.states(2, dimension: width, in: -3...3)
            OscillatorChecks.assertParameterJacobianProduct(lattice, state: states[0], adjoint: states[1],
                                                            parameters: parameters)
        }
    }

    /// `.diagonal` declares N entries holding the dense Jacobian's diagonal.
    func testDiagonalDeclarationHoldsTheExactDiagonal() {
        let (dense, parameters, width) = Self.setup(5, 7, seed: 2)
        let diagonal = Self.setup(5, 7, seed: 2, jacobian: .diagonal).0
        XCTAssertEqual(diagonal.jacobianEntries().count, 35)
        var generator = SeededGenerator(seed: 4)
        let x = generator.states(1, dimension: width, in: -3...3)[0]
        let full = InteractionChecks(family: dense, dimension: width, parameters: parameters).jacobianByEntries(x)
        let part = InteractionChecks(family: diagonal, dimension: width, parameters: parameters).jacobianByEntries(x)
        assertClose(part.indices.map { part[$0][$0] }, full.indices.map { full[$0][$0] }, "diagonal")
    }

    /// PHYSICS.md case 7: 16 × 16, periodic, nearest-neighbour and diagonal K, against direct sums.
    func testCaseSevenSixteenBySixteen() {
        let l = 16, n = l * l
        let lattice = LatticePhaseCoupling(rows: l, columns: l, offset: 2, kernelOffset: 1, jacobian: .diagonal)
        var parameters = [Double](repeating: 0, count: n + 2)
        func set(_ d1: Int, _ d2: Int, _ value: Double) { parameters[1 + ((d1 + l) % l) * l + (d2 + l) % l] = value }
        for (d1, d2) in [(0, 1), (0, -1), (1, 0), (-1, 0)] { set(d1, d2, 1.0) }
        for (d1, d2) in [(1, 1), (1, -1), (-1, 1), (-1, -1)] { set(d1, d2, 0.35) }
        var generator = SeededGenerator(seed: 16)
        let states = generator.states(2, dimension: n + 3, in: -Double.pi...Double.pi)
        let checks = InteractionChecks(family: lattice, dimension: n + 3, parameters: parameters)
        let sums = states.map { Self.direct(lattice, $0, parameters) }
        assertClose(checks.residualBatch(states).flatMap { $0 }, sums.flatMap { $0.torque }, "16 × 16 torque")
        assertClose(checks.energies(states, parameters), sums.map { $0.energy }, "16 × 16 energy")
        let summed = zip(sums[0].gradient, sums[1].gradient).map(+)
        assertClose(checks.parameterGradient(states), summed, "16 × 16 ∂E/∂K")
    }

    /// Ferromagnetic nearest neighbours on 8 × 8 with a drag relax under `DormandPrince` (with
    /// the `.diagonal` declaration) to the uniform state, E = −(number of bonds) = −128.
    func testRelaxesToTheUniformStateWithDormandPrince() {
        let l = 8, n = l * l
        let lattice = LatticePhaseCoupling(rows: l, columns: l, offset: 0, kernelOffset: 0, jacobian: .diagonal)
        var parameters = [Double](repeating: 0, count: n) + [Double](repeating: 1, count: n)  // K, then γ
        for r in [1, l - 1, l, (l - 1) * l] { parameters[r] = 1 }
        let network = Network(
            unknowns: (0..<n).map { Unknown(name: "phi\($0)", kind: .coordinate) },
            interactions: [lattice, PhaseDrag(oscillators: Array(0..<n), parameterOffset: n)],
            parameters: parameters, parameterNames: (0..<(2 * n)).map { "p\($0)" })
        var generator = SeededGenerator(seed: 88)
        let start = generator.states(1, dimension: n, in: -0.6...0.6)[0]
        let result = relax(RelaxationProblem(network: network, initialStates: start), using: DormandPrince())
        XCTAssertEqual(result.reports[0].status, .converged)
        let phases = Array(result.state(0))
        let mean = phases.reduce(0, +) / Double(n)
        XCTAssertLessThan(phases.map { abs($0 - mean) }.max() ?? 1, 1e-4)
        XCTAssertEqual(OscillatorChecks.energy(lattice, phases, parameters), -128, accuracy: 1e-6)
    }

    /// The cached K̂ follows every change of the kernel: evaluations of one family through a
    /// sequence of kernels (a change in the last entry only, in K(0) only, back to the first)
    /// equal, bit for bit, those of a fresh family per kernel; energies (batched pairs and an odd
    /// one out) too. Open and periodic.
    func testKernelCacheFollowsEveryKernelChange() {
        for boundary in [LatticePhaseCoupling.Boundary.periodic, .open] {
            let lattice = LatticePhaseCoupling(rows: 4, columns: 5, offset: 2, kernelOffset: 1, boundary: boundary)
            let m = lattice.parameterCount, width = lattice.siteCount + 3
            var generator = SeededGenerator(seed: 41)
            let first = [7.0] + (0..<m).map { _ in Double.random(in: -1...1, using: &generator) } + [-7.0]
            var lastChanged = first
            lastChanged[m] += 0.25  // K at the last kernel index
            var selfChanged = lastChanged
            selfChanged[1] = 3.0  // K(0): ignored, the cache stays valid
            let states = generator.states(3, dimension: width, in: -Double.pi...Double.pi)
            let reused = InteractionChecks(family: lattice, dimension: width, parameters: first)
            for (k, kernel) in [first, lastChanged, selfChanged, first, first].enumerated() {
                let fresh = LatticePhaseCoupling(rows: 4, columns: 5, offset: 2, kernelOffset: 1, boundary: boundary)
                let expected = InteractionChecks(family: fresh, dimension: width, parameters: kernel)
                let checks = InteractionChecks(family: lattice, dimension: width, parameters: kernel)
                XCTAssertEqual(checks.residualBatch(states), expected.residualBatch(states), "\(boundary) kernel \(k) torque")
                XCTAssertEqual(reused.energies(states, kernel), expected.energies(states, kernel),
                               "\(boundary) kernel \(k) energy")
            }
            XCTAssertNotEqual(reused.residualBatch(states), InteractionChecks(family: lattice, dimension: width,
                                                                              parameters: lastChanged).residualBatch(states))
            // The family's own scratch holds a valid K̂ (and the kernel it came from) between calls.
            XCTAssertTrue(lattice.withScratch { $0.persistent && $0.cacheFlag.pointee == 1 && $0.kernelCopy[m - 1] == lastChanged[m] })
        }
    }

    /// The workspace is allocated once, at the size `init` asked for, and never regrows (so the
    /// address of the family's own scratch, where K̂ is cached, never changes).
    func testWorkspaceIsAllocatedOnce() {
        for boundary in [LatticePhaseCoupling.Boundary.periodic, .open] {
            let family = LatticePhaseCoupling(rows: 6, columns: 5, offset: 2, kernelOffset: 1, boundary: boundary)
            let width = family.siteCount + 3
            var generator = SeededGenerator(seed: 12)
            let theta = (0..<(family.parameterCount + 2)).map { _ in Double.random(in: -1...1, using: &generator) }
            let held = family.workspace.heldCount
            XCTAssertEqual(held, LatticePhaseCoupling.Scratch.count(grid: family.gridCount, rows: family.gridRows))
            let checks = InteractionChecks(family: family, dimension: width, parameters: theta)
            let states = generator.states(5, dimension: width, in: -3...3)
            _ = checks.residualBatch(states)
            _ = checks.energies(states, theta)
            _ = checks.parameterGradient(states)
            _ = checks.jacobianByEntries(states[0])
            XCTAssertEqual(family.workspace.heldCount, held, "\(boundary)")
        }
    }

    /// Copies evaluated at once from several threads (sharing one workspace, so some get a
    /// temporary scratch that must not trust a cache) with two alternating kernels agree with
    /// serial evaluations, bit for bit.
    func testConcurrentEvaluationsAgree() {
        let (lattice, parameters, width) = Self.setup(8, 8, seed: 5)
        let other = parameters.map { -0.5 * $0 }
        var generator = SeededGenerator(seed: 11)
        let states = generator.states(3, dimension: width, in: -3...3)
        let expected = [parameters, other].map {
            InteractionChecks(family: lattice, dimension: width, parameters: $0).residualBatch(states)
        }
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 32)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 32) { k in
            let copy = InteractionChecks(family: lattice, dimension: width, parameters: k % 2 == 0 ? parameters : other)
            results[k] = copy.residualBatch(states) == expected[k % 2]
        }
        XCTAssertTrue(results.allSatisfy { $0 })
    }

    func assertClose(_ a: [Double], _ b: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, 1e-12, "\(what): largest difference \(worst)", file: file, line: line)
    }
}
