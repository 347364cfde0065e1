import Testing
@testable import ClientValue

@Suite("SVGChart")
struct SVGChartTests {
    @Test("nice steps are 1, 2 or 5 times a power of ten", arguments: [
        (0.7, 0.5), (1.2, 1.0), (2.9, 2.0), (4.0, 5.0), (8.0, 10.0), (23.0, 20.0), (0.013, 0.01), (340.0, 200.0), (400.0, 500.0),
    ])
    func niceStep(_ raw: Double, _ expected: Double) {
        #expect(abs(SVGChart.niceStep(raw) - expected) < 1e-12)
    }

    @Test("a scale maps its domain's ends to its range's ends, also reversed for y")
    func scale() {
        let x = SVGChart.Scale(domain: 0...10, range: SVGChart.Span(50, 150))
        #expect(x(0) == 50 && x(10) == 150 && x(5) == 100)
        let y = SVGChart.Scale(domain: 0...100, range: SVGChart.Span(300, 20))
        #expect(y(0) == 300 && y(100) == 20)
        #expect(x.ticks == [0, 2, 4, 6, 8, 10])
    }

    @Test("a covering scale pads to nice ends, includes zero when asked, and survives one value or none")
    func covering() {
        let s = SVGChart.Scale(covering: [3, 47], range: SVGChart.Span(0, 100))
        #expect(s.domain == 0...50)
        #expect(SVGChart.Scale(covering: [20, 30], range: SVGChart.Span(0, 1), includeZero: true).domain.lowerBound == 0)
        let single = SVGChart.Scale(covering: [7], range: SVGChart.Span(0, 100))
        #expect(single.domain.lowerBound < 7 && single.domain.upperBound > 7)
        let empty = SVGChart.Scale(covering: [], range: SVGChart.Span(0, 100))
        #expect(empty.domain.upperBound > empty.domain.lowerBound && !empty.ticks.isEmpty)
    }

    @Test("axes, series and bars render; an empty series draws nothing; one point draws a dot")
    func rendering() {
        var chart = SVGChart(width: 200, height: 100, title: "T <1>", description: "D & d")
        let x = SVGChart.Scale(domain: 0...4, range: chart.plotX), y = SVGChart.Scale(domain: 0...10, range: chart.plotY)
        chart.axes(x: x, y: y, xLabel: "x", yLabel: "y")
        chart.line([], x: x, y: y)
        #expect(!chart.svg.contains("<polyline"))
        chart.line([SVGChart.Point(2, 5)], x: x, y: y)
        #expect(chart.svg.contains("<polyline") && chart.svg.contains("<circle"))
        chart.bars([SVGChart.Point(1, 4)], barWidth: 0.5, x: x, y: y)
        let svg = chart.svg
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 200.0 100.0\""))
        #expect(svg.contains("<title>T &lt;1&gt;</title><desc>D &amp; d</desc>"))
        #expect(svg.contains("<rect class=\"bar\""))
        #expect(svg.hasSuffix("</svg>"))
    }

    @Test("the same chart always gives the same bytes")
    func deterministic() {
        func draw() -> String {
            var chart = SVGChart(title: "t", description: "d")
            let x = SVGChart.Scale(covering: [1, 2, 3], range: chart.plotX), y = SVGChart.Scale(covering: [0.1, 0.7], range: chart.plotY)
            chart.axes(x: x, y: y, xLabel: "a", yLabel: "b")
            chart.band(x: [1, 2, 3], lower: [0.1, 0.2, 0.3], upper: [0.5, 0.6, 0.7], x: x, y: y)
            chart.line([SVGChart.Point(1, 0.3), SVGChart.Point(2, 0.4), SVGChart.Point(3, 0.5)], x: x, y: y)
            return chart.svg
        }
        #expect(draw() == draw())
    }
}
