import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import PhysicalNetworks

/// `LogLogPlot`: well-formed SVG, decade axes, points where the log scale puts them.
final class LogLogPlotTests: XCTestCase {
    private func plot() -> LogLogPlot {
        LogLogPlot(title: "variance <β> & T", caption: ["a \"quoted\" caption"], panels: [
            .init(title: "vs β", xLabel: "β", yLabel: "Var", series: [
                .init(label: "nudged", points: [.init(0.02, 0.4), .init(0.05, 0.06), .init(0.1, 0.015)],
                      style: .markers(.circle), color: "#1f77b4"),
                .init(label: "theory", points: [.init(0.02, 0.3), .init(0.1, 0.012)], style: .dashed, color: "#555555"),
            ]),
            .init(title: "vs M", xLabel: "M", yLabel: "Var", series: [
                .init(label: "covariance", points: [.init(100, 1e-3), .init(1000, 1e-4), .init(-1, 1), .init(500, 0)],
                      style: .markers(.square), color: "#d62728"),
            ]),
        ])
    }

    func testAxesSpanWholeDecades() {
        XCTAssertEqual(LogLogPlot.Axis(covering: [0.02, 0.1]).decades, [-2, -1])
        XCTAssertEqual(LogLogPlot.Axis(covering: [0.012, 0.4]).decades, [-2, -1, 0])
        XCTAssertEqual(LogLogPlot.Axis(covering: [1, 10]).decades, [0, 1], "exact decades open no new one")
        XCTAssertEqual(LogLogPlot.Axis(covering: [3, 3]).decades, [0, 1], "at least one decade")
        XCTAssertEqual(LogLogPlot.Axis(covering: [0, -2, .nan]).decades, [0, 1], "nothing plottable")
        XCTAssertEqual(LogLogPlot.Axis(covering: [1e-4, 1]).fraction(1e-2), 0.5, accuracy: 1e-12)
    }

    func testPointsMapToTheLogScale() {
        let plot = plot()
        let frame = plot.frame(ofPanel: 0)
        let (x, y) = plot.axes(of: plot.panels[0])
        XCTAssertEqual(x.decades, [-2, -1])
        XCTAssertEqual(y.decades, [-2, -1, 0])
        let corner = plot.position(of: .init(0.01, 0.01), inPanel: 0)
        XCTAssertEqual(corner.x, frame.left, accuracy: 1e-9)
        XCTAssertEqual(corner.y, frame.top + frame.height, accuracy: 1e-9, "y grows downwards")
        let top = plot.position(of: .init(0.1, 1), inPanel: 0)
        XCTAssertEqual(top.x, frame.left + frame.width, accuracy: 1e-9)
        XCTAssertEqual(top.y, frame.top, accuracy: 1e-9)
        let middle = plot.position(of: .init(0.1.squareRoot() * 0.1, 0.1), inPanel: 0)
        XCTAssertEqual(middle.x, frame.left + frame.width / 2, accuracy: 1e-9)
        XCTAssertEqual(middle.y, frame.top + frame.height / 2, accuracy: 1e-9)
        // The second panel sits to the right of the first, with its own axes.
        XCTAssertGreaterThan(plot.frame(ofPanel: 1).left, frame.left + frame.width)
        XCTAssertEqual(plot.axes(of: plot.panels[1]).x.decades, [2, 3])
    }

    func testSVGIsWellFormedWithDecadeTicksAndEveryPlottablePoint() throws {
        let svg = plot().svg()
        XCTAssertTrue(svg.hasPrefix("<?xml"))
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError))")
        XCTAssertEqual(collector.names.first, "svg")
        // Decade ticks: panel 1 x 10^-2, 10^-1; y 10^-2…10^0; panel 2 x 10^2, 10^3; y 10^-4…10^-3.
        XCTAssertEqual(collector.ticks["xtick"], ["10-2", "10-1", "102", "103"])
        XCTAssertEqual(collector.ticks["ytick"], ["10-2", "10-1", "100", "10-4", "10-3"])
        // Three circles and two squares (of four points, x ≤ 0 and y = 0 have no logarithm).
        XCTAssertEqual(collector.points, 5)
        XCTAssertTrue(svg.contains("variance &lt;β&gt; &amp; T"))
        XCTAssertTrue(svg.contains("a &quot;quoted&quot; caption"))
        // A circle drawn where `position` says.
        let plot = plot()
        let p = plot.position(of: .init(0.05, 0.06), inPanel: 0)
        XCTAssertTrue(svg.contains(String(format: "cx=\"%.2f\" cy=\"%.2f\"", p.x, p.y)))
    }
}

/// Element names, tick labels by class, and the number of data markers of an SVG.
private final class ElementCollector: NSObject, XMLParserDelegate {
    var names: [String] = []
    var ticks: [String: [String]] = [:]
    var points = 0
    private var tickClass: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        names.append(name)
        if attributes["class"] == "point" { points += 1 }
        if name == "text", let kind = attributes["class"], kind.hasSuffix("tick") {
            tickClass = kind
            ticks[kind, default: []].append("")
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let kind = tickClass, var list = ticks[kind], !list.isEmpty else { return }
        list[list.count - 1] += string
        ticks[kind] = list
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { tickClass = nil }
    }
}
