import ClientValue

/// `clientvalue contacts CONTACTS`: contact frequency per client and year, and who is below the threshold.
enum ContactsCommand: Command {
    static let spec = CommandSpec(
        name: "contacts",
        overview: "Contact frequency per client and year, by channel and partner; clients contacted less than the threshold in the last 12 months, by billing.",
        arguments: [("contacts", "The contacts CSV; - reads standard input.")],
        options: [
            OptionSpec(name: "billing", valueName: "<file>", help: "Billing CSV: ranks the list by trailing-12-month billing and adds billed clients never contacted."),
            OptionSpec(name: "threshold", valueName: "<n>", help: "Contacts a year a key client should get.", defaultValue: "10"),
            OptionSpec(name: "as-of", valueName: "<date>", help: "\"Today\" for the 12-month window.", defaultValue: "the latest contact (or invoice, with --billing)"),
            OptionSpec(name: "limit", valueName: "<n>", help: "How many clients to list; 0 lists all.", defaultValue: "20 for table, markdown and html, all for csv and json"),
        ] + CommonOptions.output + CommonOptions.reading,
        examples: [
            "clientvalue contacts SampleData/contacts.csv --billing SampleData/billing.csv",
            "clientvalue contacts contacts.csv --threshold 12 --as-of 2025-06-30 --format json",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard arguments.positionals.count <= 1 else {
            throw UsageError(message: "Too many arguments; expected one contacts file", command: spec.name)
        }
        let format = try CommonOptions.format(arguments, command: spec.name)
        let importOptions = try CommonOptions.importOptions(arguments, command: spec.name)
        try CommonOptions.checkMappedFields(importOptions, kinds: [ContactEvent.columns, BillingLine.columns], command: spec.name)
        let threshold = try CommonOptions.integer(arguments, command: spec.name, "threshold", default: 10, range: 1...10_000)
        let limit = try CommonOptions.integer(arguments, command: spec.name, "limit", default: format.listsInFull ? 0 : 20,
                                              range: 0...Int.max)
        let asOfOption = try CommonOptions.date(arguments, "as-of", command: spec.name)
        let (source, name) = CommonOptions.source(arguments.positionals.first, io)
        let files = ExportFiles(billing: arguments.value("billing").map { CommonOptions.exportFile($0, io) }, contacts: ExportFile(source, name: name))
        let inputs = try CommonOptions.readData(files, asOf: asOfOption, keepsTransactions: false, options: importOptions, command: spec.name)
        let frequency = (inputs.contacts ?? ContactFrequencyBuilder()).frequency(asOf: inputs.asOf, threshold: threshold, billing: inputs.billing)
        let options = RenderOptions(limit: limit)
        let text: String
        switch format {
        case .json:
            var document = frequency
            if limit > 0 { document.belowThreshold = Array(frequency.belowThreshold.prefix(limit)) }
            text = try JSONText.encode(ContactsJSON(frequency: document, belowThresholdTotal: frequency.belowThreshold.count))
        case .csv:
            text = try frequency.rendered(as: .csv, options: options)
        case .table, .markdown, .html:
            var sections = frequency.renderedSections(options: options)
            sections[0].amendFact("Contacts", prefix: "\(name): ")
            // The library sees the billing order in the listed clients; with none listed, it is said here.
            if inputs.billing != nil && frequency.belowThreshold.isEmpty { sections[0].amendFact("Below", suffix: ContactFrequency.billingOrder) }
            text = ResultSection.render(sections, as: format)
        }
        try CommonOptions.emit(text, arguments, io)
        io.reportRejected(inputs.imports)
        io.leaveForExit((inputs, frequency))
        return ExitCode.success
    }
}

/// The `contacts --format json` document.
struct ContactsJSON: Encodable {
    var frequency: ContactFrequency
    var belowThresholdTotal: Int
    enum CodingKeys: String, CodingKey { case belowThresholdTotal = "below_threshold_total" }
    func encode(to encoder: any Encoder) throws {
        try frequency.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(belowThresholdTotal, forKey: .belowThresholdTotal)
    }
}

extension CommandIO {
    /// Tells on standard error, for each file that had rows rejected (`--on-error skip`), how
    /// many of the rows read: `FILE: R of N rows rejected`, so rows read = accepted + rejected
    /// is always visible, whatever the output format.
    func reportRejected(_ summaries: [ImportSummary]) {
        for summary in summaries where summary.rowsRejected > 0 {
            stderr.write("\(summary.file ?? "<input>"): \(summary.rowsRejected) of \(summary.rowsRead) rows rejected\n")
        }
    }
}
