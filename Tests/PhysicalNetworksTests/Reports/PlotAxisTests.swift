import Foundation
import XCTest
@testable import PhysicalNetworks

/// `LinearAxis`: nice 1-2-5 ranges and tick labels.
final class PlotAxisTests: XCTestCase {
    func testNiceRangesHoldTheData() {
        let accuracy = LinearAxis(covering: [0.52, 0.98])
        XCTAssertEqual(accuracy.step, 0.1, accuracy: 1e-15)
        XCTAssertEqual(accuracy.lower, 0.5, accuracy: 1e-12)
        XCTAssertEqual(accuracy.upper, 1.0, accuracy: 1e-12)
        XCTAssertEqual(accuracy.ticks.map(\.label), ["0.5", "0.6", "0.7", "0.8", "0.9", "1.0"])

        let epochs = LinearAxis(covering: [1, 60])
        XCTAssertEqual(epochs.step, 20)
        XCTAssertEqual(epochs.tickValues, [0, 20, 40, 60])
        XCTAssertEqual(epochs.ticks.map(\.label), ["0", "20", "40", "60"])
        XCTAssertEqual(LinearAxis(covering: [1, 3], integerSteps: true).tickValues, [1, 2, 3], "no half epochs")
        XCTAssertEqual(LinearAxis(covering: [1, 3]).step, 0.5)

        XCTAssertEqual(LinearAxis(covering: [0, 10]).tickValues, [0, 2, 4, 6, 8, 10], "exact ends open no new step")
        XCTAssertEqual(LinearAxis(covering: [-3, 7]).tickValues, [-4, -2, 0, 2, 4, 6, 8])
        XCTAssertEqual(LinearAxis(covering: [2e-6, 9e-6]).ticks.first?.label, "2e-06", "tiny values in exponent form")
        let single = LinearAxis(covering: [5, 5, .nan])
        XCTAssertLessThan(single.lower, 5)
        XCTAssertGreaterThan(single.upper, 5)
        XCTAssertEqual(LinearAxis(covering: [.nan]).tickValues.first, 0, "nothing plottable: [0, 1]")
        XCTAssertEqual(LinearAxis(covering: [0, 10]).fraction(5), 0.5)
    }

    func testLogAxisTicksEveryDecade() {
        let axis = LogAxis(covering: [3e-9, 2e-6])
        XCTAssertEqual(axis.decades, [-9, -8, -7, -6, -5])
        XCTAssertEqual(axis.ticks.count, 5)
        XCTAssertEqual(axis.minorTickFractions.count, 4 * 8)
        XCTAssertFalse(axis.canPlot(0))
        XCTAssertTrue(LinearAxis(covering: [1]).canPlot(0))
    }
}
