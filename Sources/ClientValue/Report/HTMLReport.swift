/// What the report shows; each part is optional, and a section whose inputs are missing says so.
///
/// Fill in the results you have computed from the firm's exports, then hand the content to
/// ``HTMLReport/render(_:)``. `clientvalue report DIR` fills every part it can from the
/// billing, survey and contact files it finds.
///
/// ```swift
/// let surveys = try SurveyTable.read(.file(path: "SampleData/surveys.csv"))
/// let asOf = Day(year: 2025, month: 12, day: 31)!
/// let nps = try NPSAnalysis(surveys, options: NPSAnalysisOptions(period: .year, asOf: asOf))
/// let content = ReportContent(title: "Key clients, Q4", asOf: asOf, nps: nps, surveys: surveys)
/// let html = HTMLReport.render(content)   // the NPS and score sections; the others say what they need
/// ```
public struct ReportContent: Sendable {
    /// The page's title, shown in the browser tab and as its heading, such as
    /// `"Client value report"`.
    public var title: String
    /// The day the report describes, printed under the title; the score distribution counts
    /// responses up to this day, and "last 12 months" means the twelve months to it.
    public var asOf: Day
    /// NPS at respondent level, grouped by year.
    public var nps: NPSAnalysis?
    /// The survey responses behind the 0–10 score distribution chart.
    public var surveys: SurveyTable?
    /// Every client's segment and the focus list: the value and loyalty chart, the segment
    /// table and the first 20 clients of the focus list.
    public var segmentation: Segmentation?
    /// The per-client features whose `mean_score` and `contacts_per_year` columns feed the
    /// value and loyalty chart and the contact and loyalty scatter plot (see
    /// ``contactLoyalty``).
    public var features: ClientFeatureTable?
    /// Revenue concentration over clients: the Pareto curve, the HHI, the Gini coefficient and
    /// the ABC classes.
    public var concentration: RevenueConcentration?
    /// The lifetime-value forecast: the total CLV headline and the distribution of CLV over
    /// clients.
    public var forecast: LifetimeValueForecast?
    /// The billing ledger, for the profit-to-date and margin headline.
    public var history: ValueHistory?
    /// Net billing in the twelve months to the as-of date.
    public var trailingRevenue: Money?
    /// What each file's import read, accepted and rejected.
    public var imports: [ImportSummary]

    /// The content of one report; leave out what you do not have.
    ///
    /// - Parameters:
    ///   - title: the page's title and heading.
    ///   - asOf: the day the report describes.
    ///   - nps: the NPS analysis, grouped by year for the trend chart.
    ///   - surveys: the survey responses, for the score distribution.
    ///   - segmentation: the segments and the focus list.
    ///   - features: the per-client feature table, for the value, loyalty and contact charts.
    ///   - concentration: revenue concentration, for the Pareto section.
    ///   - forecast: the lifetime-value forecast, for the CLV section.
    ///   - history: the billing ledger, for profit to date and margin.
    ///   - trailingRevenue: net billing in the twelve months to `asOf`.
    ///   - imports: the import summary of each file read, for the data-quality table.
    public init(title: String, asOf: Day, nps: NPSAnalysis? = nil, surveys: SurveyTable? = nil, segmentation: Segmentation? = nil,
                features: ClientFeatureTable? = nil, concentration: RevenueConcentration? = nil, forecast: LifetimeValueForecast? = nil,
                history: ValueHistory? = nil, trailingRevenue: Money? = nil, imports: [ImportSummary] = []) {
        self.title = title
        self.asOf = asOf
        self.nps = nps
        self.surveys = surveys
        self.segmentation = segmentation
        self.features = features
        self.concentration = concentration
        self.forecast = forecast
        self.history = history
        self.trailingRevenue = trailingRevenue
        self.imports = imports
    }

    /// The contacts-per-year against mean-score correlation, when both features exist.
    public var contactLoyalty: CorrelationResult? {
        guard let x = features?.column("contacts_per_year"), let y = features?.column("mean_score") else { return nil }
        return Correlation.pearson(x, y)
    }

    /// One plain sentence on whether contact goes with loyalty.
    public var contactLoyaltySentence: String {
        guard let r = contactLoyalty else { return "Contact and loyalty: needs contacts and surveys." }
        return "Contacts in the last 12 months and clients' mean scores: " + CorrelationWording.describe(r) + "."
    }
}

