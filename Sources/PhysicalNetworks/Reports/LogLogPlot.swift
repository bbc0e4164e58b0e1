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
    public enum Style: Sendable, Equatable {
        /// Markers joined by a solid line.
        case markers(Marker)
        /// A dashed line through the points, no markers (a reference law).
        case dashed
        /// A dotted line through the points, no markers.
        case dotted
    }

    public enum Marker: Sendable, Equatable {
        case circle, square
    }

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
    public struct Axis: Sendable, Equatable {
        public var lowerDecade: Int
        public var upperDecade: Int

        /// The smallest whole-decade range holding `values` (positive, finite ones; [1, 10]
        /// when there are none), at least one decade wide.
        public init(covering values: [Double]) {
            let logs = values.filter { $0 > 0 && $0.isFinite }.map { log10($0) }
            guard let low = logs.min(), let high = logs.max() else {
                (lowerDecade, upperDecade) = (0, 1)
                return
            }
            // A little slack so that a value at 10^k·(1 ± 1e-12) does not open a new decade.
            lowerDecade = Int((low + 1e-9).rounded(.down))
            upperDecade = max(Int((high - 1e-9).rounded(.up)), lowerDecade + 1)
        }

        /// The decades 10^k, k = lowerDecade…upperDecade, where the ticks go.
        public var decades: [Int] { Array(lowerDecade...upperDecade) }

        /// Where `value` falls, 0 at 10^lowerDecade and 1 at 10^upperDecade.
        public func fraction(_ value: Double) -> Double {
            (log10(value) - Double(lowerDecade)) / Double(upperDecade - lowerDecade)
        }
    }

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
        let right = frame.left + frame.width, bottom = frame.top + frame.height
        var out = "<g class=\"panel\">\n"
        out += "<text x=\"\(f(frame.left + frame.width / 2))\" y=\"\(f(frame.top - 12))\" text-anchor=\"middle\" "
            + "font-weight=\"bold\">\(xmlEscaped(panel.title))</text>\n"
        // Decade ticks and grid lines.
        for k in xAxis.decades {
            let x = frame.left + frame.width * Double(k - xAxis.lowerDecade) / Double(xAxis.upperDecade - xAxis.lowerDecade)
            out += "<line x1=\"\(f(x))\" y1=\"\(f(frame.top))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\" stroke=\"#dddddd\"/>\n"
            out += "<line x1=\"\(f(x))\" y1=\"\(f(bottom))\" x2=\"\(f(x))\" y2=\"\(f(bottom + 5))\" stroke=\"black\"/>\n"
            out += "<text class=\"xtick\" x=\"\(f(x))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\">"
                + "10<tspan dy=\"-6\" font-size=\"9\">\(k)</tspan></text>\n"
        }
        for k in yAxis.decades {
            let y = bottom - frame.height * Double(k - yAxis.lowerDecade) / Double(yAxis.upperDecade - yAxis.lowerDecade)
            out += "<line x1=\"\(f(frame.left))\" y1=\"\(f(y))\" x2=\"\(f(right))\" y2=\"\(f(y))\" stroke=\"#dddddd\"/>\n"
            out += "<line x1=\"\(f(frame.left - 5))\" y1=\"\(f(y))\" x2=\"\(f(frame.left))\" y2=\"\(f(y))\" stroke=\"black\"/>\n"
            out += "<text class=\"ytick\" x=\"\(f(frame.left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">"
                + "10<tspan dy=\"-6\" font-size=\"9\">\(k)</tspan></text>\n"
        }
        // Minor ticks at 2…9 × 10^k, unlabelled.
        for k in xAxis.lowerDecade..<xAxis.upperDecade {
            for m in 2...9 {
                let x = frame.left + frame.width * xAxis.fraction(Double(m) * pow(10, Double(k)))
                out += "<line x1=\"\(f(x))\" y1=\"\(f(bottom))\" x2=\"\(f(x))\" y2=\"\(f(bottom + 3))\" stroke=\"black\"/>\n"
            }
        }
        for k in yAxis.lowerDecade..<yAxis.upperDecade {
            for m in 2...9 {
                let y = bottom - frame.height * yAxis.fraction(Double(m) * pow(10, Double(k)))
                out += "<line x1=\"\(f(frame.left - 3))\" y1=\"\(f(y))\" x2=\"\(f(frame.left))\" y2=\"\(f(y))\" stroke=\"black\"/>\n"
            }
        }
        out += "<rect x=\"\(f(frame.left))\" y=\"\(f(frame.top))\" width=\"\(f(frame.width))\" "
            + "height=\"\(f(frame.height))\" fill=\"none\" stroke=\"black\"/>\n"
        out += "<text x=\"\(f(frame.left + frame.width / 2))\" y=\"\(f(bottom + 38))\" text-anchor=\"middle\">"
            + "\(xmlEscaped(panel.xLabel))</text>\n"
        let yLabelX = frame.left - 52, yLabelY = frame.top + frame.height / 2
        out += "<text x=\"\(f(yLabelX))\" y=\"\(f(yLabelY))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 \(f(yLabelX)) \(f(yLabelY)))\">\(xmlEscaped(panel.yLabel))</text>\n"
        // Series.
        for series in panel.series {
            let pixels = series.points.filter(\.isPlottable).map { position(of: $0, inPanel: index) }
            guard !pixels.isEmpty else { continue }
            let path = pixels.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")
            switch series.style {
            case .markers(let marker):
                if pixels.count > 1 {
                    out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"1.5\"/>\n"
                }
                for p in pixels {
                    switch marker {
                    case .circle:
                        out += "<circle class=\"point\" cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"3.5\" fill=\"\(series.color)\"/>\n"
                    case .square:
                        out += "<rect class=\"point\" x=\"\(f(p.x - 3.5))\" y=\"\(f(p.y - 3.5))\" width=\"7\" height=\"7\" "
                            + "fill=\"\(series.color)\"/>\n"
                    }
                }
            case .dashed, .dotted:
                let dash = series.style == .dashed ? "6,4" : "2,3"
                out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"1.2\" "
                    + "stroke-dasharray=\"\(dash)\"/>\n"
            }
        }
        // Legend under the panel.
        for (row, series) in panel.series.enumerated() {
            let y = bottom + Self.marginBottom + Self.lineHeight * Double(row)
            let x = frame.left
            switch series.style {
            case .markers(.circle):
                out += "<circle cx=\"\(f(x + 8))\" cy=\"\(f(y - 4))\" r=\"3.5\" fill=\"\(series.color)\"/>\n"
            case .markers(.square):
                out += "<rect x=\"\(f(x + 4.5))\" y=\"\(f(y - 7.5))\" width=\"7\" height=\"7\" fill=\"\(series.color)\"/>\n"
            case .dashed, .dotted:
                let dash = series.style == .dashed ? "6,4" : "2,3"
                out += "<line x1=\"\(f(x))\" y1=\"\(f(y - 4))\" x2=\"\(f(x + 18))\" y2=\"\(f(y - 4))\" "
                    + "stroke=\"\(series.color)\" stroke-dasharray=\"\(dash)\"/>\n"
            }
            out += "<text x=\"\(f(x + 24))\" y=\"\(f(y))\" font-size=\"10\">\(xmlEscaped(series.label))</text>\n"
        }
        return out + "</g>\n"
    }
}

/// A coordinate with two decimals.
private func f(_ value: Double) -> String { String(format: "%.2f", value) }

/// Text made safe for XML character data and attributes.
private func xmlEscaped(_ text: String) -> String {
    var out = ""
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.append(character)
        }
    }
    return out
}
