import Foundation
import XCTest
@testable import PhysicalNetworks

/// Backward Euler's measured order, on an ODE and on a DAE.
final class BackwardEulerTests: XCTestCase {
    func testBackwardEulerIsFirstOrder() {
        let errors = ConvergenceOrder.ladderErrors(BackwardEuler(), stopTime: 1e-3, steps: [40, 80, 160, 320, 640])
        let order = ConvergenceOrder.measuredOrder(errors)
        XCTAssertEqual(order, 1, accuracy: 0.05, "errors \(errors)")
    }

    func testBackwardEulerIsFirstOrderOnTheDifferentialAlgebraicDivider() {
        let errors = ConvergenceOrder.dividerErrors(BackwardEuler(), steps: [40, 80, 160, 320, 640])
        let order = ConvergenceOrder.measuredOrder(errors)
        XCTAssertEqual(order, 1, accuracy: 0.05, "errors \(errors)")
    }
}
