import Foundation

/// An SVG chart of horizontal bars, each a stack of named parts (e.g. the energy of one update
/// split into resistor heat of the free and nudged phases, capacitor charging, ...), with the
/// total printed at the bar's end and a legend of the parts under the chart. A part keeps its
/// color in every bar (colors go to part names in order of first appearance).
///
/// On a linear axis a part's length is its value. On a logarithmic axis (for totals that differ
/// by orders of magnitude, such as analog against digital hardware) a part runs from the sum of
/// the parts before it to that sum plus its value, and the first part starts at the axis' left
/// end: the bar's end sits at its total, but a part's length is no longer its share (a table
/// should give the parts). Parts ≤ 0 or not finite are not drawn.
public struct StackedBarChart: Sendable {
    public struct Part: Sendable, Equatable {
        public var name: String
        public var value: Double

        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    public struct Bar: Sendable, Equatable {
        public var label: String
        public var parts: [Part]

        public init(label: String, parts: [Part]) {
            self.label = label
            self.parts = parts
        }

        /// The sum of the drawable parts.
        public var total: Double { parts.map(\.value).filter { $0 > 0 && $0.isFinite }.reduce(0, +) }
    }

    public var title: String
    /// The value axis' label, e.g. `energy per update (J)`.
    public var valueLabel: String
    /// The unit printed after each bar's total (e.g. `J`); empty for none.
    public var unit: String
    public var bars: [Bar]
    public var scale: AxisScale
    /// The length of the value axis, in pixels.
    public var plotWidth = 420.0

    public init(title: String, valueLabel: String, unit: String = "", bars: [Bar], scale: AxisScale = .linear) {
        self.title = title
        self.valueLabel = valueLabel
        self.unit = unit
        self.bars = bars
        self.scale = scale
    }

    static let barHeight = 22.0, barGap = 14.0, marginTop = 40.0, marginBottom = 50.0, marginRight = 90.0
    static let lineHeight = 16.0

    /// Part names in order of first appearance, each with its palette color.
    public var partColors: [(name: String, color: String)] {
        var names: [String] = []
        for bar in bars { for part in bar.parts where !names.contains(part.name) { names.append(part.name) } }
        return names.enumerated().map { ($0.element, PlotStyle.palette[$0.offset % PlotStyle.palette.count]) }
    }

    /// The value axis: from 0 (linear), or from a decade below the smallest drawn part's end
    /// (logarithmic, so that every bar's first part has a visible length), to the largest total.
    func axis() -> any PlotAxis {
        var ends: [Double] = []
        for bar in bars {
            var sum = 0.0
            for part in bar.parts where part.value > 0 && part.value.isFinite {
                sum += part.value
                ends.append(sum)
            }
        }
        switch scale {
        case .linear: return makeAxis(.linear, covering: [0] + ends)
        case .logarithmic: return makeAxis(.logarithmic, covering: ends + [(ends.min() ?? 1) / 10])
        }
    }

    /// Room for the bar labels: about 6.5 px a character, between 80 and 460 px.
    var marginLeft: Double {
        min(max(Double(bars.map(\.label.count).max() ?? 0) * 6.5 + 16, 80), 460)
    }

    var frame: PlotFrame {
        PlotFrame(left: marginLeft, top: Self.marginTop, width: plotWidth,
                  height: Double(bars.count) * (Self.barHeight + Self.barGap) + Self.barGap)
    }

    public var width: Double { marginLeft + plotWidth + Self.marginRight }

    public var height: Double {
        Self.marginTop + frame.height + Self.marginBottom + Self.lineHeight * Double(partColors.count) + 10
    }

    /// The figure as an `<svg>` element (no XML prolog, ready to inline in HTML). Each drawn part
    /// is a `<rect class="bar-part">` with a `<title>` naming bar, part and value.
    /// - Parameter id: the element's `id`, e.g. `fig-energy-breakdown`.
    public func svg(id: String? = nil) -> String {
        let axis = axis()
        let frame = frame
        let colors = Dictionary(partColors.map { ($0.name, $0.color) }, uniquingKeysWith: { a, _ in a })
        var out = svgOpening(width: width, height: height, id: id, title: title)
        out += "<text x=\"\(f(frame.left + frame.width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" "
            + "font-weight=\"bold\">\(xmlEscaped(title))</text>\n"
        out += frame.axesSVG(x: axis, y: nil, xLabel: valueLabel, yLabel: "")
        for (row, bar) in bars.enumerated() {
            let top = frame.top + Self.barGap + Double(row) * (Self.barHeight + Self.barGap)
            out += "<text x=\"\(f(frame.left - 8))\" y=\"\(f(top + Self.barHeight / 2 + 4))\" text-anchor=\"end\">"
                + "\(xmlEscaped(bar.label))</text>\n"
            var sum = 0.0, start = 0.0
            for part in bar.parts where part.value > 0 && part.value.isFinite {
                sum += part.value
                let end = frame.left + frame.width * min(max(axis.fraction(sum), 0), 1)
                let tooltip = "\(bar.label): \(part.name) \(String(format: "%.3g", part.value)) \(unit)"
                out += "<rect class=\"bar-part\" x=\"\(f(frame.left + start))\" y=\"\(f(top))\" "
                    + "width=\"\(f(max(end - frame.left - start, 0)))\" height=\"\(f(Self.barHeight))\" "
                    + "fill=\"\(colors[part.name] ?? "#999999")\"><title>\(xmlEscaped(tooltip))</title></rect>\n"
                start = end - frame.left
            }
            out += "<text class=\"bar-total\" x=\"\(f(frame.left + start + 6))\" y=\"\(f(top + Self.barHeight / 2 + 4))\">"
                + "\(xmlEscaped(String(format: "%.3g", bar.total) + (unit.isEmpty ? "" : " " + unit)))</text>\n"
        }
        for (row, entry) in partColors.enumerated() {
            let y = frame.bottom + Self.marginBottom + Self.lineHeight * Double(row)
            out += "<rect x=\"\(f(frame.left + 4.5))\" y=\"\(f(y - 9))\" width=\"10\" height=\"10\" fill=\"\(entry.color)\"/>\n"
            out += "<text x=\"\(f(frame.left + 24))\" y=\"\(f(y))\" font-size=\"10\">\(xmlEscaped(entry.name))</text>\n"
        }
        return out + "</svg>\n"
    }
}

private func f(_ value: Double) -> String { svgNumber(value) }
