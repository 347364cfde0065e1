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
        let files = try CommonOptions.folderFiles(arguments, io, command: spec.name)
        let inputs = try CommonOptions.readData(files, asOf: try CommonOptions.date(arguments, "as-of", command: spec.name),
                                                keepsTransactions: files.billing != nil, options: importOptions, command: spec.name)
        let content: ReportContent
        do {
            content = try ReportContent(analysing: inputs, title: arguments.value("title") ?? "Client value report")
        } catch {
            throw FileLevelError(file: files.billing?.name, message: error.message)
        }
        let out = arguments.value("out") ?? "report.html"
        let sink = try ByteSink(.file(path: out))
        sink.write(HTMLReport.render(content))
        try sink.close()
        io.stdout.write(summary(content, out: out))
        io.reportRejected(inputs.imports)
        io.leaveForExit((inputs, content))
        return ExitCode.success
    }

    /// The terminal summary: headline NPS, revenue and profit, top segments, the focus list's
    /// first ten, and the contact–loyalty finding in one sentence.
    static func summary(_ c: ReportContent, out: String) -> String {
        var facts = [ResultFact(label: "As of", value: c.asOf.description)]
        if let nps = c.nps?.overall {
            facts.append(ResultFact(label: "NPS", value: "\(NumberText.fixed(nps.score, places: 1)) (95% \(NumberText.fixed(nps.adjustedWald.lower, places: 1)) to \(NumberText.fixed(nps.adjustedWald.upper, places: 1)), n = \(NumberText.grouped(nps.responses)))"))
        }
        if let revenue = c.trailingRevenue { facts.append(ResultFact(label: "Revenue", value: "\(revenue) in the last 12 months")) }
        if let profit = c.history?.profit, let margin = c.history?.margin {
            facts.append(ResultFact(label: "Profit", value: "\(profit) to date, margin \(NumberText.fixed(margin * 100, places: 1))%"))
        }
        if let segments = c.segmentation?.segments.prefix(3), !segments.isEmpty {
            facts.append(ResultFact(label: "Segments", value: segments.map { "\($0.segment) \(NumberText.fixed($0.valueShare * 100, places: 0))% of value" }.joined(separator: ", ")))
        }
        facts.append(ResultFact(label: "Contact", value: c.contactLoyaltySentence))
        facts.append(ResultFact(label: "Report", value: out))
        var sections = [ResultSection(title: c.title, facts: facts)]
        if let focus = c.segmentation?.focus.prefix(10), !focus.isEmpty {
            var table = TextTable(columns: ["client_id", "segment", "action", "priority"], alignments: [.left, .left, .left, .right])
            for s in focus { table.append([s.clientID, s.segment, s.action, NumberText.fixed(s.priority, places: 0)]) }
            sections.append(ResultSection(title: "Focus list (first \(focus.count))", blocks: [.table(table)]))
        }
        return ResultSection.render(sections, as: .table)
    }
}
