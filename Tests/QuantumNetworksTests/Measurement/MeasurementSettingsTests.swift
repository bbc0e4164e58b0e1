import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// Grouping, basis rotations against states whose outcomes we know, and honest shot errors.
final class MeasurementSettingsTests: XCTestCase {
    func testTFIMTermsNeedOneZAndOneXSetting() {
        let terms = [
            PauliString(coefficient: -1, letters: [0: .z, 1: .z]), PauliString(coefficient: -1, letters: [0: .z]),
            PauliString(coefficient: -1, letters: [0: .x]), PauliString(coefficient: -1, letters: [1: .z]),
            PauliString(coefficient: -1, letters: [0: .x, 1: .x]), PauliString(coefficient: -1, letters: [0: .y, 1: .y]),
        ]
        let settings = MeasurementSettings(terms: terms, spins: 2)
        XCTAssertEqual(settings.count, 3)
        XCTAssertEqual(settings.members, [[0, 1, 3], [2, 4], [5]])
        XCTAssertEqual(settings.bases, [[.z, .z], [.x, .x], [.y, .y]])
    }

    func testBasisRotationsOnKnownStates() {
        let r = 1 / 2.0.squareRoot()
        // |0⟩ read in X: ±1 with probability ½ each; |+⟩ = (|0⟩ + |1⟩)/√2 read in X: always +.
        XCTAssertEqual(MeasurementSettings.probabilities([1, 0], basis: [.x]), [0.5, 0.5], accuracy: 1e-15)
        XCTAssertEqual(MeasurementSettings.probabilities([r, r], basis: [.x]), [1, 0], accuracy: 1e-15)
        // A real single-spin state has ⟨Y⟩ = 0.
        XCTAssertEqual(MeasurementSettings.probabilities([0.6, 0.8], basis: [.y]), [0.5, 0.5], accuracy: 1e-15)
        // (|00⟩ − |11⟩)/√2: Y⊗Y = +1 with certainty (Y⊗Y|00⟩ = −|11⟩, Y⊗Y|11⟩ = −|00⟩).
        let p = MeasurementSettings.probabilities([r, 0, 0, -r], basis: [.y, .y])
        let yy = PauliString(coefficient: 1, letters: [0: .y, 1: .y])
        let expectation = p.indices.reduce(0) { $0 + p[$1] * yy.sign(of: $1) }
        XCTAssertEqual(expectation, 1, accuracy: 1e-15)
        XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-15)
    }

    /// Shot estimates of ⟨X₀X₁⟩ and ⟨Z₀⟩ on a fixed state: unbiased, and the reported errors
    /// match the scatter over 200 seeds.
    func testShotErrorsAreHonest() {
        let psi = [0.5, 0.1, -0.3, 0.8].map { $0 / (0.25 + 0.01 + 0.09 + 0.64).squareRoot() }
        let terms = [PauliString(coefficient: -1, letters: [0: .x, 1: .x]), PauliString(coefficient: -0.5, letters: [0: .z])]
        // Exact: ⟨X₀X₁⟩ = 2(ψ₀ψ₃ + ψ₁ψ₂), ⟨Z₀⟩ = ψ₀² − ψ₁² + ψ₂² − ψ₃².
        let exact = [-2 * (psi[0] * psi[3] + psi[1] * psi[2]),
                     -0.5 * (psi[0] * psi[0] - psi[1] * psi[1] + psi[2] * psi[2] - psi[3] * psi[3])]
        let settings = MeasurementSettings(terms: terms, spins: 2)
        var zs: [[Double]] = [[], []]
        for seed in 0..<200 {
            var generator = Xoshiro256StarStar(seed: UInt64(seed))
            let (means, errors) = settings.measure(terms, in: psi, shots: 400, using: &generator)
            for k in 0..<2 { zs[k].append((means[k] - exact[k]) / errors[k]) }
        }
        for k in 0..<2 {
            let meanZ = zs[k].reduce(0, +) / 200, meanZ2 = zs[k].reduce(0) { $0 + $1 * $1 } / 200
            XCTAssertEqual(meanZ, 0, accuracy: 0.25, "term \(k): unbiased")
            XCTAssertEqual(meanZ2, 1, accuracy: 0.3, "term \(k): errors match the scatter")
        }
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
