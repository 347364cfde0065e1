import ClientValue

/// `clientvalue correlate`: does contact go with loyalty and revenue? Pearson, Spearman and
/// Kendall with p-values, partial correlation, and a correlation matrix over client features.
enum CorrelateCommand: Command {
    static let spec = CommandSpec(
        name: "correlate",
        overview: "Correlations between client features (contacts, scores, revenue, share of wallet...) or any two numeric CSV columns, with p-values and intervals.",
        arguments: [],
        options: [
            OptionSpec(name: "contacts", valueName: "<file>", help: "Contacts CSV (contacts_per_year, days_since_contact, partners_in_contact)."),
            OptionSpec(name: "surveys", valueName: "<file>", help: "Surveys CSV (mean_score)."),
            OptionSpec(name: "billing", valueName: "<file>", help: "Billing CSV (revenue_t12m, revenue_annual, profit, margin, tenure_years, practice_areas)."),
            OptionSpec(name: "wallet", valueName: "<file>", help: "Wallet CSV, with --billing (share_of_wallet)."),
            OptionSpec(name: "clv", valueName: nil, help: "With --billing, add the 12-month lifetime value (clv)."),
            OptionSpec(name: "table", valueName: "<file>", help: "Any CSV instead: --x and --y name its numeric columns."),
            OptionSpec(name: "x", valueName: "<features>", help: "Comma-separated features or columns on one side.", defaultValue: "contacts_per_year"),
            OptionSpec(name: "y", valueName: "<features>", help: "Comma-separated features or columns on the other side.", defaultValue: "mean_score,revenue_t12m"),
            OptionSpec(name: "control", valueName: "<features>", help: "Partial correlation controlling for these (such as revenue_t12m)."),
            OptionSpec(name: "method", valueName: "<method>", help: "pearson, spearman, kendall or all.", defaultValue: "all"),
            OptionSpec(name: "matrix", valueName: nil, help: "Also print the correlation matrix over every feature (Spearman unless --method says otherwise)."),
            OptionSpec(name: "as-of", valueName: "<date>", help: "\"Today\" for the trailing 12 months.", defaultValue: "the latest date in the files"),
        ] + CommonOptions.output + CommonOptions.reading,
        examples: [
            "clientvalue correlate --contacts SampleData/contacts.csv --surveys SampleData/surveys.csv --billing SampleData/billing.csv",
            "clientvalue correlate --contacts C.csv --surveys S.csv --billing B.csv --y mean_score --control revenue_t12m",
            "clientvalue correlate --contacts C.csv --billing B.csv --wallet W.csv --matrix --format json",
            "clientvalue correlate --table features.csv --x visits --y retention,spend",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard arguments.positionals.isEmpty else {
            throw UsageError(message: "Unexpected argument '\(arguments.positionals[0])'; give files with --contacts, --surveys, --billing or --table", command: spec.name)
        }
        let format = try CommonOptions.format(arguments, command: spec.name)
        let importOptions = try CommonOptions.importOptions(arguments, command: spec.name)
        let methods: [CorrelationMethod]
        switch arguments.value("method")?.lowercased() ?? "all" {
        case "all": methods = [.pearson, .spearman, .kendall]
        case "pearson": methods = [.pearson]
        case "spearman": methods = [.spearman]
        case "kendall": methods = [.kendall]
        default:
            throw UsageError(message: "Invalid value '\(arguments.value("method") ?? "")' for '--method'; expected pearson, spearman, kendall or all", command: spec.name)
        }
        let list = { (name: String, fallback: String) -> [String] in
            (arguments.value(name) ?? fallback).split(separator: ",").map { String($0).filter { $0 != " " } }.filter { !$0.isEmpty }
        }
        let table: ClientFeatureTable
        var imports: [ImportSummary] = []
        if let path = arguments.value("table") {
            guard ["contacts", "surveys", "billing", "wallet"].allSatisfy({ arguments.value($0) == nil }) else {
                throw UsageError(message: "'--table' reads one CSV on its own; leave out --contacts, --surveys, --billing and --wallet", command: spec.name)
            }
            let wanted = list("x", "") + list("y", "") + list("control", "")
            guard !list("x", "").isEmpty, !list("y", "").isEmpty else {
                throw UsageError(message: "'--table' needs --x and --y naming its columns", command: spec.name)
            }
            table = try numericColumns(path, wanted, importOptions, io)
        } else {
            guard ["contacts", "surveys", "billing"].contains(where: { arguments.value($0) != nil }) else {
                throw UsageError(message: "Give at least one of --contacts, --surveys and --billing, or --table", command: spec.name)
            }
            if arguments.value("wallet") != nil && arguments.value("billing") == nil {
                throw UsageError(message: "'--wallet' needs '--billing'", command: spec.name)
            }
            try CommonOptions.checkMappedFields(importOptions, kinds: [ContactEvent.columns, SurveyResponse.columns, BillingLine.columns, WalletEntry.columns],
                                                command: spec.name)
            let files = ExportFiles(billing: arguments.value("billing").map { CommonOptions.exportFile($0, io) },
                                    surveys: arguments.value("surveys").map { CommonOptions.exportFile($0, io) },
                                    contacts: arguments.value("contacts").map { CommonOptions.exportFile($0, io) },
                                    wallet: arguments.value("wallet").map { CommonOptions.exportFile($0, io) })
            let inputs = try CommonOptions.readData(files, asOf: try CommonOptions.date(arguments, "as-of", command: spec.name),
                                                    keepsTransactions: arguments.has("clv"), options: importOptions, command: spec.name)
            imports = inputs.imports
            var forecast: LifetimeValueForecast?
            if let transactions = inputs.transactions {
                do {
                    forecast = try LifetimeValueForecast(transactions.summary())
                } catch {
                    throw FileLevelError(file: arguments.value("billing"), message: error.message)
                }
            }
            table = ClientFeatureTable(asOf: inputs.asOf, contacts: inputs.contacts, surveys: inputs.surveys, billing: inputs.billing,
                                       history: inputs.history, wallet: inputs.wallet, forecast: forecast)
        }
        func column(_ name: String) throws(UsageError) -> [Double] {
            guard let values = table.column(name) else {
                throw UsageError(message: "No feature '\(name)' from the files given; available: \(table.features.joined(separator: ", "))", command: spec.name)
            }
            return values
        }
        let controls = try list("control", "").map { name throws(UsageError) in try column(name) }
        let controlNames = list("control", "")
        var pairs: [CorrelationPair] = []
        for x in list("x", "contacts_per_year") {
            for y in list("y", "mean_score,revenue_t12m") where y != x {
                let xs = try column(x), ys = try column(y)
                let all = Correlation.all(xs, ys)
                pairs.append(CorrelationPair(x: x, y: y, n: all.pearson.n,
                                             pearson: methods.contains(.pearson) ? all.pearson : nil,
                                             spearman: methods.contains(.spearman) ? all.spearman : nil,
                                             kendall: methods.contains(.kendall) ? all.kendall : nil,
                                             partial: controls.isEmpty ? nil : Correlation.partial(xs, ys, controls: controls),
                                             control: controlNames))
            }
        }
        var matrix: CorrelationMatrix?
        if arguments.has("matrix") {
            let method = methods.count == 1 ? methods[0] : .spearman
            matrix = CorrelationMatrix(table, method: method)
        }
        let text: String
        switch format {
        case .json:
            text = try JSONText.encode(CorrelateJSON(asOf: table.asOf, clients: table.clientIDs.count, pairs: pairs.map(PairJSON.init),
                                                     matrix: Nullable(matrix)), convertingKeys: false)
        case .csv, .table, .markdown, .html:
            let correlations = FeatureCorrelations(asOf: table.asOf, clients: table.clientIDs.count, features: table.features, pairs: pairs, matrix: matrix)
            text = try correlations.rendered(as: format)
        }
        try CommonOptions.emit(text, arguments, io)
        io.reportRejected(imports)
        io.leaveForExit(table)
        return ExitCode.success
    }

    /// The named numeric columns of any CSV; an empty field is missing (NaN), anything else
    /// that is not a number is an error naming its place. With `--on-error skip` such a row
    /// (or a malformed one) is left out instead, written unchanged with its line and reason to
    /// `--rejects`, and counted on standard error, as the importers do.
    static func numericColumns(_ path: String, _ names: [String], _ options: ImportOptions, _ io: CommandIO) throws -> ClientFeatureTable {
        let (source, name) = CommonOptions.source(path, io)
        let reader = try CSVReader(source, file: name, options: options.csv)
        var indices: [Int] = []
        for wanted in names {
            guard let index = reader.header.firstIndex(of: wanted) ?? reader.header.firstIndex(where: { ColumnSpec.normalized($0) == ColumnSpec.normalized(wanted) }) else {
                throw UsageError(message: "No column '\(wanted)' in \(name); found \(reader.header.map { "'\($0)'" }.joined(separator: ", "))", command: spec.name)
            }
            indices.append(index)
        }
        let skip = options.onError == .skip
        var rejects: RejectsWriter?
        if skip, let rejectsPath = options.rejectsPath {
            rejects = try RejectsWriter(path: rejectsPath, header: reader.header, delimiter: reader.dialect.delimiter)
        }
        var rowsRead = 0, rowsRejected = 0
        func reject(_ raw: [UInt8], line: Int, reason: String) throws {
            rowsRejected += 1
            try rejects?.write(raw: raw, line: line, reason: reason)
        }
        var columns = [[Double]](repeating: [], count: names.count)
        var row = [Double](repeating: .nan, count: names.count)
        rows: while true {
            let hasRecord: Bool
            do {
                hasRecord = try reader.next()
            } catch {
                guard skip else { throw error }
                rowsRead += 1
                try reject(reader.rejectedRecord, line: error.position.line, reason: error.message)
                continue
            }
            guard hasRecord else { break }
            rowsRead += 1
            for (k, index) in indices.enumerated() {
                if let parsed = reader.withField(index, { bytes in plainDecimal(bytes) }) {
                    row[k] = parsed
                    continue
                }
                let text = reader.field(index).filter { $0 != " " }
                if text.isEmpty {
                    row[k] = .nan
                } else if isDecimalNumber(text), let value = Double(text), value.isFinite {
                    row[k] = value
                } else {
                    let position = reader.fieldPosition(index)
                    let problem = "column '\(reader.header[index])': \"\(reader.field(index))\" is not a number"
                    guard skip else { throw FileLevelError(file: name, message: "line \(position.line), " + problem) }
                    try reject(reader.withRawRecord { Array($0) }, line: position.line, reason: problem)
                    continue rows
                }
            }
            for k in row.indices { columns[k].append(row[k]) }
        }
        try rejects?.close()
        if rowsRejected > 0 { io.stderr.write("\(name): \(rowsRejected) of \(rowsRead) rows rejected\n") }
        return ClientFeatureTable(columns: Dictionary(zip(names, columns), uniquingKeysWith: { a, _ in a }), order: names)
    }
}

/// Whether `text` is written as a decimal number, perhaps with an exponent (`-1.5`, `2.5e3`):
/// only digits, `.`, `e`, `E`, `+` and `-`. `Double(_:)` also reads hexadecimal (`0x10` is 16),
/// `nan` and `inf`, which in an export are typing slips, not numbers.
func isDecimalNumber(_ text: String) -> Bool {
    text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B || $0 == 0x2D }
}

