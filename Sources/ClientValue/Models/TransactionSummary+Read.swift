/// A transaction summary builder read straight from a billing export, with what the import saw.
public struct TransactionLog: Sendable {
    public var builder: TransactionSummaryBuilder
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
    /// - Throws: ``ImportError``, as ``RecordReader`` does.
    public static func read(_ source: ByteSourceKind, file: String? = nil, importOptions: ImportOptions = ImportOptions(),
                            options: TransactionSummaryOptions = TransactionSummaryOptions()) throws(ImportError) -> TransactionLog {
        let reader = try RecordReader<BillingLine>(source, file: file, options: importOptions)
        var builder = TransactionSummaryBuilder(options: options)
        while try reader.nextRow({ row throws(ImportError) -> Bool in
            let client = try row.code(0)
            let day = try row.day(1).daysSince1970
            let amount = try row.money(2).minorUnits
            builder.add(slot: client, day: day, cents: amount)
            return true
        }) != nil {}
        builder.setClientIDs(reader.cursor.values(table: 0))
        return TransactionLog(builder: builder, importSummary: reader.summary)
    }
}
