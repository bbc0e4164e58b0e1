import XCTest
@testable import QuantumNetworks

/// Exact diagonalization in a truncated Fock basis against the Gaussian closed form
/// (PHYSICS.md case 3 and variants), and the parameter operators against finite differences.
final class FockSpaceHamiltonianTests: XCTestCase {
    /// Compares the Fock ground state at `cutoff` with the closed form.
    private func assertFockMatchesClosedForm(_ network: HarmonicNetwork, cutoff: Int, tolerance: Double,
                                             file: StaticString = #filePath, line: UInt = #line) throws {
        let exact = try network.groundState()
        let fock = FockSpaceHamiltonian(network, cutoff: cutoff)
        let (energy, state, gap) = HarmonicFixtures.denseGroundState(fock)
        XCTAssertEqual(energy, exact.energy, accuracy: tolerance, "E₀", file: file, line: line)
        // Rayleigh–Ritz: the truncated PĤP bounds E₀ from above.
        XCTAssertGreaterThanOrEqual(energy, exact.energy - 1e-12, file: file, line: line)
        XCTAssertEqual(gap, exact.frequencies[0] * network.hbar, accuracy: tolerance, "gap ħω_min", file: file, line: line)
        let moments = fock.positionMoments(state)
        for i in 0..<network.nodeCount {
            XCTAssertEqual(moments.mean[i], exact.mean[i], accuracy: tolerance, "μ\(i)", file: file, line: line)
        }
        for (k, (a, b)) in zip(moments.covariance, exact.covariance).enumerated() {
            XCTAssertEqual(a, b, accuracy: tolerance, "Σ[\(k)]", file: file, line: line)
        }
        let expectations = fock.derivativeExpectations(state), closed = exact.parameterExpectations
        for k in closed.indices {
            XCTAssertEqual(expectations[k], closed[k], accuracy: tolerance, fock.parameterNames[k], file: file, line: line)
        }
        if !network.outputs.isEmpty {
            XCTAssertEqual(fock.cost.expectation(state), exact.loss, accuracy: tolerance, "L", file: file, line: line)
        }
    }

    /// PHYSICS.md case 3 at cutoff 22: Σ = [[0.394338, 0.105662], …], E₀ = 1.366025.
    func testCase3AtCutoff22() throws {
        let fock = FockSpaceHamiltonian(HarmonicFixtures.case3(), cutoff: 22)
        XCTAssertEqual(fock.dimension, 529)
        XCTAssertEqual(fock.referenceFrequencies, [Double(2).squareRoot(), Double(2).squareRoot()])
        let (energy, state, _) = HarmonicFixtures.denseGroundState(fock)
        XCTAssertEqual(energy, 1.366025, accuracy: 1e-6)
        let covariance = fock.positionMoments(state).covariance
        XCTAssertEqual(covariance[0], 0.394338, accuracy: 1e-6)
        XCTAssertEqual(covariance[1], 0.105662, accuracy: 1e-6)
        XCTAssertEqual(covariance[3], 0.394338, accuracy: 1e-6)
        try assertFockMatchesClosedForm(HarmonicFixtures.case3(), cutoff: 22, tolerance: 1e-10)
    }

    /// Forces shift the mean (μ = K⁻¹b); the cutoff must also hold the coherent displacement.
    func testCase3WithForces() throws {
        try assertFockMatchesClosedForm(HarmonicFixtures.case3(forces: [0.5, -0.2],
                                                               outputs: [HarmonicOutput(node: 1, target: 0.3)]),
                                        cutoff: 22, tolerance: 1e-9)
    }

    /// Unequal masses and ħ ≠ 1: the general-mass covariance formula.
    func testUnequalMassesAndPlanckConstant() throws {
        try assertFockMatchesClosedForm(HarmonicFixtures.case3(masses: [1, 3], forces: [0.3, 0.4], hbar: 0.5),
                                        cutoff: 22, tolerance: 1e-9)
    }

    /// A nudged network (β ≠ 0) and three modes at a smaller cutoff.
    func testNudgedTriangle() throws {
        let network = HarmonicFixtures.triangle().nudged(beta: 0.3)
        try assertFockMatchesClosedForm(network, cutoff: 9, tolerance: 1e-6)
    }

    /// The truncation error decreases with the cutoff (so the agreement is not an accident).
    func testTruncationErrorDecreasesWithCutoff() throws {
        let network = HarmonicFixtures.case3(forces: [0.5, -0.2])
        let exact = try network.groundState().energy
        let errors = [4, 8, 12].map { HarmonicFixtures.denseGroundState(FockSpaceHamiltonian(network, cutoff: $0)).energy - exact }
        XCTAssertGreaterThan(errors[0], 1e-5)
        XCTAssertLessThan(errors[1], errors[0] / 10)
        XCTAssertLessThan(errors[2], errors[1] / 10)
    }

    /// Ĥ is linear in θ, so (Ĥ(θ + h e_k) − Ĥ(θ − h e_k))/(2h) equals ∂Ĥ/∂θ_k entry by entry;
    /// and every operator is symmetric.
    func testDerivativeOperatorsAndSymmetry() {
        let network = HarmonicFixtures.case3(masses: [1, 2], forces: [0.2, -0.1])
        let fock = FockSpaceHamiltonian(network, cutoff: 5)
        let n = fock.dimension, h = 0.25
        let matrix = fock.denseMatrix()
        for i in 0..<n { for j in 0..<i { XCTAssertEqual(matrix[i * n + j], matrix[j * n + i], accuracy: 1e-14) } }
        for k in fock.parameters.indices {
            var plus = fock, minus = fock
            plus.parameters[k] += h
            minus.parameters[k] -= h
            let difference = zip(plus.denseMatrix(), minus.denseMatrix()).map { ($0 - $1) / (2 * h) }
            var derivative = [Double](repeating: 0, count: n * n), unit = [Double](repeating: 0, count: n)
            var column = [Double](repeating: 0, count: n)
            for j in 0..<n {
                unit[j] = 1
                unit.withUnsafeBufferPointer { x in column.withUnsafeMutableBufferPointer { fock.applyDerivative(k, x, into: $0) } }
                for i in 0..<n { derivative[i * n + j] = column[i] }
                unit[j] = 0
            }
            XCTAssertGreaterThan(derivative.map(abs).max()!, 0.1, fock.parameterNames[k])
            for (a, b) in zip(difference, derivative) { XCTAssertEqual(a, b, accuracy: 1e-13, fock.parameterNames[k]) }
        }
    }

    /// The closed-form dL/dθ against central differences of the Fock-space loss ⟨ψ₀|Ĉ|ψ₀⟩.
    func testClosedFormGradientMatchesFockFiniteDifferences() throws {
        let network = HarmonicFixtures.case3(masses: [1, 1.5], forces: [0.2, -0.1],
                                             outputs: [HarmonicOutput(node: 1, target: 0.3)])
        let gradient = try network.groundState().lossGradient
        let fock = FockSpaceHamiltonian(network, cutoff: 16)
        for k in network.parameters.indices {
            let fd = HarmonicFixtures.centralDifference(network.parameters, k, step: 1e-4) { theta in
                var h = fock
                h.parameters = theta
                return h.cost.expectation(HarmonicFixtures.denseGroundState(h).state)
            }
            XCTAssertEqual(gradient.quantum[k], fd, accuracy: 1e-7, network.parameterNames[k])
            if gradient.zeroPoint[k] != 0 {
                // Fock space sees the zero-point term: it is far from the classical gradient.
                XCTAssertGreaterThan(abs(fd - gradient.classical[k]), 1e-3, network.parameterNames[k])
            }
        }
    }
}
