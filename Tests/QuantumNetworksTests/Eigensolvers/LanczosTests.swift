import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// Lanczos against dense diagonalization on random TFIMs and XXZ models.
final class LanczosTests: XCTestCase {
    /// ‖u − sign·v‖ with the sign that minimizes it.
    static func distanceUpToSign(_ u: [Double], _ v: [Double]) -> Double {
        let sign: Double = dot(u, v) < 0 ? -1 : 1
        return zip(u, v).map { ($0 - sign * $1) * ($0 - sign * $1) }.reduce(0, +).squareRoot()
    }

    func testLowestLevelsMatchDenseOnTenSpins() throws {
        for (seed, exchange) in [(31, false), (32, true)] as [(UInt64, Bool)] {
            let model = PauliKronecker.randomModel(spins: 10, seed: seed, exchange: exchange)
            let dense = try DenseEigensolver.decompose(model)
            let result = Lanczos().lowest(3, of: model)
            XCTAssertTrue(result.converged)
            for k in 0..<3 {
                XCTAssertEqual(result.eigenvalues[k], dense.eigenvalues[k], accuracy: 1e-10, "level \(k)")
                XCTAssertLessThan(result.residuals[k], 1e-8)
                let gap = min(k > 0 ? dense.eigenvalues[k] - dense.eigenvalues[k - 1] : .infinity,
                              dense.eigenvalues[k + 1] - dense.eigenvalues[k])
                if gap > 1e-3 {
                    XCTAssertLessThan(Self.distanceUpToSign(result.eigenvectors[k], dense.vector(k)), 1e-7, "level \(k), gap \(gap)")
                }
                XCTAssertEqual(dot(result.eigenvectors[k], result.eigenvectors[k]), 1, accuracy: 1e-13)
            }
        }
    }

    func testThickRestartsReachTheSameLevels() throws {
        let model = PauliKronecker.randomModel(spins: 8, seed: 41, exchange: true)
        let dense = try DenseEigensolver.decompose(model)
        let result = Lanczos(maximumBasisSize: 10).lowest(2, of: model)
        XCTAssertTrue(result.converged)
        XCTAssertGreaterThan(result.restarts, 0)
        for k in 0..<2 { XCTAssertEqual(result.eigenvalues[k], dense.eigenvalues[k], accuracy: 1e-10) }
        XCTAssertLessThan(Self.distanceUpToSign(result.eigenvectors[0], dense.vector(0)), 1e-7)
    }

    func testWarmStartFromTheEigenvectorIsCheap() throws {
        let model = PauliKronecker.randomModel(spins: 8, seed: 43, exchange: false)
        let lanczos = Lanczos(checksMultiplicity: false)
        let cold = lanczos.lowest(1, of: model)
        var nudged = model
        nudged.setParameter(nudged.fieldIndex(3), to: nudged.parameters[nudged.fieldIndex(3)] + 1e-3)
        let warm = lanczos.lowest(1, of: nudged, start: cold.eigenvectors[0])
        let coldNudged = lanczos.lowest(1, of: nudged)
        XCTAssertEqual(warm.eigenvalues[0], coldNudged.eigenvalues[0], accuracy: 1e-11)
        XCTAssertLessThan(warm.applications, coldNudged.applications)
    }

    /// Z₂-symmetric Ising chain without fields: every level is doubly degenerate, which a single
    /// Krylov space cannot see; the multiplicity check finds the partner.
    func testDegenerateLevelsAreCountedWithMultiplicity() throws {
        let n = 6
        var model = PauliKronecker.randomModel(spins: n, seed: 45, exchange: false)
        for i in 0..<n {
            model.setParameter(model.fieldIndex(i), to: 0)
            model.setParameter(model.transverseFieldIndex(i), to: 0)
        }
        let dense = try DenseEigensolver.decompose(model)
        XCTAssertEqual(dense.eigenvalues[0], dense.eigenvalues[1], accuracy: 1e-12)
        let result = Lanczos().lowest(3, of: model)
        XCTAssertTrue(result.converged)
        for k in 0..<3 { XCTAssertEqual(result.eigenvalues[k], dense.eigenvalues[k], accuracy: 1e-10, "level \(k)") }
    }

    func testWholeSmallSpace() throws {
        let model = PauliKronecker.randomModel(spins: 2, seed: 47, exchange: true)
        let dense = try DenseEigensolver.decompose(model)
        let result = Lanczos().lowest(4, of: model)
        XCTAssertTrue(result.converged)
        for k in 0..<4 { XCTAssertEqual(result.eigenvalues[k], dense.eigenvalues[k], accuracy: 1e-12) }
    }
}
