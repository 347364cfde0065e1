import ClientValue

/// `clientvalue clv BILLING`: client lifetime value from the billing history (BG/NBD +
/// Gamma-Gamma), with an optional holdout check and the historical ledger.
enum CLVCommand: Command {
    static let spec = CommandSpec(
        name: "clv",
        overview: "Client lifetime value: BG/NBD (or Pareto/NBD, MBG/NBD, BG/BB, sBG) purchases x Gamma-Gamma spend, discounted monthly; standard errors, model choice, holdout check; history and cohorts.",
        arguments: [("billing", "The billing CSV; - reads standard input.")],
        options: [
            OptionSpec(name: "model", valueName: "<model>", help: "bgnbd, pareto-nbd or mbgnbd (purchases at any time); bgbb (at most one engagement a year); sbg (yearly retainers: renew or leave); auto (the best of the first three: by holdout error with --holdout-end, else by BIC).", defaultValue: "bgnbd"),
            OptionSpec(name: "alive-at", valueName: "<date>", help: "Also give each client's probability of still being a client on this later date (bgnbd, pareto-nbd, mbgnbd, auto)."),
            OptionSpec(name: "time-unit", valueName: "<unit>", help: "day, week or month: the unit the models are fitted in.", defaultValue: "week"),
            OptionSpec(name: "as-of", valueName: "<date>", help: "End of observation; later lines are left out.", defaultValue: "the latest invoice date"),
            OptionSpec(name: "horizon-months", valueName: "<n>", help: "Months ahead to value.", defaultValue: "12"),
            OptionSpec(name: "discount-monthly", valueName: "<rate>", help: "Discount rate per month, such as 0.01.", defaultValue: "0.01"),
            OptionSpec(name: "margin", valueName: "<fraction|from-cost>", help: "Fraction of spend that is profit, or from-cost to use the firm's margin from the cost column.", defaultValue: "1"),
            OptionSpec(name: "calibration-end", valueName: "<date>", help: "With --holdout-end: fit up to this date and check the predictions on the holdout."),
            OptionSpec(name: "holdout-end", valueName: "<date>", help: "The end of the holdout period."),
            OptionSpec(name: "historical", valueName: nil, help: "Also show each client's billing history (revenue, cost, profit, margin per year) and the cohort table."),
            OptionSpec(name: "fiscal-year-start", valueName: "<month>", help: "First month of the fiscal year for --historical (1-12 or jan...dec).", defaultValue: "1"),
            OptionSpec(name: "limit", valueName: "<n>", help: "How many clients to list, highest value first; 0 lists all.", defaultValue: "20 for table, markdown and html, all for csv and json"),
        ] + CommonOptions.output + CommonOptions.reading,
        examples: [
            "clientvalue clv SampleData/billing.csv",
            "clientvalue clv SampleData/billing.csv --horizon-months 24 --discount-monthly 0.008 --margin from-cost",
            "clientvalue clv SampleData/billing.csv --calibration-end 2024-12-31 --holdout-end 2025-12-31",
            "clientvalue clv SampleData/billing.csv --historical --format json",
            "clientvalue clv SampleData/billing.csv --model auto --calibration-end 2024-06-30 --holdout-end 2025-06-30",
            "clientvalue clv SampleData/billing.csv --model pareto-nbd --alive-at 2026-12-31",
            "clientvalue clv SampleData/billing.csv --model sbg --discount-monthly 0.008",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard arguments.positionals.count <= 1 else {
            throw UsageError(message: "Too many arguments; expected one billing file", command: spec.name)
        }
        let format = try CommonOptions.format(arguments, command: spec.name)
        let importOptions = try CommonOptions.importOptions(arguments, command: spec.name)
        var unit = TimeUnit.week
        if let text = arguments.value("time-unit") {
            guard let parsed = TimeUnit(rawValue: text.lowercased()) else {
                throw UsageError(message: "Invalid value '\(text)' for '--time-unit'; expected day, week or month", command: spec.name)
            }
            unit = parsed
        }
        let modelName = arguments.value("model")?.lowercased() ?? "bgnbd"
        let kind = PurchaseModelKind(rawValue: modelName)
        guard kind != nil || ["auto", "bgbb", "sbg"].contains(modelName) else {
            throw UsageError(message: "Invalid value '\(modelName)' for '--model'; expected bgnbd, pareto-nbd, mbgnbd, bgbb, sbg or auto", command: spec.name)
        }
        let yearly = modelName == "bgbb" || modelName == "sbg"
        let aliveAt = try CommonOptions.date(arguments, "alive-at", command: spec.name)
        let asOf = try CommonOptions.date(arguments, "as-of", command: spec.name)
        let calibrationEnd = try CommonOptions.date(arguments, "calibration-end", command: spec.name)
        let holdoutEnd = try CommonOptions.date(arguments, "holdout-end", command: spec.name)
        guard (calibrationEnd == nil) == (holdoutEnd == nil) else {
            throw UsageError(message: "'--calibration-end' and '--holdout-end' go together", command: spec.name)
        }
        if yearly && (holdoutEnd != nil || aliveAt != nil || arguments.has("historical")) {
            throw UsageError(message: "'--model \(modelName)' takes neither '--calibration-end', '--holdout-end', '--alive-at' nor '--historical'; they are for bgnbd, pareto-nbd, mbgnbd and auto",
                             command: spec.name)
        }
        var options = CLVOptions()
        options.horizonMonths = try CommonOptions.integer(arguments, command: spec.name, "horizon-months", default: 12, range: 1...1200)
        if let text = arguments.value("discount-monthly") {
            guard let rate = Double(text), rate > -1, rate < 1 else {
                throw UsageError(message: "Invalid value '\(text)' for '--discount-monthly'; expected a monthly rate such as 0.01", command: spec.name)
            }
            options.monthlyDiscountRate = rate
        }
        let marginFromCost = arguments.value("margin")?.lowercased() == "from-cost"
        if let text = arguments.value("margin"), !marginFromCost {
            guard let margin = Double(text), margin >= 0, margin <= 1 else {
                throw UsageError(message: "Invalid value '\(text)' for '--margin'; expected a fraction from 0 to 1, or from-cost", command: spec.name)
            }
            options.margin = margin
        }
        let fiscalStart = try NPSCommand.month(arguments.value("fiscal-year-start"))
        let wantsHistory = arguments.has("historical")
        let limit = try CommonOptions.integer(arguments, command: spec.name, "limit", default: format.listsInFull ? 0 : 20,
                                              range: 0...Int.max)

        // One pass over the billing lines: only the three columns the models need, unless the
        // ledger (history, or the margin from cost) needs every column.
        let (source, name) = CommonOptions.source(arguments.positionals.first, io)
        let summaryOptions = TransactionSummaryOptions(unit: unit, observationEnd: asOf)
        var builder: TransactionSummaryBuilder
        var ledger: ClientLedger?
        let importSummary: ImportSummary
        if wantsHistory || marginFromCost {
            let reader = try RecordReader<BillingLine>(source, file: name, options: importOptions)
            builder = TransactionSummaryBuilder(options: summaryOptions)
            var fullLedger = ClientLedger(asOf: asOf, fiscalYearStartMonth: fiscalStart)
            while let line = try reader.nextWithoutExtraValues() {
                builder.add(line)
                do {
                    try fullLedger.add(line)
                } catch {
                    throw FileLevelError(error, file: name)
                }
            }
            ledger = fullLedger
            importSummary = reader.summary
        } else {
            let log = try TransactionSummaryBuilder.read(source, file: name, importOptions: importOptions, options: summaryOptions)
            builder = log.builder
            importSummary = log.importSummary
        }
        let history = ledger?.history()
        if marginFromCost {
            guard let margin = history?.margin else {
                throw FileLevelError(file: name, message: "--margin from-cost needs a cost column with values")
            }
            options.margin = margin
        }
        options.aliveAt = aliveAt
        let summary = builder.summary()
        if let aliveAt, aliveAt <= summary.observationEnd {
            throw UsageError(message: "'--alive-at' \(aliveAt) must be after the end of observation, \(summary.observationEnd)", command: spec.name)
        }
        if yearly {
            let activity = builder.annualActivity(end: summary.observationEnd)
            let forecast: AnnualCLVRendering.Forecast
            do {
                forecast = modelName == "bgbb" ? .bgbb(try AnnualValueForecast(activity, options: options))
                                               : .sbg(try RetentionForecast(activity, options: options))
            } catch {
                throw FileLevelError(file: name, message: error.message)
            }
            let rendering = AnnualCLVRendering(forecast: forecast, billing: importSummary, limit: limit)
            let text: String
            switch format {
            case .json: text = try rendering.json()
            case .table, .markdown, .html: text = rendering.text(format)
            case .csv: text = try forecast.result.rendered(as: .csv, options: RenderOptions(limit: limit))
            }
            try CommonOptions.emit(text, arguments, io)
            reportRejects(importSummary, name: name, io)
            io.leaveForExit((builder, summary, ledger, activity, forecast))
            return ExitCode.success
        }
        let forecast: LifetimeValueForecast
        var holdout: HoldoutValidation?
        var comparison: ModelComparison?
        do {
            let period = calibrationEnd.flatMap { c in holdoutEnd.map { HoldoutPeriod(calibrationEnd: c, holdoutEnd: $0) } }
            var chosen = kind ?? .bgnbd
            if modelName == "auto" {
                let compared = try ModelComparison(summary, holdout: period, transactions: builder)
                chosen = compared.chosen
                comparison = compared
            }
            forecast = try LifetimeValueForecast(summary, options: options, model: chosen)
            if let period {
                holdout = try HoldoutValidation(builder, calibrationEnd: period.calibrationEnd, holdoutEnd: period.holdoutEnd, model: chosen)
            }
        } catch {
            throw FileLevelError(file: name, message: error.message)
        }
        let rendering = CLVRendering(forecast: forecast, holdout: holdout, history: wantsHistory ? history : nil,
                                     billing: importSummary, limit: limit, comparison: comparison)
        let text: String
        switch format {
        case .json: text = try JSONText.encode(rendering.json(), convertingKeys: false)
        case .table, .markdown, .html: text = rendering.text(format)
        case .csv: text = try forecast.rendered(as: .csv, options: RenderOptions(limit: limit))
        }
        try CommonOptions.emit(text, arguments, io)
        reportRejects(importSummary, name: name, io)
        if let warning = forecast.spendSelection.warning { io.stderr.write("\(name): warning: \(warning)\n") }
        io.leaveForExit((builder, summary, ledger, rendering))
        return ExitCode.success
    }

    private static func reportRejects(_ summary: ImportSummary, name: String, _ io: CommandIO) {
        if summary.rowsRejected > 0 {
            io.stderr.write("\(name): \(summary.rowsRejected) of \(summary.rowsRead) rows rejected\n")
        }
    }
}
