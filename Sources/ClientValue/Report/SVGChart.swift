/// A small, deterministic SVG chart renderer for the HTML report: line charts with an
/// interval band, bar charts, scatter plots with a fitted line, and step curves. Numbers are
/// written with fixed decimals, so the same data always gives the same bytes.
///
/// Every chart carries a `<title>` and a `<desc>` (its text alternative) and `role="img"`.
public struct SVGChart: Sendable {
    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// Pixels from `from` to `to`; `to` may be smaller (y grows downwards).
    public struct Span: Sendable, Hashable {
        public var from: Double
        public var to: Double
        public init(_ from: Double, _ to: Double) {
            self.from = from
            self.to = to
        }
    }

    /// A linear map from data to pixels.
    public struct Scale: Sendable, Hashable {
        public var domain: ClosedRange<Double>
        public var range: Span

        /// A scale over `values` padded to "nice" ends; a single value or none gets a unit span.
        public init(covering values: [Double], range: Span, includeZero: Bool = false) {
            var low = values.min() ?? 0, high = values.max() ?? 1
            if includeZero { low = min(low, 0); high = max(high, 0) }
            if !(high > low) { low -= 0.5; high += 0.5 }
            let step = SVGChart.niceStep((high - low) / 5)
            domain = (low / step).rounded(.down) * step...(high / step).rounded(.up) * step
            self.range = range
        }

        public init(domain: ClosedRange<Double>, range: Span) {
            self.domain = domain
            self.range = range
        }

        public func callAsFunction(_ value: Double) -> Double {
            let span = domain.upperBound - domain.lowerBound
            guard span > 0 else { return (range.from + range.to) / 2 }
            return range.from + (value - domain.lowerBound) / span * (range.to - range.from)
        }

        /// Tick values: multiples of a nice step inside the domain.
        public var ticks: [Double] {
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

    public let width: Double
    public let height: Double
    public let title: String
    public let description: String
    let margin = (left: 56.0, right: 16.0, top: 16.0, bottom: 40.0)
    private var body = ""

    public init(width: Double = 640, height: Double = 320, title: String, description: String) {
        self.width = width
        self.height = height
        self.title = title
        self.description = description
    }

    public var plotX: Span { Span(margin.left, width - margin.right) }
    /// Pixel y grows downwards: the span runs from the bottom to the top.
    public var plotY: Span { Span(height - margin.bottom, margin.top) }

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

    static func escape(_ text: String) -> String {
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
    public mutating func axes(x: Scale, y: Scale, xLabel: String, yLabel: String, xTickLabel: (Double) -> String = { NumberText.fixed($0, places: 0) },
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
    public mutating func line(_ points: [Point], x: Scale, y: Scale, cssClass: String = "series") {
        guard !points.isEmpty else { return }
        let coords = points.map { "\(Self.number(x($0.x))),\(Self.number(y($0.y)))" }.joined(separator: " ")
        body += "<polyline class=\"\(cssClass)\" fill=\"none\" points=\"\(coords)\"/>"
        if points.count == 1 { circle(points[0], x: x, y: y, radius: 3, cssClass: cssClass) }
    }

    /// A filled band between lower and upper values at each x.
    public mutating func band(x xs: [Double], lower: [Double], upper: [Double], x: Scale, y: Scale) {
        guard !xs.isEmpty, xs.count == lower.count, xs.count == upper.count else { return }
        let top = zip(xs, upper).map { "\(Self.number(x($0))),\(Self.number(y($1)))" }
        let bottom = zip(xs, lower).reversed().map { "\(Self.number(x($0))),\(Self.number(y($1)))" }
        body += "<polygon class=\"band\" points=\"\((top + bottom).joined(separator: " "))\"/>"
    }

    public mutating func circle(_ point: Point, x: Scale, y: Scale, radius: Double, cssClass: String = "dot", label: String? = nil) {
        body += "<circle class=\"\(cssClass)\" cx=\"\(Self.number(x(point.x)))\" cy=\"\(Self.number(y(point.y)))\" r=\"\(Self.number(radius))\">"
        if let label { body += "<title>\(Self.escape(label))</title>" }
        body += "</circle>"
    }

    /// Vertical bars centred on each x, `barWidth` in data units.
    public mutating func bars(_ points: [Point], barWidth: Double, x: Scale, y: Scale, cssClass: (Point) -> String = { _ in "bar" }) {
        let n = Self.number
        for p in points {
            let left = x(p.x - barWidth / 2), right = x(p.x + barWidth / 2)
            let top = y(max(p.y, 0)), base = y(0)
            body += "<rect class=\"\(cssClass(p))\" x=\"\(n(left))\" y=\"\(n(min(top, base)))\" width=\"\(n(max(0, right - left)))\" height=\"\(n(abs(base - top)))\">"
            body += "<title>\(NumberText.fixed(p.x, places: 0)): \(NumberText.fixed(p.y, places: 0))</title></rect>"
        }
    }

    /// A labelled vertical or horizontal marker line.
    public mutating func marker(atX value: Double, x: Scale, label: String) {
        let px = Self.number(x(value))
        body += "<line class=\"marker\" x1=\"\(px)\" y1=\"\(Self.number(plotY.from))\" x2=\"\(px)\" y2=\"\(Self.number(plotY.to))\"/>"
        body += "<text class=\"marker-label\" x=\"\(px)\" y=\"\(Self.number(plotY.to + 10))\" text-anchor=\"middle\">\(Self.escape(label))</text>"
    }

    /// Free text at a data point.
    public mutating func note(_ text: String, at point: Point, x: Scale, y: Scale) {
        body += "<text class=\"note\" x=\"\(Self.number(x(point.x)))\" y=\"\(Self.number(y(point.y)))\">\(Self.escape(text))</text>"
    }

    /// The finished `<svg>` element.
    public var svg: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
            + "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\">"
            + "<title>\(Self.escape(title))</title><desc>\(Self.escape(description))</desc>" + body + "</svg>"
    }
}