/// A plain decimal (`-12`, `3.25`) read straight from bytes, or nil for anything else (empty
/// fields, exponents, spaces, more than 15 digits), which the caller reads as text. m / 10^k of
/// two exact doubles is correctly rounded, so the value equals `Double(text)`.
func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    guard !bytes.isEmpty else { return nil }
    var i = 0, negative = false
    if bytes[0] == UInt8(ascii: "-") {
        negative = true
        i = 1
    }
    var mantissa: Int64 = 0, digits = 0, decimals = 0, seenPoint = false
    while i < bytes.count {
        let b = bytes[i]
        if b >= 48 && b <= 57 {
            mantissa = mantissa * 10 + Int64(b - 48)
            digits += 1
            if seenPoint { decimals += 1 }
        } else if b == UInt8(ascii: "."), !seenPoint {
            seenPoint = true
        } else {
            return nil
        }
        i += 1
    }
    guard digits > 0, digits <= 15 else { return nil }
    let powers: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
    let value = Double(mantissa) / powers[decimals]
    return negative ? -value : value
}

/// The `correlate --format json` document, in the issue's shape.
struct CorrelateJSON: Encodable {
    var asOf: Day
    var clients: Int
    var pairs: [PairJSON]
    var matrix: Nullable<CorrelationMatrix>
    enum CodingKeys: String, CodingKey { case asOf = "as_of", clients, pairs, matrix }
}

