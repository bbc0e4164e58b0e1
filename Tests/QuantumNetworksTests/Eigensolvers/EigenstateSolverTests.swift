import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

final class EigenstateSolverTests: XCTestCase {
    func testDenseAndLanczosAgreeOnGroundAndExcitedStates() throws {
        let model = PauliKronecker.randomModel(spins: 10, seed: 61, exchange: true)
        let dense = try DenseEigensolver.decompose(model)
        for k in [0, 2] {
            let a = try EigenstateSolver(method: .dense).eigenstate(k, of: model)
            let b = try EigenstateSolver(method: .lanczos).eigenstate(k, of: model)
            let expectedGap = min(k > 0 ? dense.eigenvalues[k] - dense.eigenvalues[k - 1] : .infinity,
                                  dense.eigenvalues[k + 1] - dense.eigenvalues[k])
            for state in [a, b] {
                XCTAssertEqual(state.index, k)
                XCTAssertEqual(state.energy, dense.eigenvalues[k], accuracy: 1e-10)
                XCTAssertEqual(state.gap, expectedGap, accuracy: 1e-9)
                XCTAssertLessThan(state.residual, 1e-8)
            }
            XCTAssertLessThan(LanczosTests.distanceUpToSign(a.vector, b.vector), 1e-7)
        }
        XCTAssertEqual(EigenstateSolver().resolvedMethod(dimension: 1024), .dense)
        XCTAssertEqual(EigenstateSolver().resolvedMethod(dimension: 2048), .lanczos)
        XCTAssertEqual(EigenstateSolver(denseDimensionLimit: 4096).resolvedMethod(dimension: 4096), .dense)
        XCTAssertEqual(EigenstateSolver(method: .dense).resolvedMethod(dimension: 8192), .dense)
    }

    /// Γ = h = 0: the ±Z symmetry makes every level doubly degenerate; EP must refuse it. A
    /// transverse field splits the pair (by about Γⁿ) and the same call succeeds.
    func testDegenerateStateIsAnError() throws {
        let n = 4
        let chain = IsingModel.chainBonds(n)
        let symmetric = IsingModel(spinCount: n, bonds: chain, couplings: [1, 0.8, 1.2])
        for method in [EigenstateSolver.Method.dense, .lanczos] {
            XCTAssertThrowsError(try EigenstateSolver(method: method).eigenstate(0, of: symmetric)) { error in
                guard case .degenerate(let index, let energy, let gap, _)? = error as? EigenstateError else {
                    return XCTFail("\(method): \(error)")
                }
                XCTAssertEqual(index, 0)
                XCTAssertEqual(energy, -3, accuracy: 1e-10)
                XCTAssertLessThan(gap, 1e-10)
            }
            var split = symmetric
            for i in 0..<n { split.setParameter(split.transverseFieldIndex(i), to: 0.5) }
            let state = try EigenstateSolver(method: method).eigenstate(0, of: split)
            XCTAssertGreaterThan(state.gap, 1e-3)
        }
        XCTAssertThrowsError(try EigenstateSolver().eigenstate(16, of: symmetric)) { error in
            XCTAssertEqual(error as? EigenstateError, .indexOutOfRange(index: 16, dimension: 16))
        }
    }

    /// PHYSICS.md §8 case 4: J = 0.5, h = (0.3, −0.2), Γ = 0.7 on both spins. The ground energy
    /// against the 4 × 4 matrix written out here and diagonalized by Jacobi rotations, and
    /// dL/dJ = −0.322994 for Ĉ = ½(Z₂ − 0.8)² (Z₂ = spin index 1) by central differences.
    func testPhysicsCaseFour() throws {
        func model(_ j: Double) -> IsingModel {
            IsingModel(spinCount: 2, bonds: [IsingModel.Bond(0, 1)], couplings: [j],
                       fields: [0.3, -0.2], transverseFields: [0.7, 0.7])
        }
        // Basis |b1 b0⟩ = 00, 01, 10, 11 (index = b0 + 2 b1); diagonal −J z0 z1 − h0 z0 − h1 z1.
        let (j, h0, h1, g) = (0.5, 0.3, -0.2, 0.7)
        let written: [[Double]] = [
            [-j - h0 - h1, -g, -g, 0],
            [-g, j + h0 - h1, 0, -g],
            [-g, 0, j - h0 + h1, -g],
            [0, -g, -g, -j + h0 + h1],
        ]
        let jacobiGround = Self.jacobiEigenvalues(written).min()!
        let ground = try EigenstateSolver().eigenstate(0, of: model(0.5))
        XCTAssertEqual(ground.energy, jacobiGround, accuracy: 1e-12)
        XCTAssertLessThan(PauliKronecker.maxDifference(model(0.5).denseMatrix(), written.flatMap { $0 }), 1e-15)

        func loss(_ j: Double) throws -> Double {
            let v = try EigenstateSolver().eigenstate(0, of: model(j)).vector
            var z1 = 0.0
            for s in 0..<4 { z1 += v[s] * v[s] * (s & 2 == 0 ? 1 : -1) }
            return 0.5 * (1 + 0.64) - 0.8 * z1
        }
        let step = 1e-5
        let gradient = (try loss(0.5 + step) - loss(0.5 - step)) / (2 * step)
        XCTAssertEqual(gradient, -0.322994, accuracy: 2e-6)
    }

    /// Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan §8.5).
    static func jacobiEigenvalues(_ matrix: [[Double]]) -> [Double] {
        var a = matrix
        let n = a.count
        for _ in 0..<50 {
            for p in 0..<n { for q in (p + 1)..<n where abs(a[p][q]) > 1e-300 {
                let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<n {
                    let (akp, akq) = (a[k][p], a[k][q])
                    a[k][p] = c * akp - s * akq; a[k][q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let (apk, aqk) = (a[p][k], a[q][k])
                    a[p][k] = c * apk - s * aqk; a[q][k] = s * apk + c * aqk
                }
            } }
        }
        return (0..<n).map { a[$0][$0] }
    }
}
