import XCTest
@testable import QuantumNetworks

/// The operator protocol's helpers on a 2 × 2 matrix we can write down.
final class QuantumOperatorTests: XCTestCase {
    struct Matrix2: QuantumOperator {
        var a: [Double]
        var dimension: Int { 2 }
        func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
            y[0] = a[0] * x[0] + a[1] * x[1]
            y[1] = a[2] * x[0] + a[3] * x[1]
        }
    }

    func testDenseMatrixAndExpectation() {
        let m = Matrix2(a: [1, 2, 2, -3])
        XCTAssertEqual(m.denseMatrix(), [1, 2, 2, -3])
        // ⟨x|A|x⟩/⟨x|x⟩ for x = (1, 1): (1 + 2 + 2 − 3)/2 = 1.
        XCTAssertEqual(m.expectation([1, 1]), 1, accuracy: 1e-15)
        XCTAssertEqual(m.expectation([0, 2]), -3, accuracy: 1e-15)
    }
}
