/// A small, deterministic SVG chart renderer for the HTML report: line charts with an
/// interval band, bar charts, scatter plots with a fitted line, and step curves. Numbers are
/// written with fixed decimals, so the same data always gives the same bytes.
///
/// Every chart carries a `<title>` and a `<desc>` (its text alternative) and `role="img"`.
///
/// Sizes and positions are in SVG points (user units of the `viewBox`); data values are
/// mapped onto them by a ``Scale``. Build a chart by adding parts in drawing order, then take
/// ``svg``. Colours come from CSS classes that ``HTMLReport`` styles (`series`, `band`,
/// `dot`, `fit`, `bar`, `promoter`, `passive`, `detractor`, `marker`).
///
/// ```swift
/// let years: [Double] = [2022, 2023, 2024]
/// let scores: [Double] = [31.5, 38.2, 42.0]
/// var chart = SVGChart(title: "NPS by year", description: "2022: 31.5; 2023: 38.2; 2024: 42.0")
/// let x = SVGChart.Scale(covering: years, range: chart.plotX)
/// let y = SVGChart.Scale(covering: scores, range: chart.plotY, includeZero: true)
/// chart.axes(x: x, y: y, xLabel: "year", yLabel: "NPS (points)")
/// chart.line(zip(years, scores).map { SVGChart.Point($0, $1) }, x: x, y: y)
/// let svg = chart.svg   // "<svg xmlns=...>...</svg>", to put in an HTML page
/// ```
package struct SVGChart: Sendable {
    /// A data point, in data units (not SVG points): a year and a score, a score and a
    /// client's value.
    package struct Point: Sendable, Hashable {
        /// The horizontal value, in the x scale's data units.
        package var x: Double
        /// The vertical value, in the y scale's data units.
        package var y: Double
        /// The point at (`x`, `y`) in data units.
        ///
        /// - Parameters:
        ///   - x: the horizontal value.
        ///   - y: the vertical value.
        package init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// Pixels from `from` to `to`; `to` may be smaller (y grows downwards).
    package struct Span: Sendable, Hashable {
        /// The SVG coordinate, in points, that a scale's domain's lower end maps to.
        package var from: Double
        /// The SVG coordinate, in points, that a scale's domain's upper end maps to.
        package var to: Double
        /// The span of SVG points from `from` to `to`.
        ///
        /// - Parameters:
        ///   - from: the coordinate of the low end of the data, in points.
        ///   - to: the coordinate of the high end of the data, in points; smaller than `from`
        ///     for a vertical axis, where y grows downwards.
        package init(_ from: Double, _ to: Double) {
            self.from = from
            self.to = to
        }
    }

    /// A linear map from data to pixels.
    ///
    /// `scale(v) = range.from + (v − domain.lowerBound) / (domain.upperBound − domain.lowerBound)
    /// × (range.to − range.from)`; values outside the domain map outside the range.
    package struct Scale: Sendable, Hashable {
        /// The data values the axis covers, such as `0...10` for scores or `2021...2025` for
        /// years.
        package var domain: ClosedRange<Double>
        /// The SVG points the domain is drawn over, usually ``SVGChart/plotX`` or
        /// ``SVGChart/plotY``.
        package var range: Span

        /// A scale over `values` padded to "nice" ends; a single value or none gets a unit span.
        ///
        /// The ends are rounded out to multiples of a step of 1, 2 or 5 × 10^k, about a fifth
        /// of the data's spread: values from 31.5 to 42 give the domain `30...42`.
        ///
        /// - Parameters:
        ///   - values: the data the axis must show; their smallest and largest set the domain.
        ///   - range: the SVG points to draw the domain over.
        ///   - includeZero: whether the domain must reach 0, as bars and counts need.
        /// - Complexity: O(n) in the number of values.
        package init(covering values: [Double], range: Span, includeZero: Bool = false) {
            var low = values.min() ?? 0, high = values.max() ?? 1
            if includeZero { low = min(low, 0); high = max(high, 0) }
            if !(high > low) { low -= 0.5; high += 0.5 }
            let step = SVGChart.niceStep((high - low) / 5)
            domain = (low / step).rounded(.down) * step...(high / step).rounded(.up) * step
            self.range = range
        }

        /// A scale over a fixed domain, for axes with known ends such as scores `0...10` or
        /// percentages `0...100`.
        ///
        /// - Parameters:
        ///   - domain: the data values to cover, exactly as given.
        ///   - range: the SVG points to draw the domain over.
        package init(domain: ClosedRange<Double>, range: Span) {
            self.domain = domain
            self.range = range
        }

        /// The SVG coordinate, in points, of a data value: `scale(42)`.
        ///
        /// - Parameter value: a value in data units.
        /// - Returns: the coordinate along the range; the middle of the range when the domain
        ///   is a single value.
        package func callAsFunction(_ value: Double) -> Double {
            let span = domain.upperBound - domain.lowerBound
            guard span > 0 else { return (range.from + range.to) / 2 }
            return range.from + (value - domain.lowerBound) / span * (range.to - range.from)
        }

        /// Tick values: multiples of a nice step inside the domain.
        package var ticks: [Double] {
            let step = SVGChart.niceStep((domain.upperBound - domain.lowerBound) / 5)
            guard step > 0, step.isFinite else { return [domain.lowerBound] }
            var values: [Double] = []
            var v = (domain.lowerBound / step).rounded(.up) * step
            while v <= domain.upperBound + step * 1e-9 && values.count < 50 {
                values.append(abs(v) < step * 1e-9 ? 0 : v)
                v += step
            }
            return values
        }
    }

    /// The chart's width in SVG points; 640 by default.
    package let width: Double
    /// The chart's height in SVG points; 320 by default.
    package let height: Double
    /// The chart's title, written as the SVG `<title>` that screen readers and tooltips show.
    package let title: String
    /// The chart's text alternative, written as the SVG `<desc>`: the numbers the chart shows,
    /// in words, for readers who cannot see it.
    package let description: String
    let margin = (left: 56.0, right: 16.0, top: 16.0, bottom: 40.0)
    private var body = ""

    /// An empty chart of the given size, with room for axis labels around the plot area.
    ///
    /// - Parameters:
    ///   - width: the width in SVG points.
    ///   - height: the height in SVG points.
    ///   - title: the chart's title, for the SVG `<title>`.
    ///   - description: the chart's text alternative, for the SVG `<desc>`.
    package init(width: Double = 640, height: Double = 320, title: String, description: String) {
        self.width = width
        self.height = height
        self.title = title
        self.description = description
    }

    /// The plot area's horizontal span in SVG points, inside the margins: the range to give
    /// an x ``Scale``.
    package var plotX: Span { Span(margin.left, width - margin.right) }
    /// Pixel y grows downwards: the span runs from the bottom to the top.
    package var plotY: Span { Span(height - margin.bottom, margin.top) }

    /// A step of 1, 2 or 5 × 10^k close to `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        let f = raw / power
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power
    }

    static func number(_ value: Double) -> String { NumberText.fixed(value, places: 1) }

    /// `text` with `&`, `<`, `>` and `"` written as entities; text without any of their bytes,
    /// as most is, is returned as it is without going through its characters.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") })
        else { return text }
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    // MARK: Parts

    /// Axes with ticks and labels, and optional axis titles.
    ///
    /// Ticks fall on multiples of a step of 1, 2 or 5 × 10^k inside each scale's domain; the
    /// y ticks get light grid lines across the plot.
    ///
    /// - Parameters:
    ///   - x: the horizontal scale.
    ///   - y: the vertical scale.
    ///   - xLabel: the title under the x axis, such as `"year"`; empty for none.
    ///   - yLabel: the title beside the y axis, such as `"NPS (points)"`; empty for none.
    ///   - xTickLabel: the text of an x tick from its value; whole numbers by default.
    ///   - yTickLabel: the text of a y tick from its value; whole numbers by default.
    package mutating func axes(x: Scale, y: Scale, xLabel: String, yLabel: String, xTickLabel: (Double) -> String = { NumberText.fixed($0, places: 0) },
                              yTickLabel: (Double) -> String = { NumberText.fixed($0, places: 0) }) {
        let n = Self.number
        body += "<g class=\"axes\">"
        body += "<line x1=\"\(n(plotX.from))\" y1=\"\(n(plotY.from))\" x2=\"\(n(plotX.to))\" y2=\"\(n(plotY.from))\"/>"
        body += "<line x1=\"\(n(plotX.from))\" y1=\"\(n(plotY.from))\" x2=\"\(n(plotX.from))\" y2=\"\(n(plotY.to))\"/>"
        for t in x.ticks {
            let px = x(t)
            body += "<line x1=\"\(n(px))\" y1=\"\(n(plotY.from))\" x2=\"\(n(px))\" y2=\"\(n(plotY.from + 4))\"/>"
            body += "<text x=\"\(n(px))\" y=\"\(n(plotY.from + 16))\" text-anchor=\"middle\">\(Self.escape(xTickLabel(t)))</text>"
        }
        for t in y.ticks {
            let py = y(t)
            body += "<line class=\"grid\" x1=\"\(n(plotX.from))\" y1=\"\(n(py))\" x2=\"\(n(plotX.to))\" y2=\"\(n(py))\"/>"
            body += "<text x=\"\(n(plotX.from - 6))\" y=\"\(n(py + 4))\" text-anchor=\"end\">\(Self.escape(yTickLabel(t)))</text>"
        }
        body += "<text x=\"\(n((plotX.from + plotX.to) / 2))\" y=\"\(n(height - 6))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>"
        body += "<text transform=\"translate(14 \(n((plotY.from + plotY.to) / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(yLabel))</text>"
        body += "</g>"
    }

    /// A polyline through the points (sorted by x by the caller).
    ///
    /// A single point is drawn as a small circle, so that a one-year trend still shows.
    ///
    /// - Parameters:
    ///   - points: the data points, in data units; nothing is drawn when empty.
    ///   - x: the horizontal scale.
    ///   - y: the vertical scale.
    ///   - cssClass: the CSS class of the line: `series` (blue) or `fit` (red, for a fitted line).
    package mutating func line(_ points: [Point], x: Scale, y: Scale, cssClass: String = "series") {
        guard !points.isEmpty else { return }
        let coords = points.map { "\(Self.number(x($0.x))),\(Self.number(y($0.y)))" }.joined(separator: " ")
        body += "<polyline class=\"\(cssClass)\" fill=\"none\" points=\"\(coords)\"/>"
        if points.count == 1 { circle(points[0], x: x, y: y, radius: 3, cssClass: cssClass) }
    }

    /// A filled band between lower and upper values at each x.
    ///
    /// Used for confidence intervals, such as the NPS's 95% interval by year. Nothing is drawn
    /// when the three arrays are empty or of different lengths.
    ///
    /// - Parameters:
    ///   - xs: the x values, in data units, sorted by the caller (argument label `x:`).
    ///   - lower: the band's lower edge at each x.
    ///   - upper: the band's upper edge at each x.
    ///   - x: the horizontal scale.
    ///   - y: the vertical scale.
    package mutating func band(x xs: [Double], lower: [Double], upper: [Double], x: Scale, y: Scale) {
        guard !xs.isEmpty, xs.count == lower.count, xs.count == upper.count else { return }
        let top = zip(xs, upper).map { "\(Self.number(x($0))),\(Self.number(y($1)))" }
        let bottom = zip(xs, lower).reversed().map { "\(Self.number(x($0))),\(Self.number(y($1)))" }
        body += "<polygon class=\"band\" points=\"\((top + bottom).joined(separator: " "))\"/>"
    }

    /// A dot at a data point, for scatter plots; the label becomes its tooltip.
    ///
    /// - Parameters:
    ///   - point: where to draw it, in data units.
    ///   - x: the horizontal scale.
    ///   - y: the vertical scale.
    ///   - radius: the radius in SVG points, for example scaled by a client's value.
    ///   - cssClass: the CSS class: `dot` (translucent blue) by default.
    ///   - label: the tooltip text, such as a client id and its figures; none when `nil`.
    package mutating func circle(_ point: Point, x: Scale, y: Scale, radius: Double, cssClass: String = "dot", label: String? = nil) {
        body += "<circle class=\"\(cssClass)\" cx=\"\(Self.number(x(point.x)))\" cy=\"\(Self.number(y(point.y)))\" r=\"\(Self.number(radius))\">"
        if let label { body += "<title>\(Self.escape(label))</title>" }
        body += "</circle>"
    }

    /// Vertical bars centred on each x, `barWidth` in data units.
    ///
    /// Bars rise from 0 to each point's y (negative values draw no height); each carries a
    /// tooltip `x: y`.
    ///
    /// - Parameters:
    ///   - points: one point per bar: its centre x and its height y, in data units.
    ///   - barWidth: each bar's width in x data units, such as 0.8 for whole-number scores.
    ///   - x: the horizontal scale.
    ///   - y: the vertical scale.
    ///   - cssClass: the CSS class of each bar from its point, such as the NPS category of a
    ///     score; `bar` by default.
    package mutating func bars(_ points: [Point], barWidth: Double, x: Scale, y: Scale, cssClass: (Point) -> String = { _ in "bar" }) {
        let n = Self.number
        for p in points {
            let left = x(p.x - barWidth / 2), right = x(p.x + barWidth / 2)
            let top = y(max(p.y, 0)), base = y(0)
            body += "<rect class=\"\(cssClass(p))\" x=\"\(n(left))\" y=\"\(n(min(top, base)))\" width=\"\(n(max(0, right - left)))\" height=\"\(n(abs(base - top)))\">"
            body += "<title>\(NumberText.fixed(p.x, places: 0)): \(NumberText.fixed(p.y, places: 0))</title></rect>"
        }
    }

    /// A labelled vertical marker line across the plot, such as a score threshold or the
    /// end of the A clients on a Pareto curve.
    ///
    /// - Parameters:
    ///   - value: the x value to mark, in data units (argument label `atX:`).
    ///   - x: the horizontal scale.
    ///   - label: the text shown at the top of the line.
    package mutating func marker(atX value: Double, x: Scale, label: String) {
        let px = Self.number(x(value))
        body += "<line class=\"marker\" x1=\"\(px)\" y1=\"\(Self.number(plotY.from))\" x2=\"\(px)\" y2=\"\(Self.number(plotY.to))\"/>"
        body += "<text class=\"marker-label\" x=\"\(px)\" y=\"\(Self.number(plotY.to + 10))\" text-anchor=\"middle\">\(Self.escape(label))</text>"
    }

    /// Free text at a data point.
    ///
    /// - Parameters:
    ///   - text: the text to show; it is escaped.
    ///   - point: where the text starts, in data units.
    ///   - x: the horizontal scale.
    ///   - y: the vertical scale.
    package mutating func note(_ text: String, at point: Point, x: Scale, y: Scale) {
        body += "<text class=\"note\" x=\"\(Self.number(x(point.x)))\" y=\"\(Self.number(y(point.y)))\">\(Self.escape(text))</text>"
    }

    /// The finished `<svg>` element.
    package var svg: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
            + "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\">"
            + "<title>\(Self.escape(title))</title><desc>\(Self.escape(description))</desc>" + body + "</svg>"
    }
}