struct PairJSON: Encodable {
    struct Pearson: Encodable { var r: Double?; var p: Double?; var ci95: [Double]?; var reason: String? }
    struct Spearman: Encodable { var rho: Double?; var p: Double?; var reason: String? }
    struct Kendall: Encodable { var tauB: Double?; var p: Double?; var reason: String?
        enum CodingKeys: String, CodingKey { case tauB = "tau_b", p, reason } }
    struct Partial: Encodable { var control: [String]; var r: Double?; var p: Double?; var df: Double?; var reason: String? }

    var x: String
    var y: String
    var n: Int
    var pearson: Nullable<Pearson>
    var spearman: Nullable<Spearman>
    var kendall: Nullable<Kendall>
    var partial: Nullable<Partial>
    var meaning: String

    init(_ pair: CorrelationPair) {
        x = pair.x
        y = pair.y
        n = pair.n
        pearson = Nullable(pair.pearson.map { Pearson(r: $0.coefficient, p: $0.pValue, ci95: $0.interval.map { [$0.lower, $0.upper] }, reason: $0.undefinedReason) })
        spearman = Nullable(pair.spearman.map { Spearman(rho: $0.coefficient, p: $0.pValue, reason: $0.undefinedReason) })
        kendall = Nullable(pair.kendall.map { Kendall(tauB: $0.coefficient, p: $0.pValue, reason: $0.undefinedReason) })
        partial = Nullable(pair.partial.map { Partial(control: pair.control, r: $0.coefficient, p: $0.pValue, df: $0.degreesOfFreedom, reason: $0.undefinedReason) })
        meaning = pair.headline.map(CorrelationWording.describe) ?? ""
    }
}
