import ClientValue

/// `clientvalue inspect FILE`: how a CSV file is read.
enum InspectCommand: Command {
    static let spec = CommandSpec(
        name: "inspect",
        overview: "Show how a CSV export is read: dialect, columns, row count, first errors.",
        arguments: [("file", "The CSV file to read; - reads standard input.")],
        options: [
            OptionSpec(name: "kind", valueName: "<kind>", help: "billing, surveys, contacts or wallet.", defaultValue: "from the file name, else the header"),
            OptionSpec(name: "rows", valueName: nil, help: "Print every record's fields as parsed, header first."),
            OptionSpec(name: "errors", valueName: "<n>", help: "How many errors to list.", defaultValue: "10"),
        ] + CommonOptions.output + CommonOptions.readingWithoutPolicy,
        examples: [
            "clientvalue inspect SampleData/billing.csv",
            "clientvalue inspect export.csv --kind surveys --date-order dmy --format json",
            "clientvalue inspect SampleData/surveys.csv --rows --format json",
            "clientvalue inspect billing.csv --rejects rejected.csv",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard arguments.positionals.count <= 1 else {
            throw UsageError(message: "Too many arguments; expected one file", command: spec.name)
        }
        let format = try CommonOptions.format(arguments, command: spec.name)
        let importOptions = try CommonOptions.importOptions(arguments, command: spec.name, alwaysSkips: true)
        let (source, name) = CommonOptions.source(arguments.positionals.first, io)
        if arguments.has("rows") {
            return try printRows(source, name, importOptions.csv, format, arguments, io)
        }
        var options = InspectOptions(importOptions: importOptions)
        if let text = arguments.value("kind") {
            guard let kind = FileKind(rawValue: text.lowercased()) else {
                throw UsageError(message: "Invalid value '\(text)' for '--kind'; expected billing, surveys, contacts or wallet", command: spec.name)
            }
            options.kind = kind
        }
        if let text = arguments.value("errors") {
            guard let limit = Int(text), limit >= 0 else {
                throw UsageError(message: "Invalid value '\(text)' for '--errors'; expected a whole number", command: spec.name)
            }
            options.errorLimit = limit
        }
        let progress = io.progress { bytes in "inspect: \(NumberText.grouped(bytes / 1_000_000)) MB read" }
        let inspection = try FileInspection.inspect(source, file: name, options: options, progress: progress)
        io.endProgress()
        let text: String
        switch format {
        case .table, .csv, .json, .html: text = try inspection.rendered(as: format)
        // Markdown has the column table alone, for pasting into a ticket or a wiki page.
        case .markdown: text = inspection.primaryTable(options: RenderOptions()).markdown()
        }
        try CommonOptions.emit(text, arguments, io)
        for issue in inspection.errors {
            io.stderr.write("\(name):\(issue.line):\(issue.column): error: \(issue.message)\n")
        }
        let hasErrors = inspection.rowsRejected > 0 || !inspection.missingColumns.isEmpty || !inspection.duplicateColumns.isEmpty
        return hasErrors ? ExitCode.dataError : ExitCode.success
    }

    /// `--rows`: every record as parsed; on a CSV error, only the error.
    private static func printRows(_ source: ByteSourceKind, _ name: String, _ options: CSVReadOptions, _ format: OutputFormat,
                                  _ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        do {
            let reader = try CSVReader(source, file: name, options: options)
            var rows = [reader.header]
            while try reader.next() { rows.append(reader.record) }
            let text: String
            switch format {
            case .json:
                text = "{\"rows\": [\n" + rows.map { "  " + JSONText.array($0) }.joined(separator: ",\n") + "\n]}\n"
            case .csv:
                let writer = CSVWriter(ByteSink(), options: CSVWriteOptions(delimiter: reader.dialect.delimiter))
                for row in rows { writer.writeRow(row) }
                text = String(decoding: writer.sink.memory, as: UTF8.self)
            case .table, .markdown, .html:
                text = TextTable(columns: rows[0], rows: Array(rows.dropFirst())).rendered(as: format)
            }
            try CommonOptions.emit(text, arguments, io)
            return ExitCode.success
        } catch let error as CSVError {
            io.stderr.write(error.diagnostic + "\n")
            if format == .json {
                let body = "{\"error\": {\"line\": \(error.position.line), \"column\": \(error.position.column), "
                    + "\"kind\": \(JSONText.quoted(error.kind.name)), \"message\": \(JSONText.quoted(error.message))}}\n"
                try CommonOptions.emit(body, arguments, io)
            }
            return ExitCode.dataError
        }
    }
}
