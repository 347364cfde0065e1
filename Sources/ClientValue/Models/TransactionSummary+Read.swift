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
        var builder = try lines(of: reader, options: options).builder
        builder.setClientIDs(reader.cursor.values(table: 0))
        return TransactionLog(builder: builder, importSummary: reader.summary)
    }

    /// The log read on several threads; `nil` when the file does not qualify or the parallel
    /// read could differ from the sequential one (a bad row, say), which the caller then reads
    /// from the start.
    ///
    /// The threads share out the file's blocks (``ParallelImport/readShared(_:file:options:plan:as:decode:)``),
    /// so the file is never held in memory. Each thread fills its own builder, whose slots are
    /// the codes of its own client table, and notes where each of its blocks begins. The merge
    /// takes the blocks in file order: it numbers the client ids each block shows its thread
    /// for the first time, by first appearance in the file (``ParallelImport/CodeMerger``), and
    /// appends the block's lines with their slots renumbered. The lines, their order and the
    /// slots are then those of the sequential read, so the builder holds exactly what the
    /// sequential read's does (``Contents``), and ``summary()`` lists clients in the same
    /// order of first appearance and sums in the same order.
    static func readInParallel(_ source: ByteSourceKind, file: String?, importOptions: ImportOptions,
                               options: TransactionSummaryOptions, plan: ParallelImport.Plan) -> TransactionLog? {
        // `options` is a Sendable value the threads only read.
        guard let result = ParallelImport.readShared(source, file: file, options: importOptions, plan: plan, as: BillingLine.self, decode: {
            reader throws(ImportError) in try lines(of: reader, options: options, notingBlocks: true)
        }) else { return nil }
        let parts = result.values
        let blocks = ParallelImport.blocksInFileOrder(parts.map(\.value.starts), rowCounts: parts.map(\.value.builder.lineCount),
                                                      codeCounts: parts.map { [$0.cursor.value.valueCount(table: 0)] })
        let values = parts.map { $0.values(table: 0) }
        var clients = ParallelImport.CodeMerger(readers: parts.count)
        var builder = TransactionSummaryBuilder(options: options)
        builder.reserveCapacity(lines: parts.reduce(0) { $0 + $1.value.builder.lineCount })
        for block in blocks {
            clients.number(block.newCodes[0], of: block.reader, values: values[block.reader])
            builder.append(parts[block.reader].value.builder, lines: block.rows, renumbering: clients.maps[block.reader])
        }
        builder.setClientIDs(clients.values)
        return TransactionLog(builder: builder, importSummary: result.summary)
    }

    /// What a read of billing rows makes: a builder of the rows, and, for one thread of a
    /// shared read, where each of its blocks begins (rows, and values of the client table).
    private struct BlockedLines: Sendable {
        var builder: TransactionSummaryBuilder
        var starts: ParallelImport.BlockStarts
    }

    /// A builder of every remaining row of `reader`, its slots the codes of the reader's client
    /// table (not yet named); with `notingBlocks`, noting where each shared block begins.
    private static func lines(of reader: RecordReader<BillingLine>, options: TransactionSummaryOptions,
                              notingBlocks: Bool = false) throws(ImportError) -> BlockedLines {
        var builder = TransactionSummaryBuilder(options: options)
        var starts = ParallelImport.BlockStarts(tables: [0])
        while try reader.nextRow({ row throws(ImportError) -> Bool in
            if notingBlocks { starts.note(reader, rows: builder.lineCount) }
            let client = try row.code(0)
            let day = try row.day(1).daysSince1970
            let amount = try row.money(2).minorUnits
            builder.add(slot: client, day: day, cents: amount)
            return true
        }) != nil {}
        return BlockedLines(builder: builder, starts: starts)
    }
}
