import XCTest
@testable import PhysicalNetworks

/// A dense block from a clamped input layer (phases ψ are parameters) against the same m·n
/// couplings written as `PhaseFields` with shared ψ indices, and against finite differences.
final class DensePhaseCouplingClampedTests: XCTestCase {
    /// ψ at parameters 1..<1+m, W from 1+m; layer B at unknowns 1..<1+n (unknown 0 outside).
    static func pair(m: Int, n: Int, seed: UInt64) -> (DensePhaseCoupling, PhaseFields, [Double], Int) {
        let psi0 = 1, w0 = 1 + m, b0 = 1
        let dense = DensePhaseCoupling(layerA: psi0..<(psi0 + m), layerB: b0..<(b0 + n), weightOffset: w0,
                                       clampsLayerA: true)
        var oscillators: [Int] = [], strengths: [Int] = [], phases: [Int] = []
        for i in 0..<m {
            for j in 0..<n {
                oscillators.append(b0 + j)
                strengths.append(w0 + i * n + j)
                phases.append(psi0 + i)
            }
        }
        let fields = PhaseFields(oscillators: oscillators, strengths: strengths, phases: phases)
        var generator = SeededGenerator(seed: seed)
        let parameters = [7.0] + (0..<m).map { _ in Double.random(in: -3...3, using: &generator) }
            + (0..<(m * n)).map { _ in Double.random(in: -1.5...1.5, using: &generator) }
        return (dense, fields, parameters, b0 + n)
    }

    func testEqualsFieldsWithSharedInputPhases() {
        for (m, n) in [(3, 4), (1, 5), (9, 2)] {
            let (dense, fields, parameters, width) = Self.pair(m: m, n: n, seed: UInt64(20 + m))
            var generator = SeededGenerator(seed: UInt64(m + n))
            let states = generator.states(4, dimension: width, in: -Double.pi...Double.pi)
            let d = InteractionChecks(family: dense, dimension: width, parameters: parameters)
            let f = InteractionChecks(family: fields, dimension: width, parameters: parameters)
            let label = "clamped \(m) × \(n)"
            OscillatorChecks.assertClose(d.residualBatch(states).flatMap { $0 }, f.residualBatch(states).flatMap { $0 }, "\(label) residual")
            OscillatorChecks.assertClose(d.energies(states, parameters), f.energies(states, parameters), "\(label) energy")
            OscillatorChecks.assertClose(d.parameterGradient(states), f.parameterGradient(states), "\(label) ∂E/∂W, ∂E/∂ψ")
            for x in states {
                OscillatorChecks.assertClose(d.jacobianByEntries(x).flatMap { $0 }, f.jacobianByEntries(x).flatMap { $0 }, "\(label) Jacobian")
            }
            let adjoint = generator.states(1, dimension: width, in: -1...1)[0]
            OscillatorChecks.assertClose(OscillatorChecks.parameterJacobianProduct(dense, states[0], adjoint, parameters),
                        OscillatorChecks.parameterJacobianProduct(fields, states[0], adjoint, parameters),
                        "\(label) λᵀ∂F/∂θ")
        }
    }

    func testDerivativesMatchFiniteDifferences() {
        let (dense, fields, parameters, width) = Self.pair(m: 3, n: 4, seed: 5)
        var generator = SeededGenerator(seed: 8)
        let states = generator.states(3, dimension: width, in: -3...3)
        for family in [dense as any Interaction, fields] {
            let problems = InteractionChecks(family: family, dimension: width, parameters: parameters).failures(states: states)
            XCTAssertTrue(problems.isEmpty, "\(family.familyName): " + problems.prefix(10).joined(separator: "\n"))
            OscillatorChecks.assertParameterJacobianProduct(family, state: states[0], adjoint: states[1],
                                                            parameters: parameters)
        }
    }

    /// Every batch member sees the same clamped phases: a batch equals its members one by one.
    func testBatchMembersShareTheInputs() {
        let (dense, _, parameters, width) = Self.pair(m: 4, n: 3, seed: 9)
        var generator = SeededGenerator(seed: 10)
        let states = generator.states(3, dimension: width, in: -3...3)
        let checks = InteractionChecks(family: dense, dimension: width, parameters: parameters)
        let batch = checks.residualBatch(states)
        for (k, x) in states.enumerated() { OscillatorChecks.assertClose(batch[k], checks.residualBatch([x])[0], "member \(k)") }
    }
}
