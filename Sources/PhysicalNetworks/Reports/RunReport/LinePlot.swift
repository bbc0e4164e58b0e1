import Foundation

/// An SVG line plot of several named series on one pair of axes, each axis linear or
/// logarithmic, with a legend under the plot. Points that cannot be drawn (NaN or infinite, or
/// ≤ 0 on a logarithmic axis) are left out, and a line never bridges the gap they leave.
///
/// A point (x, y) lands at `left + width·X(x)` across and `top + height·(1 − Y(y))` down, where
/// X and Y are the axes' fractions (`LinearAxis`: nice 1-2-5 ticks holding every drawn value;
/// `LogAxis`: whole decades).
public struct LinePlot: Sendable {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double

        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
    }

    public struct Series: Sendable {
        public var label: String
        public var points: [Point]
        public var style: PlotStyle
        /// An SVG color, e.g. `#1f77b4`.
        public var color: String

        public init(label: String, points: [Point], style: PlotStyle = .line, color: String) {
            self.label = label
            self.points = points
            self.style = style
            self.color = color
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var xScale: AxisScale
    public var yScale: AxisScale
    /// Values the y axis must hold besides the data (e.g. 0 and 1 for an accuracy).
    public var yIncludes: [Double]
    /// Whether a linear x axis ticks whole numbers only (epochs).
    public var integerX = false
    /// The plotting area, in pixels.
    public var plotWidth = 520.0
    public var plotHeight = 260.0

    public init(title: String, xLabel: String, yLabel: String, series: [Series],
                xScale: AxisScale = .linear, yScale: AxisScale = .linear, yIncludes: [Double] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xScale = xScale
        self.yScale = yScale
        self.yIncludes = yIncludes
    }

    static let marginLeft = 80.0, marginRight = 20.0, marginTop = 40.0, marginBottom = 50.0
    static let lineHeight = 16.0

    /// The points of `series` that both axes can draw.
    private func drawable(_ points: [Point]) -> [Point] {
        let probeX = makeAxis(xScale, covering: []), probeY = makeAxis(yScale, covering: [])
        return points.filter { probeX.canPlot($0.x) && probeY.canPlot($0.y) }
    }

    /// The axes: the smallest nice (linear) or whole-decade (logarithmic) ranges holding every
    /// drawable point (and `yIncludes`).
    func axes() -> (x: any PlotAxis, y: any PlotAxis) {
        let points = series.flatMap { drawable($0.points) }
        let probeY = makeAxis(yScale, covering: [])
        return (makeAxis(xScale, covering: points.map(\.x), integerSteps: integerX),
                makeAxis(yScale, covering: points.map(\.y) + yIncludes.filter(probeY.canPlot)))
    }

    /// The plotting area in pixels.
    var frame: PlotFrame {
        PlotFrame(left: Self.marginLeft, top: Self.marginTop, width: plotWidth, height: plotHeight)
    }

    /// Where `point` is drawn, in pixels (SVG: y grows downwards).
    public func position(of point: Point) -> (x: Double, y: Double) {
        let (xAxis, yAxis) = axes()
        return frame.pixel(xAxis.fraction(point.x), yAxis.fraction(point.y))
    }

    public var width: Double { Self.marginLeft + plotWidth + Self.marginRight }

    public var height: Double {
        Self.marginTop + plotHeight + Self.marginBottom + Self.lineHeight * Double(series.count) + 10
    }

    /// The figure as an `<svg>` element (no XML prolog, ready to inline in HTML; prepend
    /// `<?xml version="1.0" encoding="UTF-8"?>` for a standalone file).
    /// - Parameter id: the element's `id`, e.g. `fig-accuracy`.
    public func svg(id: String? = nil) -> String {
        let (xAxis, yAxis) = axes()
        let frame = frame
        var out = svgOpening(width: width, height: height, id: id, title: title)
        out += "<text x=\"\(f(frame.left + frame.width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" "
            + "font-weight=\"bold\">\(xmlEscaped(title))</text>\n"
        out += frame.axesSVG(x: xAxis, y: yAxis, xLabel: xLabel, yLabel: yLabel)
        for series in series {
            // Runs of consecutive drawable points.
            var segments: [[(x: Double, y: Double)]] = [[]]
            for point in series.points {
                if xAxis.canPlot(point.x) && yAxis.canPlot(point.y) {
                    segments[segments.count - 1].append(frame.pixel(xAxis.fraction(point.x), yAxis.fraction(point.y)))
                } else if !(segments.last?.isEmpty ?? true) {
                    segments.append([])
                }
            }
            out += seriesSVG(segments, style: series.style, color: series.color)
        }
        for (row, series) in series.enumerated() {
            out += legendEntrySVG(x: frame.left, y: frame.bottom + Self.marginBottom + Self.lineHeight * Double(row),
                                  style: series.style, color: series.color, label: series.label)
        }
        return out + "</svg>\n"
    }
}

private func f(_ value: Double) -> String { svgNumber(value) }