/// The report as one self-contained HTML page: inline CSS and SVG, no scripts, nothing from the
/// network. The same content always gives the same bytes (the only date is the as-of date).
///
/// The page has a headline (NPS with its 95% interval, revenue in the last 12 months, profit
/// to date, total 12-month CLV), then the NPS trend by year, the score distribution, value and
/// loyalty, contact and loyalty, revenue concentration, lifetime value, segments and the
/// focus list, and data quality. It opens in any browser, prints, and can be mailed as one
/// file.
///
/// ```swift
/// let surveys = try SurveyTable.read(.file(path: "SampleData/surveys.csv"))
/// let nps = try NPSAnalysis(surveys, options: NPSAnalysisOptions(period: .year))
/// let content = ReportContent(title: "Client value report", asOf: Day(year: 2025, month: 12, day: 31)!,
///                             nps: nps, surveys: surveys)
/// let sink = try ByteSink(.file(path: "report.html"))
/// sink.write(HTMLReport.render(content))
/// try sink.close()
/// ```
public enum HTMLReport: Sendable {
    /// The complete HTML page for `content`, from `<!DOCTYPE html>` to `</html>`.
    ///
    /// Every section is always there, in a fixed order; a section whose part of `content` is
    /// `nil` or empty says what it needs ("Not available: needs surveys.csv") instead of a
    /// chart. Text from the data is HTML-escaped.
    ///
    /// - Parameter content: the results to show, and the title and as-of date.
    /// - Returns: the page as UTF-8 text, ready to write to a `.html` file.
    /// - Complexity: O(clients + survey responses): every client of the segmentation is a
    ///   point in the value and loyalty chart.
    public static func render(_ content: ReportContent) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(SVGChart.escape(content.title))</title>\n<style>\(css)</style>\n</head>\n<body>\n<main>\n"
        html += "<h1>\(SVGChart.escape(content.title))</h1>\n<p class=\"meta\">As of \(content.asOf). Made by ClientValue.</p>\n"
        html += headline(content)
        html += npsSection(content)
        html += distributionSection(content)
        html += valueLoyaltySection(content)
        html += contactSection(content)
        html += paretoSection(content)
        html += clvSection(content)
        html += segmentSection(content)
        html += qualitySection(content)
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    static let css = """
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:0;background:#fff}\
    main{max-width:960px;margin:0 auto;padding:24px}h1{margin:0 0 4px}h2{margin-top:40px;border-bottom:1px solid #d0d7de;padding-bottom:4px}\
    .meta,.missing{color:#57606a}.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;min-width:180px}\
    .card b{display:block;font-size:1.6em}table{border-collapse:collapse;margin:12px 0;font-size:.9em}th,td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}\
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}svg{max-width:100%;height:auto;font-size:11px}\
    svg .axes line{stroke:#57606a}svg .grid{stroke:#eaeef2}svg text{fill:#1b1f24}svg .series{stroke:#0969da;stroke-width:2}\
    svg .band{fill:#0969da;opacity:.18}svg .dot{fill:#0969da;opacity:.55}svg .fit{stroke:#cf222e;stroke-width:2}svg .bar{fill:#0969da}\
    svg .promoter{fill:#1a7f37}svg .passive{fill:#bf8700}svg .detractor{fill:#cf222e}svg .marker{stroke:#8250df;stroke-dasharray:4 3}\
    svg .marker-label,svg .note{fill:#8250df}@media print{main{max-width:none}h2{break-after:avoid}svg,table{break-inside:avoid}}
    """

