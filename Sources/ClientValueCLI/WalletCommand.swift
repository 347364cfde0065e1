import ClientValue

/// `clientvalue wallet BILLING WALLET`: share of wallet, the Wallet Allocation Rule and headroom.
enum WalletCommand: Command {
    static let spec = CommandSpec(
        name: "wallet",
        overview: "Share of wallet per client and year, the Wallet Allocation Rule's expected share, and headroom by partner and practice area.",
        arguments: [("billing", "The billing CSV."), ("wallet", "The wallet CSV: client_id, year, wallet_estimate or reported_share, rank, providers.")],
        options: [
            OptionSpec(name: "year", valueName: "<yyyy>", help: "Only this (calendar or fiscal) year."),
            OptionSpec(name: "by", valueName: "<group>", help: "partner or practice_area: which headroom table to show first.", defaultValue: "partner"),
            OptionSpec(name: "fiscal-year-start", valueName: "<month>", help: "Years run from this month (1-12 or jan...dec); FY2025 ends in 2025.", defaultValue: "1"),
            OptionSpec(name: "limit", valueName: "<n>", help: "How many shortfalls and shares to list; 0 lists all.", defaultValue: "20 for table, markdown and html, all for csv and json"),
        ] + CommonOptions.output + CommonOptions.reading,
        examples: [
            "clientvalue wallet SampleData/billing.csv SampleData/wallet.csv",
            "clientvalue wallet SampleData/billing.csv SampleData/wallet.csv --year 2024 --by practice_area",
            "clientvalue wallet billing.csv wallet.csv --format json",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard arguments.positionals.count == 2 else {
            throw UsageError(message: "Expected two files: the billing CSV and the wallet CSV", command: spec.name)
        }
        let format = try CommonOptions.format(arguments, command: spec.name)
        let importOptions = try CommonOptions.importOptions(arguments, command: spec.name)
        let year = try arguments.value("year").map { text throws(UsageError) in try yearValue(text) }
        let fiscalStart = try NPSCommand.month(arguments.value("fiscal-year-start"))
        let byArea: Bool
        switch arguments.value("by").map(ColumnSpec.normalized) {
        case nil, "partner": byArea = false
        case "practicearea", "practice": byArea = true
        case .some:
            throw UsageError(message: "Invalid value '\(arguments.value("by") ?? "")' for '--by'; expected partner or practice_area", command: spec.name)
        }
        let limit = try CommonOptions.integer(arguments, command: spec.name, "limit", default: format.listsInFull ? 0 : 20,
                                              range: 0...Int.max)
        let (billingSource, billingPath) = CommonOptions.source(arguments.positionals[0], io)
        let (walletSource, walletPath) = CommonOptions.source(arguments.positionals[1], io)
        guard billingPath != "<stdin>" || walletPath != "<stdin>" else {
            throw UsageError(message: "Only one of the two files can be standard input", command: spec.name)
        }
        try CommonOptions.checkMappedFields(importOptions, kinds: [WalletEntry.columns, BillingLine.columns], command: spec.name)
        let walletTable = try ImportedTable<WalletEntry>.read(walletSource, file: walletPath,
                                                              options: importOptions.withColumns(of: WalletEntry.self))
        var builder = ShareOfWalletBuilder(entries: walletTable.records, year: year, fiscalYearStartMonth: fiscalStart)
        var billingOptions = importOptions.withColumns(of: BillingLine.self)
        if let rejects = billingOptions.rejectsPath { billingOptions.rejectsPath = rejects + ".billing.csv" }
        let reader = try RecordReader<BillingLine>(billingSource, file: billingPath, options: billingOptions)
        while let line = try reader.nextWithoutExtraValues() {
            do {
                try builder.add(line)
            } catch {
                throw FileLevelError(error, file: billingPath)
            }
        }
        let analysis: ShareOfWalletAnalysis
        do {
            analysis = try builder.analysis(shortfallLimit: limit)
        } catch {
            throw FileLevelError(file: walletPath, message: error.message)
        }
        let options = RenderOptions(limit: limit)
        let text: String
        switch format {
        case .json:
            var document = analysis
            document.shares = analysis.listedShares(limit: limit)
            text = try JSONText.encode(WalletJSON(analysis: document, sharesTotal: analysis.shares.count,
                                                  inputs: [reader.summary, walletTable.summary].map(InputJSON.init)))
        case .csv:
            text = try analysis.rendered(as: .csv, options: options)
        case .table, .markdown, .html:
            var sections = analysis.renderedSections(options: options)
            sections[0].insert([
                ResultFact(label: "Billing", value: "\(billingPath): \(NumberText.grouped(reader.summary.rowsAccepted)) rows"),
                ResultFact(label: "Wallet", value: "\(walletPath): \(NumberText.grouped(walletTable.summary.rowsAccepted)) rows" + (year.map { ", year \($0)" } ?? "")),
            ])
            // --by practice_area: that headroom table first.
            if byArea, let area = sections.firstIndex(where: { $0.title?.hasPrefix("Headroom by practice area") ?? false }) {
                sections.insert(sections.remove(at: area), at: 1)
            }
            text = ResultSection.render(sections, as: format)
        }
        try CommonOptions.emit(text, arguments, io)
        io.reportRejected([walletTable.summary, reader.summary])
        return ExitCode.success
    }

    static func yearValue(_ text: String) throws(UsageError) -> Int {
        guard let year = Int(text), (1...9999).contains(year) else {
            throw UsageError(message: "Invalid value '\(text)' for '--year'; expected a year such as 2024", command: "wallet")
        }
        return year
    }
}

/// The `wallet --format json` document.
struct WalletJSON: Encodable {
    var analysis: ShareOfWalletAnalysis
    var sharesTotal: Int
    var inputs: [InputJSON]

    enum CodingKeys: String, CodingKey { case sharesTotal = "shares_total", inputs }

    func encode(to encoder: any Encoder) throws {
        try analysis.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sharesTotal, forKey: .sharesTotal)
        try container.encode(inputs, forKey: .inputs)
    }
}
