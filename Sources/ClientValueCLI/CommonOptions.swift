import ClientValue
import Foundation

/// Options shared by the commands that read exports or write results.
enum CommonOptions {
    static let output: [OptionSpec] = [
        OptionSpec(name: "format", valueName: "<format>", help: "table, csv, json, markdown or html (a fragment to embed in a page).", defaultValue: "table"),
        OptionSpec(name: "out", valueName: "<file>", help: "Write the result to <file> instead of standard output."),
    ]

    static let reading: [OptionSpec] = [
        OptionSpec(name: "delimiter", valueName: "<char>", help: "Field delimiter: , ; tab or |.", defaultValue: "sniffed"),
        OptionSpec(name: "encoding", valueName: "<name>", help: "utf-8, latin1 or windows-1252.", defaultValue: "utf-8"),
        OptionSpec(name: "lenient", valueName: nil, help: "Accept stray quotes as Python's csv module does."),
        OptionSpec(name: "date-order", valueName: "<order>", help: "dmy or mdy, for dates like 05/03/2024.", defaultValue: "inferred; ambiguous is an error"),
        OptionSpec(name: "excel-dates", valueName: nil, help: "Read plain numbers in date columns as Excel serial days."),
        OptionSpec(name: "decimal-comma", valueName: nil, help: "Amounts are written 1.234,50."),
        OptionSpec(name: "on-error", valueName: "<policy>", help: "fail stops at the first bad row; skip leaves bad rows out and counts them.", defaultValue: "fail"),
        OptionSpec(name: "rejects", valueName: "<file>", help: "With --on-error skip, write every rejected row unchanged with its reason to <file>."),
        OptionSpec(name: "map", valueName: "<field=header>", help: "Read canonical <field> from column <header>; repeatable.", repeatable: true),
    ]

    static func format(_ arguments: ParsedArguments, command: String) throws(UsageError) -> OutputFormat {
        guard let text = arguments.value("format") else { return .table }
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw UsageError(message: "Invalid value '\(text)' for '--format'; expected table, csv, json, markdown or html", command: command)
        }
        return format
    }

    /// The reading options without `--on-error`, for commands that always collect errors.
    static var readingWithoutPolicy: [OptionSpec] { reading.filter { $0.name != "on-error" } }

    /// - Parameter alwaysSkips: the command collects errors whatever `--on-error` says (inspect).
    static func importOptions(_ arguments: ParsedArguments, command: String, alwaysSkips: Bool = false) throws(UsageError) -> ImportOptions {
        var options = ImportOptions()
        if let text = arguments.value("delimiter") {
            guard let delimiter = CSVDelimiter(argument: text) else {
                throw UsageError(message: "Invalid value '\(text)' for '--delimiter'; expected , ; tab or |", command: command)
            }
            options.csv.delimiter = delimiter
        }
        if let text = arguments.value("encoding") {
            guard let encoding = TextEncoding(argument: text) else {
                throw UsageError(message: "Invalid value '\(text)' for '--encoding'; expected utf-8, latin1 or windows-1252", command: command)
            }
            options.csv.encoding = encoding
        }
        if arguments.has("lenient") { options.csv.quoting = .lenient }
        if let text = arguments.value("date-order") {
            guard let order = DateOrder(rawValue: text.lowercased()) else {
                throw UsageError(message: "Invalid value '\(text)' for '--date-order'; expected dmy or mdy", command: command)
            }
            options.dateOrder = order
        }
        options.excelDates = arguments.has("excel-dates")
        options.decimalComma = arguments.has("decimal-comma")
        if let text = arguments.value("on-error") {
            guard let policy = ErrorPolicy(rawValue: text.lowercased()) else {
                throw UsageError(message: "Invalid value '\(text)' for '--on-error'; expected fail or skip", command: command)
            }
            options.onError = policy
        }
        if alwaysSkips { options.onError = .skip }
        if let path = arguments.value("rejects") {
            guard options.onError == .skip else {
                throw UsageError(message: "'--rejects' needs '--on-error skip'", command: command)
            }
            options.rejectsPath = path
        }
        for mapping in arguments.values["map"] ?? [] {
            guard let equals = mapping.firstIndex(of: "="), equals != mapping.startIndex else {
                throw UsageError(message: "Invalid value '\(mapping)' for '--map'; expected field=Header, such as score=\"How likely...\"", command: command)
            }
            options.columnMap[String(mapping[..<equals])] = String(mapping[mapping.index(after: equals)...])
        }
        return options
    }

    /// The whole-number value of `--name`, or `value` when absent.
    static func integer(_ arguments: ParsedArguments, command: String, _ name: String, default value: Int,
                        range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = arguments.value(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            let upper = range.upperBound == .max ? " up" : " to \(range.upperBound)"
            throw UsageError(message: "Invalid value '\(text)' for '--\(name)'; expected a whole number from \(range.lowerBound)\(upper)",
                             command: command)
        }
        return number
    }

    /// The byte source for a file argument: `-` (or none) is standard input.
    static func source(_ path: String?, _ io: CommandIO) -> (source: ByteSourceKind, name: String) {
        guard let path, path != "-" else { return (io.stdin, "<stdin>") }
        return (.file(path: path), path)
    }

    /// The export at `path`, standard input for `-`.
    static func exportFile(_ path: String, _ io: CommandIO) -> ExportFile {
        let (source, name) = source(path, io)
        return ExportFile(source, name: name)
    }

    /// The billing, surveys and contacts of the folder argument (by their usual names), each
    /// replaced by `--billing`, `--surveys` or `--contacts` when given.
    /// - Throws: a usage error when none of the three is found.
    static func folderFiles(_ arguments: ParsedArguments, _ io: CommandIO, command: String) throws(UsageError) -> ExportFiles {
        var files = ExportFiles()
        if let folder = arguments.positionals.first, let found = try? ExportFiles(folder: folder) {
            files = ExportFiles(billing: found.billing, surveys: found.surveys, contacts: found.contacts)
        }
        if let path = arguments.value("billing") { files.billing = exportFile(path, io) }
        if let path = arguments.value("surveys") { files.surveys = exportFile(path, io) }
        if let path = arguments.value("contacts") { files.contacts = exportFile(path, io) }
        guard !files.isEmpty else {
            throw UsageError(message: "No input: give a folder with billing.csv, surveys.csv or contacts.csv, or the files with --billing, --surveys, --contacts",
                             command: command)
        }
        return files
    }

    /// The exports read with ``ClientDataSet/read(_:options:)``; its errors as the CLI words
    /// them: a missing `--as-of` is a usage error, a wallet problem belongs to the wallet file.
    static func readData(_ files: ExportFiles, asOf: Day?, keepsTransactions: Bool, options: ImportOptions, command: String) throws -> ClientDataSet {
        do {
            return try ClientDataSet.read(files, options: ClientDataOptions(asOf: asOf, keepsTransactions: keepsTransactions, importOptions: options))
        } catch {
            switch error {
            case .importFailed(let error): throw error
            case .wallet(let error, let file): throw FileLevelError(file: file, message: error.message)
            case .asOfNeeded: throw UsageError(message: "Give --as-of when the billing file, read from standard input, is the only dated input", command: command)
            }
        }
    }

    /// Writes `text` to `--out` if given, else to standard output.
    static func emit(_ text: String, _ arguments: ParsedArguments, _ io: CommandIO) throws(OutputError) {
        if let path = arguments.value("out"), path != "-" {
            let sink = try ByteSink(.file(path: path))
            sink.write(text)
            try sink.close()
        } else {
            io.stdout.write(text)
        }
    }
}