    static func missing(_ what: String) -> String { "<p class=\"missing\">Not available: \(SVGChart.escape(what)).</p>\n" }

    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        var out = "<table>\n<thead><tr>"
        for (i, h) in header.enumerated() { out += "<th\(numeric.contains(i) ? " class=\"num\"" : "") scope=\"col\">\(SVGChart.escape(h))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() { out += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(SVGChart.escape(cell))</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static func figure(_ chart: SVGChart, caption: String) -> String {
        "<figure>\n\(chart.svg)\n<figcaption>\(SVGChart.escape(caption))</figcaption>\n</figure>\n"
    }

    static func fixed(_ v: Double, _ places: Int = 1) -> String { NumberText.fixed(v, places: places) }

    // MARK: Sections

    static func headline(_ c: ReportContent) -> String {
        var cards: [(String, String)] = []
        if let nps = c.nps?.overall {
            cards.append(("NPS", "\(fixed(nps.score)) <small>(95% \(fixed(nps.adjustedWald.lower)) to \(fixed(nps.adjustedWald.upper)), n = \(NumberText.grouped(nps.responses)))</small>"))
        }
        if let revenue = c.trailingRevenue { cards.append(("Revenue, last 12 months", revenue.description)) }
        if let history = c.history, let profit = history.profit, let margin = history.margin {
            cards.append(("Profit to date", "\(profit.description) <small>(margin \(fixed(margin * 100))%)</small>"))
        }
        if let forecast = c.forecast { cards.append(("12-month CLV, all clients", fixed(forecast.totalCLV, 0))) }
        var out = "<h2>Headline</h2>\n<div class=\"cards\">\n"
        for (label, value) in cards { out += "<div class=\"card\">\(SVGChart.escape(label))<b>\(value)</b></div>\n" }
        out += "</div>\n<p>\(SVGChart.escape(c.contactLoyaltySentence))</p>\n"
        return out
    }

    static func npsSection(_ c: ReportContent) -> String {
        var out = "<h2>Net Promoter Score by year</h2>\n"
        guard let nps = c.nps, !nps.groups.isEmpty else { return out + missing("needs surveys.csv") }
        let years = nps.groups.compactMap { g in g.period.flatMap { Double($0.filter(\.isNumber)) } }
        let scores = nps.groups.map(\.nps)
        var chart = SVGChart(title: "NPS by year with its 95% interval",
                             description: nps.groups.map { "\($0.key): \(fixed($0.nps.score)) (\(fixed($0.nps.adjustedWald.lower)) to \(fixed($0.nps.adjustedWald.upper)))" }.joined(separator: "; "))
        let x = SVGChart.Scale(covering: years, range: chart.plotX)
        let y = SVGChart.Scale(covering: scores.flatMap { [$0.adjustedWald.lower, $0.adjustedWald.upper] }, range: chart.plotY, includeZero: true)
        chart.axes(x: x, y: y, xLabel: "year", yLabel: "NPS (points)")
        if years.count == scores.count {
            chart.band(x: years, lower: scores.map(\.adjustedWald.lower), upper: scores.map(\.adjustedWald.upper), x: x, y: y)
            chart.line(zip(years, scores).map { SVGChart.Point($0, $1.score) }, x: x, y: y)
        }
        out += figure(chart, caption: "NPS per year; the band is the adjusted-Wald 95% interval (Rocks 2016).")
        out += table(["year", "responses", "NPS", "95% interval", "change", "p"], nps.groups.map { g in
            [g.key, NumberText.grouped(g.nps.responses), fixed(g.nps.score), "\(fixed(g.nps.adjustedWald.lower)) to \(fixed(g.nps.adjustedWald.upper))",
             g.change.map { fixed($0.difference) } ?? "", g.change.map { fixed($0.pValue, 4) } ?? ""]
        }, numeric: [1, 2, 4, 5])
        return out
    }

    static func distributionSection(_ c: ReportContent) -> String {
        var out = "<h2>Score distribution</h2>\n"
        guard let surveys = c.surveys, surveys.count > 0 else { return out + missing("needs surveys.csv") }
        var counts = [Int](repeating: 0, count: 11)
        for row in 0..<surveys.count where surveys.days[row] <= c.asOf.daysSince1970 { counts[min(10, Int(surveys.scores[row]))] += 1 }
        var chart = SVGChart(title: "Responses by score, 0 to 10",
                             description: counts.enumerated().map { "\($0.offset): \($0.element)" }.joined(separator: ", "))
        let x = SVGChart.Scale(domain: -0.5...10.5, range: chart.plotX)
        let y = SVGChart.Scale(covering: counts.map(Double.init), range: chart.plotY, includeZero: true)
        chart.axes(x: x, y: y, xLabel: "score", yLabel: "responses")
        chart.bars(counts.enumerated().map { SVGChart.Point(Double($0.offset), Double($0.element)) }, barWidth: 0.8, x: x, y: y) { p in
            NPSCategory(score: Int(p.x)).rawValue
        }
        out += figure(chart, caption: "Detractors (0–6) in red, passives (7–8) in amber, promoters (9–10) in green.")
        return out
    }

    static func valueLoyaltySection(_ c: ReportContent) -> String {
        var out = "<h2>Value and loyalty</h2>\n"
        guard let segmentation = c.segmentation else { return out + missing("needs billing.csv and surveys.csv") }
        let scores = c.features?.column("mean_score"), ids = c.features?.clientIDs ?? []
        let meanByClient = Dictionary(zip(ids, scores ?? []).filter { !$0.1.isNaN }, uniquingKeysWith: { a, _ in a })
        let points = segmentation.clients.compactMap { s -> (SVGChart.Point, Double, String)? in
            guard s.value > 0, let mean = meanByClient[s.clientID] else { return nil }
            return (SVGChart.Point(mean, s.value), s.value, "\(s.clientID): \(s.segment), score \(fixed(mean)), value \(fixed(s.value, 0))")
        }
        guard !points.isEmpty else { return out + missing("no client has both a score and a value") }
        var chart = SVGChart(title: "Clients by mean score and value",
                             description: "\(points.count) clients; each point is a client, its size its value; loyalty grows to the right.")
        let x = SVGChart.Scale(domain: 0...10, range: chart.plotX)
        let y = SVGChart.Scale(covering: points.map(\.0.y), range: chart.plotY, includeZero: true)
        chart.axes(x: x, y: y, xLabel: "mean score (0–10)", yLabel: "value")
        let largest = points.map(\.1).max() ?? 1
        for (point, value, label) in points.sorted(by: { $0.1 > $1.1 }) {
            chart.circle(point, x: x, y: y, radius: 2 + 10 * (value / largest).squareRoot(), label: label)
        }
        chart.marker(atX: 7, x: x, label: "7")
        chart.marker(atX: 9, x: x, label: "9")
        out += figure(chart, caption: "Left of 7: detractors; 7 to 9: passives; 9 and up: promoters.")
        return out
    }

    static func contactSection(_ c: ReportContent) -> String {
        var out = "<h2>Contact and loyalty</h2>\n"
        guard let features = c.features, let xs = features.column("contacts_per_year"), let ys = features.column("mean_score"),
              let r = c.contactLoyalty else { return out + missing("needs contacts.csv and surveys.csv") }
        let pairs = zip(xs, ys).filter { !$0.0.isNaN && !$0.1.isNaN }.map { SVGChart.Point($0.0, $0.1) }
        var chart = SVGChart(title: "Contacts in the last 12 months against mean score",
                             description: CorrelationWording.describe(r))
        let x = SVGChart.Scale(covering: pairs.map(\.x), range: chart.plotX, includeZero: true)
        let y = SVGChart.Scale(domain: 0...10, range: chart.plotY)
        chart.axes(x: x, y: y, xLabel: "contacts in the last 12 months", yLabel: "mean score")
        for p in pairs { chart.circle(p, x: x, y: y, radius: 2.5) }
        // Least-squares line.
        let n = Double(pairs.count)
        let mx = pairs.reduce(0) { $0 + $1.x } / n, my = pairs.reduce(0) { $0 + $1.y } / n
        let sxx = pairs.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
        if sxx > 0 {
            let slope = pairs.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) } / sxx
            let lo = x.domain.lowerBound, hi = x.domain.upperBound
            chart.line([SVGChart.Point(lo, my + slope * (lo - mx)), SVGChart.Point(hi, my + slope * (hi - mx))], x: x, y: y, cssClass: "fit")
        }
        out += figure(chart, caption: "Pearson r = \(fixed(r.coefficient ?? .nan, 3)), p \((r.pValue ?? 1) < 0.0001 ? "< 0.0001" : "= " + fixed(r.pValue ?? .nan, 4)), n = \(r.n). \(c.contactLoyaltySentence)")
        return out
    }

    static func paretoSection(_ c: ReportContent) -> String {
        var out = "<h2>Revenue concentration</h2>\n"
        guard let concentration = c.concentration, concentration.clients > 0 else { return out + missing("needs billing.csv") }
        var chart = SVGChart(title: "Pareto curve of revenue in the last 12 months",
                             description: concentration.pareto.map { "top \(fixed($0.clientShare * 100, 0))% of clients: \(fixed($0.revenueShare * 100))% of revenue" }.joined(separator: "; "))
        let x = SVGChart.Scale(domain: 0...100, range: chart.plotX)
        let y = SVGChart.Scale(domain: 0...100, range: chart.plotY)
        chart.axes(x: x, y: y, xLabel: "top clients (%)", yLabel: "share of revenue (%)")
        chart.line([SVGChart.Point(0, 0)] + concentration.pareto.map { SVGChart.Point($0.clientShare * 100, $0.revenueShare * 100) }, x: x, y: y)
        var cumulative = 0
        for abc in concentration.abc.dropLast() {
            cumulative += abc.clients
            chart.marker(atX: Double(cumulative) / Double(concentration.clients) * 100, x: x, label: "end of \(abc.name)")
        }
        out += figure(chart, caption: "A clients make the first \(fixed(concentration.thresholds.a * 100, 0))% of revenue, B the next \(fixed((concentration.thresholds.b - concentration.thresholds.a) * 100, 0))%. HHI \(fixed(concentration.hhi)), Gini \(fixed(concentration.gini, 3)).")
        out += table(["class", "clients", "revenue", "share"], concentration.abc.map { [$0.name, NumberText.grouped($0.clients), $0.revenue.description, fixed($0.share * 100) + "%"] },
                     numeric: [1, 2, 3])
        return out
    }

    static func clvSection(_ c: ReportContent) -> String {
        var out = "<h2>Lifetime value (next 12 months)</h2>\n"
        guard let forecast = c.forecast, !forecast.clients.isEmpty else { return out + missing("needs billing.csv with enough repeat purchases for the BG/NBD model") }
        // Finite values only (the forecast gives none other; a chart must not trap if it did).
        let values = forecast.clients.map(\.clv).filter(\.isFinite).sorted()
        guard !values.isEmpty else { return out + missing("no client has a finite lifetime value") }
        let top = values.last ?? 1, bins = 20
        let width = max(top, 1) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for v in values { counts[max(0, min(bins - 1, Int(max(0, v) / width)))] += 1 }
        var chart = SVGChart(title: "Distribution of 12-month CLV over clients",
                             description: "\(values.count) clients; median \(fixed(values[values.count / 2], 0)), largest \(fixed(top, 0)).")
        let x = SVGChart.Scale(domain: 0...Double(bins) * width, range: chart.plotX)
        let y = SVGChart.Scale(covering: counts.map(Double.init), range: chart.plotY, includeZero: true)
        chart.axes(x: x, y: y, xLabel: "12-month CLV", yLabel: "clients")
        chart.bars(counts.enumerated().map { SVGChart.Point((Double($0.offset) + 0.5) * width, Double($0.element)) }, barWidth: width * 0.9, x: x, y: y)
        let m = forecast.purchaseModel.model
        let parameters = m.parameters.map { "\($0.name) \(fixed($0.value, 3))" }.joined(separator: ", ")
        out += figure(chart, caption: "\(m.kind.displayName) \(parameters) per \(m.unit.rawValue); Gamma-Gamma spend; \(forecast.horizonMonths) months at \(fixed(forecast.monthlyDiscountRate * 100, 2))% a month.")
        return out
    }

    static func segmentSection(_ c: ReportContent) -> String {
        var out = "<h2>Segments and focus list</h2>\n"
        guard let segmentation = c.segmentation else { return out + missing("needs billing.csv, surveys.csv or contacts.csv") }
        if !segmentation.notAvailable.isEmpty { out += missing(segmentation.notAvailable.joined(separator: ", ")) }
        out += table(["segment", "clients", "share of value"], segmentation.segments.map { [$0.segment, NumberText.grouped($0.clients), fixed($0.valueShare * 100) + "%"] },
                     numeric: [1, 2])
        out += "<h3>Focus list: priority = value × risk</h3>\n"
        out += table(["client", "segment", "action", "stage", "priority", "reasons"], segmentation.focus.prefix(20).map { s in
            [s.clientID, s.segment, s.action, s.stage?.rawValue ?? "", fixed(s.priority, 0), s.reasons.joined(separator: "; ")]
        }, numeric: [4])
        return out
    }

    static func qualitySection(_ c: ReportContent) -> String {
        var out = "<h2>Data quality</h2>\n"
        guard !c.imports.isEmpty else { return out + missing("no input files") }
        out += table(["file", "rows read", "accepted", "rejected", "first problem"], c.imports.map { s in
            [s.file ?? "<input>", NumberText.grouped(s.rowsRead), NumberText.grouped(s.rowsAccepted), NumberText.grouped(s.rowsRejected),
             s.issues.first.map { "line \($0.line): \($0.message)" } ?? ""]
        }, numeric: [1, 2, 3])
        return out
    }
}
