/// A transaction summary builder read straight from a billing export, with what the import saw.
public struct TransactionLog: Sendable {
    /// The builder holding every accepted line: call ``TransactionSummaryBuilder/summary()``
    /// for the purchase histories, or ``TransactionSummaryBuilder/annualActivity(end:)``.
    public var builder: TransactionSummaryBuilder
    /// What the import saw: rows read, accepted and rejected, and the first errors.
    public var importSummary: ImportSummary
}

extension TransactionSummaryBuilder {
    /// Reads the three columns a purchase history needs (client_id, invoice_date, amount) from a
    /// billing export, without building a ``BillingLine`` per row.
    ///
    /// Only those columns are checked: a row is rejected for a missing client id, a bad date
    /// or a bad amount, as ``RecordReader`` would reject it, but a malformed value in another
    /// column (a cost, say) is not looked at. Rejected rows follow `importOptions.onError`.
    ///
    /// A regular file of 4 MiB or more is read on all processors (up to 8), with the same
    /// builder, errors, rejects and summary as reading it from start to end.
    ///
    /// ```swift
    /// let log = try TransactionSummaryBuilder.read(.file(path: "SampleData/billing.csv"),
    ///                                              options: TransactionSummaryOptions(unit: .week))
    /// let summary = log.builder.summary()
    /// ```
    ///
    /// - Parameters:
    ///   - source: Where to read the export from (a file path, standard input or bytes).
    ///   - file: The name to give in error messages; `nil` for the source's own name.
    ///   - importOptions: How to read the CSV and what to do with a bad row.
    ///   - options: The unit and observation end of the builder's summary.
    /// - Returns: The builder with every accepted line, and the import's summary.
    /// - Throws: ``ImportError``, as ``RecordReader`` does: when the file cannot be read, the
    ///   CSV is malformed, a required column is missing, or a row is bad and
    ///   `importOptions.onError` says to stop.
    /// - Complexity: O(rows), in one pass (split across processors for a large file).
    public static func read(_ source: ByteSourceKind, file: String? = nil, importOptions: ImportOptions = ImportOptions(),
                            options: TransactionSummaryOptions = TransactionSummaryOptions()) throws(ImportError) -> TransactionLog {
        try read(source, file: file, importOptions: importOptions, options: options, plan: .automatic)
    }

    /// Reads a billing export in parallel when `plan` and the file allow (see ``ParallelImport``),
    /// else sequentially.
    static func read(_ source: ByteSourceKind, file: String?, importOptions: ImportOptions, options: TransactionSummaryOptions,
                     plan: ParallelImport.Plan) throws(ImportError) -> TransactionLog {
        if let log = readInParallel(source, file: file, importOptions: importOptions, options: options, plan: plan) { return log }
        let reader = try RecordReader<BillingLine>(source, file: file, options: importOptions)
        var builder = try lines(of: reader, options: options)
        builder.setClientIDs(reader.cursor.values(table: 0))
        return TransactionLog(builder: builder, importSummary: reader.summary)
    }

    /// The log read in parts on several threads; `nil` when the file does not qualify or the
    /// parallel read could differ from the sequential one (a bad row, say), which the caller
    /// then reads from the start.
    ///
    /// Each part fills its own builder, whose slots are the codes of its own client table. The
    /// merge keeps the first part's builder and table, and appends each later part's lines in
    /// file order with its slots renumbered through that table (``ImportCursor/recode(_:table:)``):
    /// the lines, their order and the slots are then those of the sequential read, so the
    /// builder holds exactly what the sequential read's does (``Contents``), and ``summary()``
    /// lists clients in the same order of first appearance and sums in the same order.
    static func readInParallel(_ source: ByteSourceKind, file: String?, importOptions: ImportOptions,
                               options: TransactionSummaryOptions, plan: ParallelImport.Plan) -> TransactionLog? {
        // `options` is a Sendable value the part threads only read.
        guard let result = ParallelImport.readCoded(source, file: file, options: importOptions, plan: plan, as: BillingLine.self, decode: {
            reader throws(ImportError) in try lines(of: reader, options: options)
        }), let first = result.parts.first else { return nil }
        var builder = first.value.value
        let clients = first.value.cursor.value
        builder.reserveCapacity(lines: result.parts.reduce(0) { $0 + $1.value.value.lineCount })
        for part in result.parts.dropFirst() {
            builder.append(part.value.value, renumbering: clients.recode(part.value.values(table: 0), table: 0))
        }
        builder.setClientIDs(clients.values(table: 0))
        return TransactionLog(builder: builder, importSummary: result.summary)
    }

    /// A builder of every remaining row of `reader`, its slots the codes of the reader's client
    /// table (not yet named).
    private static func lines(of reader: RecordReader<BillingLine>, options: TransactionSummaryOptions) throws(ImportError) -> TransactionSummaryBuilder {
        var builder = TransactionSummaryBuilder(options: options)
        while try reader.nextRow({ row throws(ImportError) -> Bool in
            let client = try row.code(0)
            let day = try row.day(1).daysSince1970
            let amount = try row.money(2).minorUnits
            builder.add(slot: client, day: day, cents: amount)
            return true
        }) != nil {}
        return builder
    }
}
