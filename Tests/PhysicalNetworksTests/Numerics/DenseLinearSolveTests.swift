import XCTest
@testable import PhysicalNetworks

final class DenseLinearSolveTests: XCTestCase {
    func testSolvesAndReportsSingular() throws {
        // [[4, 1], [2, 3]] x = [1, 2]  →  x = [0.1, 0.6]
        let x = try DenseLinearSolve.solve([4, 1, 2, 3], [1, 2], dimension: 2).get()
        XCTAssertEqual(x[0], 0.1, accuracy: 1e-15)
        XCTAssertEqual(x[1], 0.6, accuracy: 1e-15)
        XCTAssertEqual(DenseLinearSolve.solve([1, 2, 2, 4], [1, 1], dimension: 2), .failure(.singular(pivot: 2)))
    }
}
