import Foundation
import XCTest
@testable import PhysicalNetworks

/// `LinePlot`: positions on linear and logarithmic axes, NaN gaps, legend, well-formed SVG.
final class LinePlotTests: XCTestCase {
    private func plot() -> LinePlot {
        LinePlot(title: "accuracy <EP> & BP", xLabel: "epoch", yLabel: "accuracy", series: [
            .init(label: "EP test", points: [.init(0, 0.5), .init(5, 0.75), .init(10, 1)], color: "#1f77b4"),
            .init(label: "EP train", points: [.init(0, 0.6), .init(2, .nan), .init(4, 0.7), .init(6, 0.8)],
                  style: .markers(.circle), color: "#ff7f0e"),
        ])
    }

    func testPointsMapToTheAxes() {
        let plot = plot()
        let frame = plot.frame
        let (x, y) = plot.axes()
        XCTAssertEqual((x as? LinearAxis)?.tickValues, [0, 2, 4, 6, 8, 10])
        XCTAssertEqual((y as? LinearAxis)?.lower ?? .nan, 0.5, accuracy: 1e-12)
        let corner = plot.position(of: .init(0, 0.5))
        XCTAssertEqual(corner.x, frame.left, accuracy: 1e-9)
        XCTAssertEqual(corner.y, frame.bottom, accuracy: 1e-9, "y grows downwards")
        let top = plot.position(of: .init(10, 1))
        XCTAssertEqual(top.x, frame.right, accuracy: 1e-9)
        XCTAssertEqual(top.y, frame.top, accuracy: 1e-9)
    }

    func testLogarithmicAxesAndSkippedPoints() {
        let plot = LinePlot(title: "energy", xLabel: "β", yLabel: "J", series: [
            .init(label: "E", points: [.init(1e-6, 1e-9), .init(1e-4, 1e-7), .init(1e-3, 0), .init(.infinity, 1)],
                  style: .markers(.square), color: "#000000"),
        ], xScale: .logarithmic, yScale: .logarithmic)
        let (x, y) = plot.axes()
        XCTAssertEqual((x as? LogAxis)?.decades, [-6, -5, -4])
        XCTAssertEqual((y as? LogAxis)?.decades, [-9, -8, -7])
        let middle = plot.position(of: .init(1e-5, 1e-8))
        XCTAssertEqual(middle.x, plot.frame.left + plot.frame.width / 2, accuracy: 1e-9)
        XCTAssertEqual(middle.y, plot.frame.top + plot.frame.height / 2, accuracy: 1e-9)
        let svg = plot.svg()
        XCTAssertEqual(svg.components(separatedBy: "class=\"point\"").count - 1, 2, "y = 0 and x = ∞ are not drawn")
    }

    func testSVGIsWellFormedWithGapsAtNaN() {
        let svg = plot().svg(id: "fig-test")
        RunReportFixture.assertWellFormedXML(svg)
        XCTAssertTrue(svg.hasPrefix("<svg "))
        XCTAssertTrue(svg.contains("id=\"fig-test\""))
        XCTAssertTrue(svg.contains("<title>accuracy &lt;EP&gt; &amp; BP</title>"))
        // EP test: one polyline; EP train: broken at the NaN into a lone point and a two-point line.
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2)
        XCTAssertEqual(svg.components(separatedBy: "class=\"point\"").count - 1, 3)
        XCTAssertTrue(svg.contains(">EP train</text>"), "legend")
        XCTAssertEqual(svg.components(separatedBy: "class=\"xtick\"").count - 1, 6)
    }
}
