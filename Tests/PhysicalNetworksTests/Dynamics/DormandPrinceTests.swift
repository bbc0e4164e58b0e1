import Foundation
import XCTest
@testable import PhysicalNetworks

/// Dormand–Prince's measured order on an ODE.
final class DormandPrinceTests: XCTestCase {
    func testDormandPrinceIsFifthOrder() {
        let errors = ConvergenceOrder.ladderErrors(DormandPrince(), stopTime: 1e-3, steps: [8, 16, 32, 64])
        let order = ConvergenceOrder.measuredOrder(errors)
        XCTAssertEqual(order, 5, accuracy: 0.25, "errors \(errors)")
    }
}
