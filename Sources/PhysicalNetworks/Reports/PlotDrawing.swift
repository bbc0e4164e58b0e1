import Foundation

/// How a plotted series is drawn (shared by `LogLogPlot` and `LinePlot`).
public enum PlotStyle: Sendable, Equatable {
    /// Markers joined by a solid line.
    case markers(PlotMarker)
    /// A solid line through the points, no markers.
    case line
    /// A dashed line through the points, no markers (e.g. a reference law).
    case dashed
    /// A dotted line through the points, no markers.
    case dotted
}

public enum PlotMarker: Sendable, Equatable {
    case circle, square
}

extension PlotStyle {
    /// Ten distinguishable colors (matplotlib's "tab10"), used in order for series and bar parts.
    public static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
}

/// The plotting area of a panel in pixels (SVG: y grows downwards), and the SVG of its axes.
struct PlotFrame: Sendable {
    var left: Double, top: Double, width: Double, height: Double

    var right: Double { left + width }
    var bottom: Double { top + height }

    /// The pixel at fractions (fx, fy) of the axes (0, 0 the lower left corner).
    func pixel(_ fx: Double, _ fy: Double) -> (x: Double, y: Double) {
        (left + width * fx, bottom - height * fy)
    }

    /// Grid lines, ticks and tick labels (classes `xtick`, `ytick`), the frame, and the axis
    /// labels. A nil axis draws no ticks on that side (e.g. the category side of a bar chart).
    func axesSVG(x xAxis: (any PlotAxis)?, y yAxis: (any PlotAxis)?, xLabel: String, yLabel: String) -> String {
        var out = ""
        for tick in xAxis?.ticks ?? [] {
            let x = left + width * tick.fraction
            out += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(bottom))\" stroke=\"#dddddd\"/>\n"
            out += "<line x1=\"\(f(x))\" y1=\"\(f(bottom))\" x2=\"\(f(x))\" y2=\"\(f(bottom + 5))\" stroke=\"black\"/>\n"
            out += "<text class=\"xtick\" x=\"\(f(x))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\">\(tick.label)</text>\n"
        }
        for tick in yAxis?.ticks ?? [] {
            let y = bottom - height * tick.fraction
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(right))\" y2=\"\(f(y))\" stroke=\"#dddddd\"/>\n"
            out += "<line x1=\"\(f(left - 5))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\" stroke=\"black\"/>\n"
            out += "<text class=\"ytick\" x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(tick.label)</text>\n"
        }
        for fraction in xAxis?.minorTickFractions ?? [] {
            let x = left + width * fraction
            out += "<line x1=\"\(f(x))\" y1=\"\(f(bottom))\" x2=\"\(f(x))\" y2=\"\(f(bottom + 3))\" stroke=\"black\"/>\n"
        }
        for fraction in yAxis?.minorTickFractions ?? [] {
            let y = bottom - height * fraction
            out += "<line x1=\"\(f(left - 3))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\" stroke=\"black\"/>\n"
        }
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width))\" height=\"\(f(height))\" "
            + "fill=\"none\" stroke=\"black\"/>\n"
        out += "<text x=\"\(f(left + width / 2))\" y=\"\(f(bottom + 38))\" text-anchor=\"middle\">\(xmlEscaped(xLabel))</text>\n"
        if !yLabel.isEmpty {
            let yLabelX = left - 52, yLabelY = top + height / 2
            out += "<text x=\"\(f(yLabelX))\" y=\"\(f(yLabelY))\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 \(f(yLabelX)) \(f(yLabelY)))\">\(xmlEscaped(yLabel))</text>\n"
        }
        return out
    }
}

/// A series' lines and markers through `segments` (runs of consecutive drawable pixels; a line
/// never bridges a gap between runs). Markers have class `point`.
func seriesSVG(_ segments: [[(x: Double, y: Double)]], style: PlotStyle, color: String) -> String {
    var out = ""
    for pixels in segments where !pixels.isEmpty {
        let path = pixels.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")
        switch style {
        case .markers(let marker):
            if pixels.count > 1 {
                out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
            }
            for p in pixels {
                switch marker {
                case .circle:
                    out += "<circle class=\"point\" cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"3.5\" fill=\"\(color)\"/>\n"
                case .square:
                    out += "<rect class=\"point\" x=\"\(f(p.x - 3.5))\" y=\"\(f(p.y - 3.5))\" width=\"7\" height=\"7\" "
                        + "fill=\"\(color)\"/>\n"
                }
            }
        case .line, .dashed, .dotted:
            if pixels.count == 1 {  // a lone point of a line would be invisible
                out += "<circle cx=\"\(f(pixels[0].x))\" cy=\"\(f(pixels[0].y))\" r=\"2\" fill=\"\(color)\"/>\n"
                continue
            }
            out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(style == .line ? "1.8" : "1.2")\""
                + (dashArray(style).map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>\n"
        }
    }
    return out
}

/// A legend row: the series' swatch at (x, y − 4) and its label to the right, baseline at y.
func legendEntrySVG(x: Double, y: Double, style: PlotStyle, color: String, label: String) -> String {
    var out: String
    switch style {
    case .markers(.circle):
        out = "<circle cx=\"\(f(x + 8))\" cy=\"\(f(y - 4))\" r=\"3.5\" fill=\"\(color)\"/>\n"
    case .markers(.square):
        out = "<rect x=\"\(f(x + 4.5))\" y=\"\(f(y - 7.5))\" width=\"7\" height=\"7\" fill=\"\(color)\"/>\n"
    case .line, .dashed, .dotted:
        out = "<line x1=\"\(f(x))\" y1=\"\(f(y - 4))\" x2=\"\(f(x + 18))\" y2=\"\(f(y - 4))\" stroke=\"\(color)\" "
            + "stroke-width=\"1.8\"" + (dashArray(style).map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>\n"
    }
    out += "<text x=\"\(f(x + 24))\" y=\"\(f(y))\" font-size=\"10\">\(xmlEscaped(label))</text>\n"
    return out
}

private func dashArray(_ style: PlotStyle) -> String? {
    switch style {
    case .dashed: "6,4"
    case .dotted: "2,3"
    case .markers, .line: nil
    }
}

/// The opening `<svg>` tag of a figure `width × height` pixels, with an optional `id` and a
/// `<title>` (what screen readers and browsers' tooltips show), and its white background.
func svgOpening(width: Double, height: Double, id: String?, title: String) -> String {
    let idAttribute = id.map { " id=\"\(xmlEscaped($0))\"" } ?? ""
    return """
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1"\(idAttribute) width="\(f(width))" height="\(f(height))" \
        viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <title>\(xmlEscaped(title))</title>
        <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="white"/>

        """
}

/// A coordinate with two decimals.
func svgNumber(_ value: Double) -> String { String(format: "%.2f", value) }

private func f(_ value: Double) -> String { svgNumber(value) }

/// Text made safe for XML (and HTML) character data and attributes.
func xmlEscaped(_ text: String) -> String {
    var out = ""
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}
