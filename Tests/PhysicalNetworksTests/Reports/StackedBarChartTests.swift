import Foundation
import XCTest
@testable import PhysicalNetworks

/// `StackedBarChart`: stacked part widths, shared part colors, totals, log axis, well-formed SVG.
final class StackedBarChartTests: XCTestCase {
    private let bars: [StackedBarChart.Bar] = [
        .init(label: "analog", parts: [.init(name: "heat", value: 3e-10), .init(name: "charge", value: 1e-10)]),
        .init(label: "digital <45 nm>", parts: [.init(name: "arithmetic", value: 5e-7), .init(name: "memory", value: 1.5e-6),
                                               .init(name: "heat", value: 0)]),
    ]

    func testLinearPartsAreProportional() {
        let chart = StackedBarChart(title: "one", valueLabel: "J", unit: "J",
                                    bars: [.init(label: "update", parts: [.init(name: "a", value: 1), .init(name: "b", value: 3)])])
        let svg = chart.svg(id: "fig-one")
        RunReportFixture.assertWellFormedXML(svg)
        let widths = rectWidths(svg)
        XCTAssertEqual(widths.count, 2)
        XCTAssertEqual(widths[1] / widths[0], 3, accuracy: 0.01)
        XCTAssertEqual(widths.reduce(0, +), chart.plotWidth, accuracy: 0.02, "the axis ends at the total, 4")
        XCTAssertTrue(svg.contains(">4 J</text>"))
    }

    func testLogarithmicChartSharesColorsAndDrawsEveryPositivePart() {
        let chart = StackedBarChart(title: "analog vs digital", valueLabel: "J", unit: "J", bars: bars, scale: .logarithmic)
        XCTAssertEqual(chart.partColors.map(\.name), ["heat", "charge", "arithmetic", "memory"])
        XCTAssertEqual((chart.axis() as? LogAxis)?.decades, [-11, -10, -9, -8, -7, -6, -5])
        let svg = chart.svg()
        RunReportFixture.assertWellFormedXML(svg)
        XCTAssertEqual(rectWidths(svg).count, 4, "a zero part is not drawn")
        XCTAssertTrue(rectWidths(svg).allSatisfy { $0 > 1 }, "every part visible")
        XCTAssertTrue(svg.contains("digital &lt;45 nm&gt;"))
        XCTAssertTrue(svg.contains(">2e-06 J</text>"))
        XCTAssertTrue(svg.contains(">4e-10 J</text>"))
    }

    /// Widths of the `bar-part` rectangles.
    private func rectWidths(_ svg: String) -> [Double] {
        svg.components(separatedBy: "<rect class=\"bar-part\"").dropFirst().compactMap { piece in
            guard let range = piece.range(of: "width=\"") else { return nil }
            return Double(piece[range.upperBound...].prefix { $0 != "\"" })
        }
    }
}
