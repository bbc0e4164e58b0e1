import XCTest
@testable import QuantumNetworks

/// The closed-form loss gradient: against finite differences, its classical/zero-point split,
/// its ħ scaling, and quantum vs classical EP on the same network.
final class HarmonicGroundStateGradientTests: XCTestCase {
    private func loss(_ network: HarmonicNetwork, _ theta: [Double], _ part: (HarmonicGroundState) -> Double) -> Double {
        var n = network
        n.parameters = theta
        return (try? n.groundState()).map(part) ?? .nan
    }

    /// dL/dθ, dL_classical/dθ and d(Σ_o ½Σ_oo)/dθ against central differences (h = 1e-5) of the
    /// closed-form loss and its two parts, to 1e-7.
    func testGradientMatchesFiniteDifferences() throws {
        let network = HarmonicFixtures.triangle()
        let gradient = try network.groundState().lossGradient
        var largestZeroPoint = 0.0
        for k in network.parameters.indices {
            let name = network.parameterNames[k]
            let fd = HarmonicFixtures.centralDifference(network.parameters, k, step: 1e-5) { loss(network, $0, \.loss) }
            let fdClassical = HarmonicFixtures.centralDifference(network.parameters, k, step: 1e-5) { loss(network, $0, \.classicalLoss) }
            let fdZeroPoint = HarmonicFixtures.centralDifference(network.parameters, k, step: 1e-5) { loss(network, $0, \.zeroPointLoss) }
            XCTAssertEqual(gradient.quantum[k], fd, accuracy: 1e-7, name)
            XCTAssertEqual(gradient.classical[k], fdClassical, accuracy: 1e-7, name)
            XCTAssertEqual(gradient.zeroPoint[k], fdZeroPoint, accuracy: 1e-7, name)
            XCTAssertEqual(gradient.quantum[k], gradient.classical[k] + gradient.zeroPoint[k], accuracy: 1e-15, name)
            largestZeroPoint = max(largestZeroPoint, abs(gradient.zeroPoint[k]))
        }
        // The zero-point term is not negligible here, so the quantum and classical gradients differ.
        XCTAssertGreaterThan(largestZeroPoint, 1e-2)
        // Σ does not depend on the forces.
        XCTAssertEqual(Array(gradient.zeroPoint[5...]), [0, 0, 0])
    }

    /// Degenerate normal modes (case 3 with equal anchors has none; a symmetric star does) need no
    /// special case in the Daleckii–Krein kernel.
    func testGradientWithDegenerateModes() throws {
        // Three equal nodes on anchors k = 1, all coupled to each other with k = 1: ω² = (1, 4, 4).
        let network = HarmonicNetwork(masses: [1, 1, 1],
                                      springs: [HarmonicSpring(0), HarmonicSpring(1), HarmonicSpring(2),
                                                HarmonicSpring(0, 1), HarmonicSpring(1, 2), HarmonicSpring(0, 2)],
                                      stiffnesses: [1, 1, 1, 1, 1, 1], forces: [0.2, 0, -0.1],
                                      outputs: [HarmonicOutput(node: 0, target: 0.5)])
        let state = try network.groundState()
        XCTAssertEqual(state.frequencies[1], state.frequencies[2], accuracy: 1e-12)
        let gradient = state.lossGradient
        for k in network.parameters.indices {
            let fd = HarmonicFixtures.centralDifference(network.parameters, k, step: 1e-5) { loss(network, $0, \.loss) }
            XCTAssertEqual(gradient.quantum[k], fd, accuracy: 1e-7, network.parameterNames[k])
        }
    }

    /// The zero-point part is exactly linear in ħ and the classical part independent of it, so
    /// ħ → 0 recovers the classical gradient.
    func testZeroPointTermScalesWithPlanckConstant() throws {
        let one = try HarmonicFixtures.triangle(hbar: 1).groundState().lossGradient
        let two = try HarmonicFixtures.triangle(hbar: 2).groundState().lossGradient
        let tiny = try HarmonicFixtures.triangle(hbar: 1e-9).groundState().lossGradient
        for k in one.quantum.indices {
            XCTAssertEqual(two.zeroPoint[k], 2 * one.zeroPoint[k], accuracy: 1e-14)
            XCTAssertEqual(two.classical[k], one.classical[k], accuracy: 1e-14)
            XCTAssertEqual(tiny.quantum[k], one.classical[k], accuracy: 1e-9)
        }
    }

    /// Quantum EP on the harmonic network: the symmetric estimate
    /// [⟨∂Ĥ/∂θ⟩_β − ⟨∂Ĥ/∂θ⟩_{−β}]/(2β) tends to dL/dθ (error O(β²)), while classical EP, which
    /// measures ∂E/∂θ at μ^β only, tends to dL_classical/dθ; the two differ by the zero-point term.
    func testQuantumAndClassicalEquilibriumPropagation() throws {
        let network = HarmonicFixtures.triangle()
        let gradient = try network.groundState().lossGradient
        let beta = 3e-4
        let plus = try network.nudged(beta: beta).groundState(), minus = try network.nudged(beta: -beta).groundState()
        let count = network.parameters.count
        for k in 0..<count {
            let quantum = (plus.parameterExpectations[k] - minus.parameterExpectations[k]) / (2 * beta)
            let classical = (plus.classicalParameterDerivatives[k] - minus.classicalParameterDerivatives[k]) / (2 * beta)
            XCTAssertEqual(quantum, gradient.quantum[k], accuracy: 1e-6, network.parameterNames[k])
            XCTAssertEqual(classical, gradient.classical[k], accuracy: 1e-6, network.parameterNames[k])
            XCTAssertEqual(quantum - classical, gradient.zeroPoint[k], accuracy: 1e-6, network.parameterNames[k])
        }
    }

    func testNoOutputsMeansZeroGradient() throws {
        let gradient = try HarmonicFixtures.case3(forces: [0.3, 0.1]).groundState().lossGradient
        XCTAssertEqual(gradient.quantum, [0, 0, 0, 0, 0])
    }
}
