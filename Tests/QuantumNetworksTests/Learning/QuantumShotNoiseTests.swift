import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// Quantum EP with shot noise on PHYSICS.md case 4: the shot estimate scatters around the
/// noiseless estimate by the standard error it reports (coverage over seeds), with variance
/// ≈ Σ w² Var(∂H/∂θ)/(Mβ²), and counts its experiments.
final class QuantumShotNoiseTests: XCTestCase {
    static func controller() -> QuantumEquilibriumPropagation {
        let strings = [PauliString(coefficient: -1, letters: [0: .z, 1: .z]), PauliString(coefficient: -1, letters: [0: .z]),
                       PauliString(coefficient: -1, letters: [1: .z]), PauliString(coefficient: -1, letters: [0: .x]),
                       PauliString(coefficient: -1, letters: [1: .x])]
        let hamiltonian = PauliTestHamiltonian(base: QuantumEquilibriumPropagationTests.caseFour(), strings: strings, spins: 2)
        return QuantumEquilibriumPropagation(hamiltonian: hamiltonian,
                                             cost: SpinSquaredError(spins: 2, outputs: [0], targets: [0.8]),
                                             solve: jacobiSolve)
    }

    func testShotEstimatesCoverTheNoiselessEstimate() throws {
        let ep = Self.controller()
        let beta = 0.5
        let noiseless = try ep.gradient(.centered, beta: beta).gradient
        var z2 = [Double](repeating: 0, count: 5), covered = 0, total = 0
        let seeds = 60
        for seed in 0..<seeds {
            let estimate = try ep.gradient(.centered, beta: beta, shots: .init(count: 2000, seed: UInt64(seed)))
            XCTAssertEqual(estimate.experiments, 2 * 2 * 2000, "2 measured phases × 2 settings × 2000 shots")
            XCTAssertEqual(estimate.phases, 3, "the free eigenstate is solved too")
            XCTAssertEqual(estimate.settings, 2)
            let errors = try XCTUnwrap(estimate.standardError)
            for k in 0..<5 {
                let z = (estimate.gradient[k] - noiseless[k]) / errors[k]
                z2[k] += z * z / Double(seeds)
                covered += abs(z) < 2 ? 1 : 0
                total += 1
            }
        }
        for k in 0..<5 { XCTAssertEqual(z2[k], 1, accuracy: 0.45, "parameter \(k): mean z² over \(seeds) seeds") }
        XCTAssertGreaterThan(Double(covered) / Double(total), 0.88, "within 2 standard errors")
    }

    /// The reported error of ⟨−Z₀Z₁⟩'s centered estimate is √(Var₊ + Var₋)/(2β√M) with
    /// Var = 1 − ⟨Z₀Z₁⟩² per phase (a ±1 outcome).
    func testStandardErrorIsTheShotNoiseFormula() throws {
        let ep = Self.controller()
        let beta = 0.5, shots = 4000
        let plus = try ep.phase(beta: beta, from: nil).measurement[0], minus = try ep.phase(beta: -beta, from: nil).measurement[0]
        let predicted = ((1 - plus * plus) + (1 - minus * minus)).squareRoot() / (2 * beta * Double(shots).squareRoot())
        let estimate = try ep.gradient(.centered, beta: beta, shots: .init(count: shots, seed: 3))
        XCTAssertEqual(try XCTUnwrap(estimate.standardError)[0], predicted, accuracy: 0.05 * predicted)
    }

    func testNonPauliHamiltoniansRefuseShots() {
        let ep = QuantumEquilibriumPropagationTests.controller()
        XCTAssertThrowsError(try ep.gradient(.centered, beta: 0.1, shots: .init(count: 10)))
    }
}