extension CommonOptions {
    /// A usage error when a `--map` entry names a field that none of the files read.
    static func checkMappedFields(_ options: ImportOptions, kinds: [[ColumnSpec]], command: String) throws(UsageError) {
        let known = Set(kinds.joined().map { ColumnSpec.normalized($0.name) })
        for field in options.columnMap.keys.sorted(by: { $0.precedesInCodePointOrder($1) }) where !known.contains(ColumnSpec.normalized(field)) {
            throw UsageError(message: "--map names field '\(field)', which none of the files read", command: command)
        }
    }
}

extension CommonOptions {
    /// The date given to `--name`, or nil without one.
    static func date(_ arguments: ParsedArguments, _ name: String, command: String) throws(UsageError) -> Day? {
        guard let text = arguments.value(name) else { return nil }
        switch FieldParser.day(text) {
        case .success(let day): return day
        case .failure(let failure):
            throw UsageError(message: "Invalid value '\(text)' for '--\(name)': \(failure.problem); expected a date such as 2025-06-30", command: command)
        }
    }
}

extension CommonOptions {
    /// `--abc a,b`: ABC thresholds as cumulative shares, 0 < a < b < 1; nil without the option.
    static func abcThresholds(_ arguments: ParsedArguments, command: String) throws(UsageError) -> ABCThresholds? {
        guard let text = arguments.value("abc") else { return nil }
        let parts = text.split(separator: ",").map { Double($0.filter { $0 != " " }) }
        guard parts.count == 2, let a = parts[0], let b = parts[1], a > 0, a < b, b < 1 else {
            throw UsageError(message: "Invalid value '\(text)' for '--abc'; expected two shares a,b with 0 < a < b < 1, such as 0.8,0.95", command: command)
        }
        return ABCThresholds(a: a, b: b)
    }
}

/// A data problem that belongs to a file as a whole rather than to a line of it: a model that
/// cannot be fitted, no responses before the as-of date. Printed as `FILE: error: MESSAGE`.
struct FileLevelError: PositionedError {
    var file: String?
    var message: String
    var position: SourcePosition { SourcePosition(line: 0, column: 0, byteOffset: 0) }

    init(file: String?, message: String) {
        self.file = file
        self.message = message
    }

    /// A client's billing total that no longer fits in ``Money``.
    init(_ overflow: BillingTotalOverflow, file: String) {
        self.init(file: file, message: "line \(overflow.line): the billing total of client '\(overflow.clientID)' is too large to add up")
    }
}
