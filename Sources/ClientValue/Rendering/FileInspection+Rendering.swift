extension FileInspection: RenderableResult {
    /// The inspection as the `inspect` command prints it: the file, its kind, dialect, date
    /// order and row counts (with duplicate rows and missing columns); the columns; the first
    /// errors.
    ///
    /// The first section has no title: its facts open the output, with labels padded to 14
    /// characters in a terminal.
    ///
    /// - Parameter options: not used: the inspection already holds only the first errors.
    /// - Returns: the facts, then `Columns` and, when there are errors, `First errors`.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        var delimiterText = dialect.delimiter.name
        if dialect.hadSepLine { delimiterText += " (from the sep= line)" } else if dialect.delimiterWasSniffed { delimiterText += " (sniffed)" }
        let kindText = kind.map { kind in "\(kind.rawValue)" + (kindSource.map { " (from the \($0))" } ?? "") }
            ?? "unknown (give --kind to check rows against billing, surveys, contacts or wallet)"
        var rows = "\(NumberText.grouped(rowsRead)) read: \(NumberText.grouped(rowsAccepted)) accepted, \(NumberText.grouped(rowsRejected)) rejected"
        if emptyRowsSkipped > 0 { rows += " (\(NumberText.grouped(emptyRowsSkipped)) empty rows skipped)" }
        if !missingColumns.isEmpty {
            rows += " (checked as CSV only: a required column is missing)"
        } else if !duplicateColumns.isEmpty {
            rows += " (checked as CSV only: a column name is repeated)"
        }
        var facts = [
            ResultFact(label: "File", value: file ?? "<input>"),
            ResultFact(label: "Kind", value: kindText),
            ResultFact(label: "Delimiter", value: delimiterText),
            ResultFact(label: "Encoding", value: dialect.encoding.rawValue + (dialect.hadByteOrderMark ? ", with BOM" : ", no BOM")),
            ResultFact(label: "Line endings", value: dialect.lineEnding.rawValue.uppercased()),
            ResultFact(label: "Quoting", value: dialect.quoting.rawValue),
            ResultFact(label: "Date order", value: dateOrder.map(\.rawValue) ?? "not needed"),
            ResultFact(label: "Rows", value: rows),
        ]
        if duplicateRowCount > 0 { facts.append(ResultFact(label: "Duplicates", value: duplicatesText)) }
        if !missingColumns.isEmpty {
            facts.append(ResultFact(label: "Missing", value: missingColumns.joined(separator: ", ") + " (required for \(kind?.rawValue ?? "this kind"))"))
        }
        var sections = [ResultSection(title: nil, facts: facts, labelWidth: 14),
                        ResultSection(title: "Columns", blocks: [.table(primaryTable(options: options))])]
        if !errors.isEmpty {
            sections.append(ResultSection(title: "First errors", blocks: [.list(errors.map { "\(file ?? "<input>"):\($0.line):\($0.column): error: \($0.message)" })]))
        }
        return sections
    }

    /// The columns, one row each: position, header, the field it maps to, the expected and
    /// inferred types, empty cells and an example value (up to 40 characters).
    ///
    /// - Parameter options: not used.
    /// - Returns: the column table.
    public func primaryTable(options: RenderOptions) -> TextTable {
        var table = TextTable(columns: ["#", "header", "maps_to", "expected", "inferred", "empty", "example"],
                              alignments: [.right, .left, .left, .left, .left, .right, .left])
        for column in columns {
            table.append([String(column.column), column.header, column.field ?? "(extra)", column.expectedType?.rawValue ?? "",
                          column.inferredType?.rawValue ?? "", String(column.emptyCount), String((column.example ?? "").prefix(40))])
        }
        return table
    }

    /// `2 rows repeat an earlier row (kept): line 5 = line 3, line 9 = line 2`.
    private var duplicatesText: String {
        let count = duplicateRowCount
        var text = count == 1 ? "1 row repeats an earlier row (kept)" : "\(NumberText.grouped(count)) rows repeat an earlier row (kept)"
        let listed = duplicateRows.map { "line \($0.line) = line \($0.firstLine)" }
        if !listed.isEmpty { text += ": " + listed.joined(separator: ", ") + (count > listed.count ? ", …" : "") }
        return text
    }
}
