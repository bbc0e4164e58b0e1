import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// MINRES on symmetric indefinite systems against the residual and a Jacobi eigendecomposition.
final class MINRESTests: XCTestCase {
    func testSolvesASymmetricIndefiniteSystem() {
        let n = 30
        var generator = Xoshiro256StarStar(seed: 5)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                let value = Double.random(in: -1..<1, using: &generator)
                a[i * n + j] = value
                a[j * n + i] = value
            }
            a[i * n + i] += Double(i - n / 2) * 0.5   // eigenvalues of both signs
        }
        let b = (0..<n).map { _ in Double.random(in: -1..<1, using: &generator) }
        let result = MINRES.solve(dimension: n, rightHandSide: b, tolerance: 1e-12) { x, y in
            for i in 0..<n { y[i] = (0..<n).reduce(0) { $0 + a[i * n + $1] * x[$1] } }
        }
        XCTAssertTrue(result.converged)
        let (values, _) = jacobiEigen(a)
        XCTAssertLessThan(values.first!, 0)
        XCTAssertGreaterThan(values.last!, 0)
        for i in 0..<n {
            let row = (0..<n).reduce(0) { $0 + a[i * n + $1] * result.solution[$1] }
            XCTAssertEqual(row, b[i], accuracy: 1e-9)
        }
        XCTAssertLessThanOrEqual(result.iterations, 2 * n)
    }
}
