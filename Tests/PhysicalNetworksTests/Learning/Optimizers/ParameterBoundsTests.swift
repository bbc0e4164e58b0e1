import XCTest
@testable import PhysicalNetworks

final class ParameterBoundsTests: XCTestCase {
    func testClampsIntoTheConductanceRange() {
        let bounds = ParameterBounds(count: 4, lower: 1e-5, upper: 1e-2)
        var g = [5e-6, 1e-3, 0.5, 1e-2]
        XCTAssertEqual(bounds.clamp(&g), 2)
        XCTAssertEqual(g, [1e-5, 1e-3, 1e-2, 1e-2])
        XCTAssertTrue(bounds.contains(g))
        XCTAssertEqual(bounds.clamp(&g), 0)
    }

    func testPerParameterAndUnboundedLimits() {
        let bounds = ParameterBounds(lower: [0, -.infinity, -1], upper: [1, .infinity, -1])
        var theta = [-3.0, -1e300, 7]
        bounds.clamp(&theta)
        XCTAssertEqual(theta, [0, -1e300, -1])
        var free = [1e308, -1e308]
        XCTAssertEqual(ParameterBounds.unbounded(count: 2).clamp(&free), 0)
    }

    func testNaNIsNotHidden() {
        let bounds = ParameterBounds(count: 2, lower: 0, upper: 1)
        var theta = [Double.nan, 2]
        XCTAssertEqual(bounds.clamp(&theta), 1)
        XCTAssertTrue(theta[0].isNaN)
        XCTAssertFalse(bounds.contains(theta))
    }
}
