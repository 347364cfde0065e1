import ClientValue
import Foundation

/// `clientvalue segment [DIR]`: value × loyalty segments, stage, breadth, key-person risk and
/// the focus list.
enum SegmentCommand: Command {
    static let spec = CommandSpec(
        name: "segment",
        overview: "Categorise every client (value tier x loyalty, stage, breadth, key-person risk) and rank a focus list with its reasons.",
        arguments: [("dir", "A folder with billing.csv, surveys.csv, contacts.csv (whichever exist); or give the files with the options.")],
        options: [
            OptionSpec(name: "billing", valueName: "<file>", help: "Billing CSV."),
            OptionSpec(name: "surveys", valueName: "<file>", help: "Surveys CSV."),
            OptionSpec(name: "contacts", valueName: "<file>", help: "Contacts CSV."),
            OptionSpec(name: "as-of", valueName: "<date>", help: "\"Today\".", defaultValue: "the latest date in the files"),
            OptionSpec(name: "value", valueName: "<basis>", help: "revenue (trailing 12 months) or clv: what the value tier measures.", defaultValue: "revenue"),
            OptionSpec(name: "abc", valueName: "<a,b>", help: "Value tier thresholds as cumulative shares.", defaultValue: "0.8,0.95"),
            OptionSpec(name: "key-person", valueName: "<share>", help: "One partner's share of contacts and billing that is a key-person risk.", defaultValue: "0.8"),
            OptionSpec(name: "config", valueName: "<file>", help: "JSON config: value_basis, thresholds {a, b}, key_person_share, contact_threshold, segments {\"A-promoter\": {name, action}, ...}."),
            OptionSpec(name: "limit", valueName: "<n>", help: "How many clients to list in the focus list; 0 lists all.", defaultValue: "20 for table, markdown and html, all for csv and json"),
        ] + CommonOptions.output + CommonOptions.reading,
        examples: [
            "clientvalue segment SampleData",
            "clientvalue segment --billing billing.csv --surveys surveys.csv --value clv --format json",
            "clientvalue segment SampleData --config segments.json --format markdown --out focus.md",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard arguments.positionals.count <= 1 else {
            throw UsageError(message: "Too many arguments; expected one folder", command: spec.name)
        }
        let format = try CommonOptions.format(arguments, command: spec.name)
        let importOptions = try CommonOptions.importOptions(arguments, command: spec.name)
        try CommonOptions.checkMappedFields(importOptions, kinds: [ContactEvent.columns, SurveyResponse.columns, BillingLine.columns], command: spec.name)
        let files = try CommonOptions.folderFiles(arguments, io, command: spec.name)
        let billing = files.billing?.name, surveys = files.surveys?.name, contacts = files.contacts?.name
        var options = SegmentationOptions()
        if let path = arguments.value("config") {
            do {
                options = try JSONDecoder().decode(SegmentationOptions.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw FileLevelError(file: path, message: "cannot read the segment config: \(error)")
            }
        }
        if let text = arguments.value("value") {
            guard let basis = ValueBasis(rawValue: text.lowercased()) else {
                throw UsageError(message: "Invalid value '\(text)' for '--value'; expected revenue or clv", command: spec.name)
            }
            options.valueBasis = basis
        }
        if let thresholds = try CommonOptions.abcThresholds(arguments, command: spec.name) { options.thresholds = thresholds }
        if let text = arguments.value("key-person") {
            guard let share = Double(text), share > 0.5, share <= 1 else {
                throw UsageError(message: "Invalid value '\(text)' for '--key-person'; expected a share above 0.5 and at most 1, such as 0.8", command: spec.name)
            }
            options.keyPersonShare = share
        }
        if options.valueBasis == .clv && billing == nil {
            throw UsageError(message: "'--value clv' needs billing", command: spec.name)
        }
        let limit = try CommonOptions.integer(arguments, command: spec.name, "limit", default: format.listsInFull ? 0 : 20,
                                              range: 0...Int.max)
        let inputs = try CommonOptions.readData(files, asOf: try CommonOptions.date(arguments, "as-of", command: spec.name),
                                                keepsTransactions: billing != nil, options: importOptions, command: spec.name)
        // P(alive) (and CLV) from the lifetime model when the billing history allows a fit.
        var forecast: LifetimeValueForecast?
        var modelNote: String?
        if let transactions = inputs.transactions {
            do {
                forecast = try LifetimeValueForecast(transactions.summary())
            } catch {
                if options.valueBasis == .clv { throw FileLevelError(file: billing, message: error.message) }
                modelNote = error.message
            }
        }
        let segmentation = Segmentation(SegmentationInputs(asOf: inputs.asOf, trailingBilling: inputs.billing, partnerBilling: inputs.partnerBilling,
                                                           history: inputs.history, surveys: inputs.surveys, contacts: inputs.contacts,
                                                           forecast: forecast), options: options)
        let text: String
        switch format {
        case .json:
            var document = segmentation
            if limit > 0 { document.focus = Array(segmentation.focus.prefix(limit)) }
            text = try JSONText.encode(document)
        case .csv:
            text = try segmentation.rendered(as: .csv)
        case .table, .markdown, .html:
            var sections = segmentation.renderedSections(options: RenderOptions(limit: limit))
            sections[0].insert([
                ResultFact(label: "Inputs", value: [("billing", billing), ("surveys", surveys), ("contacts", contacts)].compactMap { kind, path in path.map { "\(kind) \($0)" } }.joined(separator: ", ")),
                ResultFact(label: "Value", value: options.valueBasis == .clv ? "12-month lifetime value" : "billing in the last 12 months"),
            ], after: "As of")
            if let modelNote { sections[0].amendFact("Missing", suffix: " (\(modelNote))") }
            text = ResultSection.render(sections, as: format)
        }
        try CommonOptions.emit(text, arguments, io)
        io.reportRejected(inputs.imports)
        io.leaveForExit((inputs, forecast, segmentation))
        return ExitCode.success
    }
}
