import Foundation

/// A small SVG writer for log–log plots: side-by-side panels, each with decade axes, series of
/// markers joined by lines, and straight reference lines (power laws). No dependency; the SVG is
/// plain SVG 1.1 text a browser or an editor opens.
///
/// A point (x, y) lands at `left + width·(log₁₀x − a)/(b − a)` across and
/// `top + height·(1 − (log₁₀y − c)/(d − c))` down, where [10^a, 10^b] × [10^c, 10^d] are the
/// panel's axes: the smallest whole decades holding every plotted point. Points with x ≤ 0 or
/// y ≤ 0 (or not finite) have no logarithm and are left out.
public struct LogLogPlot: Sendable {
    /// A plotted point.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double

        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }

        var isPlottable: Bool { x > 0 && y > 0 && x.isFinite && y.isFinite }
    }

    /// How a series is drawn.
    public typealias Style = PlotStyle
    public typealias Marker = PlotMarker

    public struct Series: Sendable {
        public var label: String
        public var points: [Point]
        public var style: Style
        /// An SVG color, e.g. `#1f77b4`.
        public var color: String

        public init(label: String, points: [Point], style: Style, color: String) {
            self.label = label
            self.points = points
            self.style = style
            self.color = color
        }
    }

    public struct Panel: Sendable {
        public var title: String
        public var xLabel: String
        public var yLabel: String
        public var series: [Series]

        public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.series = series
        }
    }

    /// A logarithmic axis from 10^lowerDecade to 10^upperDecade.
    public typealias Axis = LogAxis

    public var title: String
    /// Lines printed under the title (what is shown, how to read it).
    public var caption: [String]
    public var panels: [Panel]
    /// One panel's plotting area, in pixels.
    public var panelWidth = 300.0
    public var panelHeight = 240.0

    public init(title: String, caption: [String] = [], panels: [Panel]) {
        self.title = title
        self.caption = caption
        self.panels = panels
    }

    /// Margins around a panel's plotting area (left for tick labels and the y label).
    static let marginLeft = 70.0, marginRight = 20.0, marginTop = 40.0, marginBottom = 50.0
    static let lineHeight = 16.0

    /// Top of the panels: below the title and the caption.
    var panelsTop: Double { 30 + Self.lineHeight * Double(caption.count) + 10 }

    /// The axes of panel `index`.
    public func axes(of panel: Panel) -> (x: Axis, y: Axis) {
        let points = panel.series.flatMap(\.points).filter(\.isPlottable)
        return (Axis(covering: points.map(\.x)), Axis(covering: points.map(\.y)))
    }

    /// The plotting area of panel `index`: its top-left corner and size, in pixels.
    public func frame(ofPanel index: Int) -> (left: Double, top: Double, width: Double, height: Double) {
        let left = Double(index) * (Self.marginLeft + panelWidth + Self.marginRight) + Self.marginLeft
        return (left, panelsTop + Self.marginTop, panelWidth, panelHeight)
    }

    /// Where `point` is drawn in panel `index`, in pixels (SVG: y grows downwards).
    public func position(of point: Point, inPanel index: Int) -> (x: Double, y: Double) {
        let (xAxis, yAxis) = axes(of: panels[index])
        let frame = frame(ofPanel: index)
        return (frame.left + frame.width * xAxis.fraction(point.x),
                frame.top + frame.height * (1 - yAxis.fraction(point.y)))
    }

    /// Legend rows under the panels: the longest panel legend.
    var legendRows: Int { panels.map(\.series.count).max() ?? 0 }

    public var width: Double {
        max(Double(panels.count) * (Self.marginLeft + panelWidth + Self.marginRight), 600)
    }

    public var height: Double {
        panelsTop + Self.marginTop + panelHeight + Self.marginBottom + Self.lineHeight * Double(legendRows) + 10
    }

    /// The whole figure as SVG text.
    public func svg() -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(f(width))" height="\(f(height))" \
            viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="white"/>
            <text x="10" y="20" font-size="14" font-weight="bold">\(xmlEscaped(title))</text>

            """
        for (i, line) in caption.enumerated() {
            out += "<text x=\"10\" y=\"\(f(36 + Self.lineHeight * Double(i)))\">\(xmlEscaped(line))</text>\n"
        }
        for index in panels.indices { out += panelSVG(index) }
        out += "</svg>\n"
        return out
    }

    private func panelSVG(_ index: Int) -> String {
        let panel = panels[index]
        let (xAxis, yAxis) = axes(of: panel)
        let frame = frame(ofPanel: index)
        let bottom = frame.top + frame.height
        var out = "<g class=\"panel\">\n"
        out += "<text x=\"\(f(frame.left + frame.width / 2))\" y=\"\(f(frame.top - 12))\" text-anchor=\"middle\" "
            + "font-weight=\"bold\">\(xmlEscaped(panel.title))</text>\n"
        out += PlotFrame(left: frame.left, top: frame.top, width: frame.width, height: frame.height)
            .axesSVG(x: xAxis, y: yAxis, xLabel: panel.xLabel, yLabel: panel.yLabel)
        for series in panel.series {
            let pixels = series.points.filter(\.isPlottable).map { position(of: $0, inPanel: index) }
            out += seriesSVG([pixels], style: series.style, color: series.color)
        }
        // Legend under the panel.
        for (row, series) in panel.series.enumerated() {
            out += legendEntrySVG(x: frame.left, y: bottom + Self.marginBottom + Self.lineHeight * Double(row),
                                  style: series.style, color: series.color, label: series.label)
        }
        return out + "</g>\n"
    }
}

private func f(_ value: Double) -> String { svgNumber(value) }
