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
            OptionSpec(name: "limit", valueName: "<n>", help: "How many clients to list; 0 lists all.", defaultValue: "20 for table and markdown, all for csv and json"),
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
        let limit = try CommonOptions.integer(arguments, command: spec.name, "limit", default: format == .table || format == .markdown ? 20 : 0,
                                              range: 0...Int.max)
        let (source, name) = CommonOptions.source(arguments.positionals.first, io)
        let read = try FirmMetricsBuilder.read(source, file: name, importOptions: importOptions, year: year,
                                               fiscalYearStartMonth: fiscalStart, thresholds: thresholds)
        var metrics = read.metrics
        let clientsTotal = metrics.byClient.count
        if limit > 0 { metrics.byClient = Array(metrics.byClient.prefix(limit)) }
        let text: String
        switch format {
        case .json:
            text = try JSONText.encode(FirmJSON(metrics: metrics, clientsTotal: clientsTotal, input: InputJSON(read.importSummary)))
        case .csv:
            text = rateTable(metrics.byClient, key: "client_id", classes: metrics.concentration.classOfClient).csv()
        case .table, .markdown:
            let c = metrics.concentration
            var report = TextReport(title: "Firm metrics", format: format)
            report.facts([
                ("Billing", "\(name): \(NumberText.grouped(read.importSummary.rowsAccepted)) rows" + (year.map { ", year \($0): \(NumberText.grouped(metrics.linesInYear)) lines" } ?? "")),
                ("Revenue", "\(c.revenue) from \(NumberText.grouped(c.clients)) clients with positive revenue"
                 + (c.clientsWithoutRevenue > 0 ? " (\(NumberText.grouped(c.clientsWithoutRevenue)) at zero or below left out)" : "")),
                ("Top shares", c.topShares.map { "top \($0.clients) \(WalletCommand.percent($0.share))" }.joined(separator: ", ")),
                ("HHI", NumberText.fixed(c.hhi, places: 1) + " (0 to 10,000)"),
                ("Gini", NumberText.fixed(c.gini, places: 4)),
                ("ABC", c.abc.map { "\($0.name): \(NumberText.grouped($0.clients)) clients, \(WalletCommand.percent($0.share))" }.joined(separator: "; ")
                 + " (thresholds \(NumberText.fixed(thresholds.a * 100, places: 0))% and \(NumberText.fixed(thresholds.b * 100, places: 0))%)"),
            ])
            report.heading("Pareto curve: revenue share of the top clients")
            var pareto = TextTable(columns: ["top_clients", "revenue_share"], alignments: [.right, .right])
            for point in c.pareto { pareto.append([WalletCommand.percent(point.clientShare), WalletCommand.percent(point.revenueShare)]) }
            report.table(pareto)
            report.heading("By partner")
            report.table(rateTable(metrics.byPartner, key: "partner"))
            report.heading("By practice area")
            report.table(rateTable(metrics.byPracticeArea, key: "practice_area"))
            report.heading("By year")
            report.table(rateTable(metrics.byYear, key: "year"))
            report.heading("Clients by revenue" + (limit == 0 || clientsTotal <= limit ? "" : " (first \(limit) of \(NumberText.grouped(clientsTotal)))"))
            report.table(rateTable(metrics.byClient, key: "client_id", classes: c.classOfClient))
            text = report.text
        }
        try CommonOptions.emit(text, arguments, io)
        io.reportRejected([read.importSummary])
        return ExitCode.success
    }

    static func rateTable(_ groups: [RateGroup], key: String, classes: [String: String]? = nil) -> TextTable {
        var columns = [key, "revenue", "realisation", "collection"]
        if classes != nil { columns.append("abc") }
        var table = TextTable(columns: columns, alignments: [.left, .right, .right, .right, .left])
        for group in groups {
            var row = [group.key, group.revenue.description, WalletCommand.percent(group.realisation), WalletCommand.percent(group.collection)]
            if let classes { row.append(classes[group.key] ?? "") }
            table.append(row)
        }
        return table
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
