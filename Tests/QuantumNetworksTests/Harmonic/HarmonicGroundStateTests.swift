import XCTest
@testable import QuantumNetworks

/// The Gaussian closed form: PHYSICS.md case 3, one oscillator, forces, masses, Hellmann–Feynman,
/// ħ → 0, and the failure on a floppy network.
final class HarmonicGroundStateTests: XCTestCase {
    /// Case 3: Σ = ½K^{−1/2} = [[(1 + 1/√3)/4, (1 − 1/√3)/4], …], E₀ = (1 + √3)/2, ω = (1, √3).
    func testCase3ClosedForm() throws {
        let state = try HarmonicFixtures.case3().groundState()
        let r = 1 / 3.0.squareRoot()
        XCTAssertEqual(state.covariance(0, 0), (1 + r) / 4, accuracy: 1e-14)
        XCTAssertEqual(state.covariance(1, 1), (1 + r) / 4, accuracy: 1e-14)
        XCTAssertEqual(state.covariance(0, 1), (1 - r) / 4, accuracy: 1e-14)
        XCTAssertEqual(state.covariance(1, 0), (1 - r) / 4, accuracy: 1e-14)
        // The numbers recorded in PHYSICS.md.
        XCTAssertEqual(state.covariance(0, 0), 0.394338, accuracy: 1e-6)
        XCTAssertEqual(state.covariance(0, 1), 0.105662, accuracy: 1e-6)
        XCTAssertEqual(state.energy, 1.366025, accuracy: 1e-6)
        XCTAssertEqual(state.energy, (1 + 3.0.squareRoot()) / 2, accuracy: 1e-14)
        XCTAssertEqual(state.frequencies[0], 1, accuracy: 1e-14)
        XCTAssertEqual(state.frequencies[1], 3.0.squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(state.mean, [0, 0])
    }

    /// One node of mass m on an anchor k: ω = √(k/m), Var x = ħ/(2mω) = ħ/(2√(mk)),
    /// μ = b/k, E₀ = ħω/2 − b²/(2k).
    func testSingleOscillator() throws {
        let (m, k, b, hbar) = (2.5, 0.9, 0.7, 0.3)
        let state = try HarmonicNetwork(masses: [m], springs: [HarmonicSpring(0)], stiffnesses: [k], forces: [b],
                                        hbar: hbar).groundState()
        let omega = (k / m).squareRoot()
        XCTAssertEqual(state.frequencies[0], omega, accuracy: 1e-14)
        XCTAssertEqual(state.covariance(0, 0), hbar / (2 * (m * k).squareRoot()), accuracy: 1e-14)
        XCTAssertEqual(state.mean[0], b / k, accuracy: 1e-14)
        XCTAssertEqual(state.energy, hbar * omega / 2 - b * b / (2 * k), accuracy: 1e-14)
    }

    /// Forces shift the mean to K⁻¹b (and the energy by −½bᵀK⁻¹b) and leave Σ alone.
    func testForcesShiftOnlyTheMean() throws {
        let free = try HarmonicFixtures.case3().groundState()
        let forced = try HarmonicFixtures.case3(forces: [0.5, -0.2]).groundState()
        // K⁻¹ = [[2, 1], [1, 2]]/3.
        XCTAssertEqual(forced.mean[0], (2 * 0.5 - 0.2) / 3, accuracy: 1e-14)
        XCTAssertEqual(forced.mean[1], (0.5 - 2 * 0.2) / 3, accuracy: 1e-14)
        for (a, b) in zip(forced.covariance, free.covariance) { XCTAssertEqual(a, b, accuracy: 1e-14) }
        XCTAssertEqual(forced.energy - free.energy, -0.5 * (0.5 * forced.mean[0] - 0.2 * forced.mean[1]), accuracy: 1e-14)
    }

    /// Unequal masses: Σ = (ħ/2)M^{−1/2}(M^{−1/2}KM^{−1/2})^{−1/2}M^{−1/2} satisfies
    /// (2/ħ)² ΣKΣ = M⁻¹ (the defining identity of the ground-state covariance: Cov(q)² = (ħ/2)²A⁻¹),
    /// which (mK)^{−1/2} would not.
    func testUnequalMassesCovarianceIdentity() throws {
        let masses = [1.0, 3.0]
        let state = try HarmonicFixtures.case3(masses: masses).groundState()
        let k: [Double] = [2, -1, -1, 2], s = state.covariance
        for i in 0..<2 {
            for j in 0..<2 {
                var sks = 0.0
                for a in 0..<2 { for b in 0..<2 { sks += s[i * 2 + a] * k[a * 2 + b] * s[b * 2 + j] } }
                XCTAssertEqual(4 * sks, i == j ? 1 / masses[i] : 0, accuracy: 1e-14, "(\(i), \(j))")
            }
        }
        // ω_k² are the eigenvalues of M⁻¹K: trace and determinant.
        let w2 = state.frequencies.map { $0 * $0 }
        XCTAssertEqual(w2[0] + w2[1], 2 / 1 + 2 / 3.0, accuracy: 1e-14)
        XCTAssertEqual(w2[0] * w2[1], 3 / 3.0, accuracy: 1e-14)
    }

    /// Hellmann–Feynman: ⟨∂Ĥ/∂θ⟩ = ∂E₀/∂θ, checked against central differences of the closed-form E₀.
    func testParameterExpectationsAreEnergyDerivatives() throws {
        let network = HarmonicFixtures.triangle()
        let expectations = try network.groundState().parameterExpectations
        for k in network.parameters.indices {
            let fd = HarmonicFixtures.centralDifference(network.parameters, k, step: 1e-5) { theta in
                var n = network
                n.parameters = theta
                return (try? n.groundState().energy) ?? .nan
            }
            XCTAssertEqual(expectations[k], fd, accuracy: 1e-8, network.parameterNames[k])
        }
    }

    /// ħ → 0: Σ → 0, E₀ → the classical minimum, L → L_classical, ⟨∂H/∂θ⟩ → ∂E/∂θ at μ; μ does not
    /// depend on ħ.
    func testClassicalLimit() throws {
        let quantum = try HarmonicFixtures.triangle().groundState()
        let classical = try HarmonicFixtures.triangle(hbar: 1e-9).groundState()
        XCTAssertGreaterThan(quantum.zeroPointLoss, 1e-2)
        XCTAssertLessThan(classical.covariance.map(abs).max()!, 1e-9)
        XCTAssertEqual(classical.energy, classical.classicalEnergy, accuracy: 1e-8)
        XCTAssertEqual(classical.loss, classical.classicalLoss, accuracy: 1e-9)
        for (a, b) in zip(classical.parameterExpectations, classical.classicalParameterDerivatives) {
            XCTAssertEqual(a, b, accuracy: 1e-9)
        }
        for (a, b) in zip(quantum.mean, classical.mean) { XCTAssertEqual(a, b, accuracy: 1e-14) }
        XCTAssertEqual(quantum.classicalLoss, classical.loss, accuracy: 1e-9)
        // K μ = b (the classical equilibrium).
        let k = HarmonicFixtures.triangle().stiffnessMatrix()
        for i in 0..<3 {
            let row = (0..<3).reduce(0.0) { $0 + k[i * 3 + $1] * quantum.mean[$1] }
            XCTAssertEqual(row, HarmonicFixtures.triangle().forces[i], accuracy: 1e-14)
        }
    }

    /// The cost nudge by Hellmann–Feynman: ∂E₀^β/∂β = ⟨Ĉ⟩_β, so at β = 0 it is L.
    func testNudgedEnergySlopeIsTheLoss() throws {
        let network = HarmonicFixtures.triangle()
        let h = 1e-5
        let slope = (try network.nudged(beta: h).groundState().energy - network.nudged(beta: -h).groundState().energy) / (2 * h)
        XCTAssertEqual(slope, try network.groundState().loss, accuracy: 1e-9)
    }

    func testFloppyNetworkHasNoGroundState() {
        let floppy = HarmonicNetwork(masses: [1, 1], springs: [HarmonicSpring(0, 1)], stiffnesses: [1])
        XCTAssertThrowsError(try floppy.groundState()) { error in
            guard case .notPositiveDefinite = error as? HarmonicNetworkError else {
                return XCTFail("\(error)")
            }
        }
        let unstable = HarmonicNetwork(masses: [1], springs: [HarmonicSpring(0)], stiffnesses: [-1])
        XCTAssertThrowsError(try unstable.groundState())
    }
}
