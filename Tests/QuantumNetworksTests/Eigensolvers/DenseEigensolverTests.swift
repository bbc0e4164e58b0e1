import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

final class DenseEigensolverTests: XCTestCase {
    func testTwoByTwoClosedForm() throws {
        let d = try DenseEigensolver.decompose([2, 1, 1, 2], dimension: 2)
        XCTAssertEqual(d.eigenvalues[0], 1, accuracy: 1e-15)
        XCTAssertEqual(d.eigenvalues[1], 3, accuracy: 1e-15)
        let v = d.vector(0)
        XCTAssertEqual(abs(v[0]), 0.5.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(v[0], -v[1], accuracy: 1e-15)
    }

    /// A v_k = E_k v_k, VᵀV = 1 and ascending order on a random symmetric matrix.
    func testRandomSymmetricMatrixIsDiagonalized() throws {
        let n = 60
        var random = Xoshiro256StarStar(seed: 7)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in i..<n { let x = random.nextStandardNormal(); a[i * n + j] = x; a[j * n + i] = x } }
        let d = try DenseEigensolver.decompose(a, dimension: n)
        XCTAssertEqual(d.eigenvalues, d.eigenvalues.sorted())
        for k in [0, 1, n / 2, n - 1] {
            let v = d.vector(k)
            for i in 0..<n {
                var av = 0.0
                for j in 0..<n { av += a[i * n + j] * v[j] }
                XCTAssertEqual(av, d.eigenvalues[k] * v[i], accuracy: 1e-12)
            }
            for l in [0, n - 1] { XCTAssertEqual(dot(v, d.vector(l)), k == l ? 1 : 0, accuracy: 1e-13) }
        }
    }

    func testTooLargeIsAnError() {
        struct Big: QuantumOperator {
            var dimension: Int { DenseEigensolver.maximumDimension + 1 }
            func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {}
        }
        XCTAssertThrowsError(try DenseEigensolver.decompose(Big())) { error in
            XCTAssertEqual(error as? DenseEigensolver.Failure,
                           .dimensionTooLarge(dimension: DenseEigensolver.maximumDimension + 1, maximum: DenseEigensolver.maximumDimension))
        }
    }
}
