import Foundation
import XCTest
@testable import PhysicalNetworks

/// TR-BDF2's measured order, on an ODE and on a DAE.
final class TRBDF2Tests: XCTestCase {
    func testTRBDF2IsSecondOrder() {
        let errors = ConvergenceOrder.ladderErrors(TRBDF2(), stopTime: 1e-3, steps: [10, 20, 40, 80, 160])
        let order = ConvergenceOrder.measuredOrder(errors)
        XCTAssertEqual(order, 2, accuracy: 0.05, "errors \(errors)")
    }

    func testTRBDF2IsSecondOrderOnTheDifferentialAlgebraicDivider() {
        let errors = ConvergenceOrder.dividerErrors(TRBDF2(), steps: [10, 20, 40, 80, 160])
        let order = ConvergenceOrder.measuredOrder(errors)
        XCTAssertEqual(order, 2, accuracy: 0.05, "errors \(errors)")
    }
}
