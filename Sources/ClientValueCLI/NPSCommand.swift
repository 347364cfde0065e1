import ClientValue
import Foundation

/// `clientvalue nps SURVEYS`: Net Promoter Scores with intervals, groups, trend, account
/// level, critical incidents and the follow-up list.
enum NPSCommand: Command {
    static let spec = CommandSpec(
        name: "nps",
        overview: "Net Promoter Score with margins of error: by column, by period, per client or revenue-weighted, with incidents and follow-ups.",
        arguments: [("surveys", "The survey CSV; - reads standard input.")],
        options: [
            OptionSpec(name: "billing", valueName: "<file>", help: "Billing CSV: weights clients (revenue-weighted) and ranks follow-ups by trailing-12-month billing."),
            OptionSpec(name: "by", valueName: "<column>", help: "Group by a survey column: partner, survey, or any extra header such as Office."),
            OptionSpec(name: "period", valueName: "<length>", help: "Group by month, quarter or year, with the change from the previous period."),
            OptionSpec(name: "fiscal-year-start", valueName: "<month>", help: "First month of the fiscal year (1-12 or jan...dec) for quarters and years.", defaultValue: "1"),
            OptionSpec(name: "level", valueName: "<level>", help: "respondent (every response), client (each client once, from its mean score) or revenue-weighted.", defaultValue: "respondent"),
            OptionSpec(name: "compare", valueName: "<column=A,B>", help: "Compare two groups with a z-test: a survey column, or year, quarter or month."),
            OptionSpec(name: "as-of", valueName: "<date>", help: "Leave out later responses; billing is summed over the 12 months to this date.", defaultValue: "the latest response date"),
            OptionSpec(name: "confidence", valueName: "<level>", help: "Confidence level of the intervals.", defaultValue: "0.95"),
            OptionSpec(name: "bootstrap", valueName: "<n>", help: "Also give a seeded bootstrap percentile interval from <n> resamples."),
            OptionSpec(name: "seed", valueName: "<n>", help: "Seed of the bootstrap.", defaultValue: "42"),
            OptionSpec(name: "incident-drop", valueName: "<points>", help: "A fall of this many points between consecutive scores is a critical incident.", defaultValue: "3"),
            OptionSpec(name: "recent-months", valueName: "<n>", help: "List incidents and follow-ups from this many months to the as-of date; 0 lists all.", defaultValue: "12"),
            OptionSpec(name: "passives", valueName: nil, help: "List passives for follow-up as well as detractors."),
            OptionSpec(name: "limit", valueName: "<n>", help: "How many incidents and follow-ups to list; 0 lists all.", defaultValue: "20"),
        ] + CommonOptions.output + CommonOptions.reading,
        examples: [
            "clientvalue nps SampleData/surveys.csv",
            "clientvalue nps SampleData/surveys.csv --period year",
            "clientvalue nps SampleData/surveys.csv --by partner --level client",
            "clientvalue nps SampleData/surveys.csv --billing SampleData/billing.csv --level revenue-weighted",
            "clientvalue nps SampleData/surveys.csv --compare year=2024,2025 --format json",
            "clientvalue nps surveys.csv --period quarter --fiscal-year-start jul --format markdown",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard arguments.positionals.count <= 1 else {
            throw UsageError(message: "Too many arguments; expected one survey file", command: spec.name)
        }
        let format = try CommonOptions.format(arguments, command: spec.name)
        let importOptions = try CommonOptions.importOptions(arguments, command: spec.name)
        let options = try analysisOptions(arguments)
        let limit = try CommonOptions.integer(arguments, command: spec.name, "limit", default: 20, range: 0...Int.max)

        let (source, name) = CommonOptions.source(arguments.positionals.first, io)
        try CommonOptions.checkMappedFields(importOptions, kinds: [SurveyResponse.columns, BillingLine.columns], command: spec.name)
        let surveyOptions = importOptions.withColumns(of: SurveyResponse.self)
        // Standard input and files of 1 GiB or more are analysed as they stream past; smaller
        // files are read whole, on both cores.
        let surveys: ImportSummary?
        let latestResponseDate: Day?
        let analyse: (ClientBillingWindow?) throws(NPSAnalysisError) -> NPSAnalysis
        if Self.isSmallRegularFile(source) {
            let table = try SurveyTable.read(source, file: name, options: surveyOptions)
            surveys = table.summary
            latestResponseDate = table.latestResponseDate
            let fixed = options
            analyse = { billing throws(NPSAnalysisError) in try NPSAnalysis(table, billing: billing, options: fixed) }
        } else {
            var stream: StreamingNPSAnalysis
            do {
                stream = try StreamingNPSAnalysis(options: options, billingGiven: arguments.value("billing") != nil)
            } catch {
                throw analysisFailure(error, file: name)
            }
            try stream.read(source, file: name, options: surveyOptions)
            surveys = stream.summary
            latestResponseDate = stream.latestResponseDate
            let read = stream
            analyse = { billing throws(NPSAnalysisError) in try read.analysis(billing: billing) }
        }
        var billing: ClientBillingWindow?
        var billingSummary: ImportSummary?
        if let path = arguments.value("billing") {
            guard let asOf = options.asOf ?? latestResponseDate else {
                throw analysisFailure(.noResponses(asOf: nil), file: name)
            }
            var window = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
            var billingOptions = importOptions.withColumns(of: BillingLine.self)
            if let rejects = billingOptions.rejectsPath { billingOptions.rejectsPath = rejects + ".billing.csv" }
            let reader = try RecordReader<BillingLine>(.file(path: path), file: path, options: billingOptions)
            while let line = try reader.nextWithoutExtraValues() {
                do {
                    try window.add(line)
                } catch {
                    throw FileLevelError(error, file: path)
                }
            }
            billing = window
            billingSummary = reader.summary
        }
        let analysis: NPSAnalysis
        do {
            analysis = try analyse(billing)
        } catch {
            throw analysisFailure(error, file: name)
        }
        let rendering = NPSRendering(analysis: analysis, surveys: surveys, billing: billingSummary, limit: limit)
        let text: String
        switch format {
        case .json: text = try JSONText.encode(rendering.json())
        case .table, .markdown, .html: text = rendering.text(format)
        case .csv: text = try analysis.rendered(as: .csv)
        }
        try CommonOptions.emit(text, arguments, io)
        for summary in [surveys, billingSummary].compactMap({ $0 }) where summary.rowsRejected > 0 {
            io.stderr.write("\(summary.file ?? "<input>"): \(summary.rowsRejected) of \(summary.rowsRead) rows rejected\n")
        }
        io.leaveForExit((analyse, analysis, billing))
        return ExitCode.success
    }

    /// Whether `source` is a regular file under 1 GiB, which is read whole rather than streamed.
    private static func isSmallRegularFile(_ source: ByteSourceKind) -> Bool {
        guard case .file(let path) = source,
              let values = try? URL(fileURLWithPath: path).resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey]),
              values.isRegularFile == true, let size = values.fileSize else { return false }
        return size < 1 << 30
    }

    private static func analysisFailure(_ error: NPSAnalysisError, file: String) -> Error {
        switch error {
        case .unknownColumn, .billingRequired, .invalidOption:
            return UsageError(message: error.message, command: spec.name)
        case .noResponses, .emptyComparisonGroup, .noBilledClients:
            return FileLevelError(file: file, message: error.message)
        }
    }

    private static func analysisOptions(_ arguments: ParsedArguments) throws(UsageError) -> NPSAnalysisOptions {
        var options = NPSAnalysisOptions()
        if let text = arguments.value("level") {
            guard let level = NPSLevel(rawValue: text.lowercased()) else {
                throw UsageError(message: "Invalid value '\(text)' for '--level'; expected respondent, client or revenue-weighted", command: spec.name)
            }
            options.level = level
        }
        if options.level == .revenueWeighted && arguments.value("billing") == nil {
            throw UsageError(message: "'--level revenue-weighted' needs '--billing FILE'", command: spec.name)
        }
        options.groupBy = arguments.value("by")
        options.fiscalYearStartMonth = try month(arguments.value("fiscal-year-start"))
        if let text = arguments.value("period") {
            guard let length = PeriodLength(rawValue: text.lowercased()) else {
                throw UsageError(message: "Invalid value '\(text)' for '--period'; expected month, quarter or year", command: spec.name)
            }
            options.period = length
        }
        if let text = arguments.value("compare") {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw UsageError(message: "Invalid value '\(text)' for '--compare'; expected COLUMN=A,B such as partner=\"Alice Morgan,Raj Patel\" or year=2024,2025", command: spec.name)
            }
            let values = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard values.count == 2, !values[0].isEmpty, !values[1].isEmpty else {
                throw UsageError(message: "Invalid value '\(text)' for '--compare'; expected two values after '=', separated by a comma", command: spec.name)
            }
            options.comparison = NPSComparisonSpec(column: String(text[..<equals]), first: values[0], second: values[1])
        }
        if let day = try CommonOptions.date(arguments, "as-of", command: spec.name) { options.asOf = day }
        if let text = arguments.value("confidence") {
            guard let level = Double(text), level > 0, level < 1 else {
                throw UsageError(message: "Invalid value '\(text)' for '--confidence'; expected a number between 0 and 1, such as 0.95", command: spec.name)
            }
            options.scoreOptions.confidence = level
        }
        if arguments.value("bootstrap") != nil {
            let resamples = try CommonOptions.integer(arguments, command: spec.name, "bootstrap", default: 2000, range: 1...1_000_000)
            let seed = try CommonOptions.integer(arguments, command: spec.name, "seed", default: 42, range: 0...Int.max)
            options.scoreOptions.bootstrap = NPSBootstrapOptions(resamples: resamples, seed: UInt64(seed))
        }
        if let text = arguments.value("incident-drop") {
            guard let points = Double(text), points > 0, points <= 10 else {
                throw UsageError(message: "Invalid value '\(text)' for '--incident-drop'; expected a number of points from above 0 to 10", command: spec.name)
            }
            options.incidentDrop = points
        }
        options.recentMonths = try CommonOptions.integer(arguments, command: spec.name, "recent-months", default: 12, range: 0...1200)
        options.followUpPassives = arguments.has("passives")
        return options
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func month(_ text: String?) throws(UsageError) -> Int {
        guard let text else { return 1 }
        if let number = Int(text), (1...12).contains(number) { return number }
        if let index = monthNames.firstIndex(of: String(text.lowercased().prefix(3))), text.count >= 3 { return index + 1 }
        throw UsageError(message: "Invalid value '\(text)' for '--fiscal-year-start'; expected a month, 1-12 or jan...dec", command: spec.name)
    }
}
