import ClientValue
import Foundation

/// `clientvalue report DIR`: the summary in the terminal and one self-contained HTML page.
enum ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        overview: "Read a folder of exports, print a summary and write one self-contained HTML report with charts.",
        arguments: [("dir", "A folder with billing.csv, surveys.csv and contacts.csv (whichever exist).")],
        options: [
            OptionSpec(name: "out", valueName: "<file>", help: "Where to write the HTML page.", defaultValue: "report.html"),
            OptionSpec(name: "title", valueName: "<text>", help: "The page's title.", defaultValue: "Client value report"),
            OptionSpec(name: "as-of", valueName: "<date>", help: "\"Today\".", defaultValue: "the latest date in the files"),
            OptionSpec(name: "billing", valueName: "<file>", help: "Billing CSV, if not DIR/billing.csv."),
            OptionSpec(name: "surveys", valueName: "<file>", help: "Surveys CSV, if not DIR/surveys.csv."),
            OptionSpec(name: "contacts", valueName: "<file>", help: "Contacts CSV, if not DIR/contacts.csv."),
        ] + CommonOptions.reading,
        examples: [
            "clientvalue report SampleData",
            "clientvalue report exports/ --out partners-meeting.html --title \"Key clients, Q4\" --as-of 2025-12-31",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard arguments.positionals.count <= 1 else {
            throw UsageError(message: "Too many arguments; expected one folder", command: spec.name)
        }
        let importOptions = try CommonOptions.importOptions(arguments, command: spec.name)
        try CommonOptions.checkMappedFields(importOptions, kinds: [ContactEvent.columns, SurveyResponse.columns, BillingLine.columns], command: spec.name)
        let files = try FolderFiles(arguments, command: spec.name)
        let billing = files.billing, surveys = files.surveys, contacts = files.contacts
        let inputs = try ClientInputs.read(contacts: contacts.map { CommonOptions.source($0, io) }, surveys: surveys, billing: billing,
                                           asOf: try CommonOptions.date(arguments, "as-of", command: spec.name), withTransactions: billing != nil,
                                           options: importOptions, io: io)
        let forecast = try? inputs.transactions.map { try LifetimeValueForecast($0.summary()) }
        let nps = inputs.surveys.flatMap { try? NPSAnalysis($0, billing: inputs.billing, options: NPSAnalysisOptions(period: .year, asOf: inputs.asOf)) }
        // The segments and the feature table read the same inputs and are independent: one
        // on each core.
        let segmentInputs = SegmentationInputs(asOf: inputs.asOf, trailingBilling: inputs.billing, partnerBilling: inputs.partnerBilling,
                                               history: inputs.history, surveys: inputs.surveys, contacts: inputs.contacts,
                                               forecast: forecast ?? nil)
        let (segmentation, features) = Concurrently.both({ Segmentation(segmentInputs) }, {
            ClientFeatureTable(asOf: segmentInputs.asOf, contacts: segmentInputs.contacts, surveys: segmentInputs.surveys,
                               billing: segmentInputs.trailingBilling, history: segmentInputs.history, forecast: segmentInputs.forecast)
        })
        var revenue: Money?
        if let totals = inputs.billing?.totals {
            var sum = Money.zero
            for amount in totals.values {
                let (next, overflow) = sum.addingReportingOverflow(amount)
                guard !overflow else {
                    throw FileLevelError(file: billing, message: "the firm's trailing-12-month revenue is too large to add up in hundredths (over about 92 quadrillion)")
                }
                sum = next
            }
            revenue = sum
        }
        let content = ReportContent(title: arguments.value("title") ?? "Client value report", asOf: inputs.asOf, nps: nps, surveys: inputs.surveys,
                                    segmentation: segmentation, features: features,
                                    concentration: inputs.billing.map { RevenueConcentration($0.totals) }, forecast: forecast ?? nil,
                                    history: inputs.history, trailingRevenue: revenue, imports: inputs.imports)
        let out = arguments.value("out") ?? "report.html"
        let sink = try ByteSink(.file(path: out))
        sink.write(HTMLReport.render(content))
        try sink.close()
        io.stdout.write(summary(content, out: out))
        io.reportRejected(inputs.imports)
        return ExitCode.success
    }

    /// The terminal summary: headline NPS, revenue and profit, top segments, the focus list's
    /// first ten, and the contact–loyalty finding in one sentence.
    static func summary(_ c: ReportContent, out: String) -> String {
        var report = TextReport(title: c.title, format: .table)
        var facts: [(label: String, value: String)] = [("As of", c.asOf.description)]
        if let nps = c.nps?.overall {
            facts.append(("NPS", "\(NumberText.fixed(nps.score, places: 1)) (95% \(NumberText.fixed(nps.adjustedWald.lower, places: 1)) to \(NumberText.fixed(nps.adjustedWald.upper, places: 1)), n = \(NumberText.grouped(nps.responses)))"))
        }
        if let revenue = c.trailingRevenue { facts.append(("Revenue", "\(revenue) in the last 12 months")) }
        if let profit = c.history?.profit, let margin = c.history?.margin {
            facts.append(("Profit", "\(profit) to date, margin \(NumberText.fixed(margin * 100, places: 1))%"))
        }
        if let segments = c.segmentation?.segments.prefix(3), !segments.isEmpty {
            facts.append(("Segments", segments.map { "\($0.segment) \(NumberText.fixed($0.valueShare * 100, places: 0))% of value" }.joined(separator: ", ")))
        }
        facts.append(("Contact", c.contactLoyaltySentence))
        facts.append(("Report", out))
        report.facts(facts)
        if let focus = c.segmentation?.focus.prefix(10), !focus.isEmpty {
            report.heading("Focus list (first \(focus.count))")
            var table = TextTable(columns: ["client_id", "segment", "action", "priority"], alignments: [.left, .left, .left, .right])
            for s in focus { table.append([s.clientID, s.segment, s.action, NumberText.fixed(s.priority, places: 0)]) }
            report.table(table)
        }
        return report.text
    }
}

/// Two independent computations on two threads.
enum Concurrently {
    static func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        let results = Results<A, B>()
        // Each iteration writes its own property; both are read after `concurrentPerform`
        // returns, which is after both iterations have finished.
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { results.first = first() } else { results.second = second() }
        }
        guard let a = results.first, let b = results.second else { return (first(), second()) }
        return (a, b)
    }

    private final class Results<A, B>: @unchecked Sendable {
        var first: A?
        var second: B?
    }
}
