import ClientValue

/// `clientvalue firm BILLING`: realisation, collection and revenue concentration.
enum FirmCommand: Command {
    static let spec = CommandSpec(
        name: "firm",
        overview: "Firm metrics from billing: realisation and collection by partner, practice area and year; revenue concentration (top shares, HHI, Gini, Pareto, ABC).",
        arguments: [("billing", "The billing CSV; - reads standard input.")],
        options: [
            OptionSpec(name: "year", valueName: "<yyyy>", help: "Only this (calendar or fiscal) year."),
            OptionSpec(name: "fiscal-year-start", valueName: "<month>", help: "Years run from this month (1-12 or jan...dec); FY2025 ends in 2025.", defaultValue: "1"),
            OptionSpec(name: "abc", valueName: "<a,b>", help: "ABC thresholds as cumulative revenue shares.", defaultValue: "0.8,0.95"),
            OptionSpec(name: "limit", valueName: "<n>", help: "How many clients to list; 0 lists all.", defaultValue: "20 for table, markdown and html, all for csv and json"),
        ] + CommonOptions.output + CommonOptions.reading,
        examples: [
            "clientvalue firm SampleData/billing.csv",
            "clientvalue firm SampleData/billing.csv --year 2025 --format json",
            "clientvalue firm billing.csv --fiscal-year-start jul --abc 0.7,0.9",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard arguments.positionals.count <= 1 else {
            throw UsageError(message: "Too many arguments; expected one billing file", command: spec.name)
        }
        let format = try CommonOptions.format(arguments, command: spec.name)
        let importOptions = try CommonOptions.importOptions(arguments, command: spec.name)
        let year = try arguments.value("year").map { text throws(UsageError) in try WalletCommand.yearValue(text) }
        let fiscalStart = try NPSCommand.month(arguments.value("fiscal-year-start"))
        let thresholds = try CommonOptions.abcThresholds(arguments, command: spec.name) ?? ABCThresholds()
        let limit = try CommonOptions.integer(arguments, command: spec.name, "limit", default: format.listsInFull ? 0 : 20,
                                              range: 0...Int.max)
        let (source, name) = CommonOptions.source(arguments.positionals.first, io)
        let read = try FirmMetricsBuilder.read(source, file: name, importOptions: importOptions, year: year,
                                               fiscalYearStartMonth: fiscalStart, thresholds: thresholds)
        let metrics = read.metrics
        let options = RenderOptions(limit: limit)
        let text: String
        switch format {
        case .json:
            var document = metrics
            if limit > 0 { document.byClient = Array(metrics.byClient.prefix(limit)) }
            text = try JSONText.encode(FirmJSON(metrics: document, clientsTotal: metrics.byClient.count, input: InputJSON(read.importSummary)))
        case .csv:
            text = try metrics.rendered(as: .csv, options: options)
        case .table, .markdown, .html:
            var sections = metrics.renderedSections(options: options)
            sections[0].insert([ResultFact(label: "Billing", value: "\(name): \(NumberText.grouped(read.importSummary.rowsAccepted)) rows"
                                           + (year.map { ", year \($0): \(NumberText.grouped(metrics.linesInYear)) lines" } ?? ""))])
            text = ResultSection.render(sections, as: format)
        }
        try CommonOptions.emit(text, arguments, io)
        io.reportRejected([read.importSummary])
        io.leaveForExit(read)
        return ExitCode.success
    }
}

/// The `firm --format json` document: the metrics with the client count before `--limit`.
struct FirmJSON: Encodable {
    var metrics: FirmMetrics
    var clientsTotal: Int
    var input: InputJSON

    enum CodingKeys: String, CodingKey { case clientsTotal = "clients_total", input }

    func encode(to encoder: any Encoder) throws {
        try metrics.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clientsTotal, forKey: .clientsTotal)
        try container.encode(input, forKey: .input)
    }
}
