/// What to add up when reading a billing export for the per-client views.
public struct ClientBillingOptions: Sendable, Hashable {
    /// "Today": the trailing twelve months end here, and the ledger leaves out later lines.
    public var asOf: Day
    /// Also keep every line's client, day and amount for the purchase-history models (16 bytes
    /// a line), summarised in `transactionUnit` up to `asOf`.
    public var keepsTransactions: Bool
    /// The time unit the kept transactions are summarised in (days, weeks or months), as the
    /// lifetime models use it.
    public var transactionUnit: TimeUnit
    /// The ledger's years run from this month (1 = calendar years).
    public var fiscalYearStartMonth: Int

    /// Options for one read of a billing export.
    ///
    /// - Parameters:
    ///   - asOf: "today": the end of the trailing twelve months and of the ledger.
    ///   - keepsTransactions: whether to keep every line for the lifetime models (off by
    ///     default).
    ///   - transactionUnit: the time unit of the kept transactions; weeks by default.
    ///   - fiscalYearStartMonth: the month (1…12) the ledger's years start in; 1 for calendar
    ///     years.
    public init(asOf: Day, keepsTransactions: Bool = false, transactionUnit: TimeUnit = .week, fiscalYearStartMonth: Int = 1) {
        self.asOf = asOf
        self.keepsTransactions = keepsTransactions
        self.transactionUnit = transactionUnit
        self.fiscalYearStartMonth = fiscalYearStartMonth
    }
}

/// One billing export read once into everything the per-client views use: trailing-twelve-month
/// billing per client and per client and partner, the value history (ledger), optionally the
/// transactions for the lifetime models, and the wallet file's billed revenue.
///
/// ```swift
/// let billing = try ClientBilling.read(.file(path: "billing.csv"),
///                                      options: ClientBillingOptions(asOf: Day(year: 2025, month: 6, day: 30)!))
/// billing.trailingBilling.total(for: "C00042")
/// billing.history.clients.first?.revenue
/// ```
public struct ClientBilling: Sendable {
    /// Net billing per client in the twelve months to the as-of date.
    public var trailingBilling: ClientBillingWindow
    /// Net billing per client and partner (`"(none)"` for lines without one) in the same window.
    public var partnerBilling: [String: [String: Money]]
    /// Each client's revenue, cost, profit and rates per year, to the as-of date.
    public var history: ValueHistory
    /// Every line's client, day and amount, when ``ClientBillingOptions/keepsTransactions``.
    public var transactions: TransactionSummaryBuilder?
    /// The wallet builder given to ``read(_:file:importOptions:options:wallet:)``, with every
    /// line added.
    public var wallet: ShareOfWalletBuilder?
    /// What the import read, accepted and rejected.
    public var importSummary: ImportSummary

    /// Reads a billing export.
    ///
    /// A regular UTF-8 file of 4 MiB to 1 GiB is read on all processors as string codes, with
    /// the same result as reading it line by line (which any other file gets, in bounded
    /// memory apart from the transactions).
    ///
    /// - Parameters:
    ///   - source: a file path, standard input, or bytes in memory.
    ///   - file: the name to use in messages and in the summary; the path by default.
    ///   - importOptions: dialect, date order, error policy, column map and rejects file.
    ///   - options: the as-of date, the fiscal year and whether to keep the transactions.
    ///   - wallet: a share-of-wallet builder, with its wallet entries, to feed every line to as
    ///     well; returned in ``wallet``.
    /// - Returns: the trailing billing, partner billing, ledger and, when asked, the
    ///   transactions, from one pass over the file.
    /// - Throws: ``ImportError`` for a bad row (as ``RecordReader`` reports it, following
    ///   `importOptions.onError`), or for a line that makes a total too large for ``Money``.
    /// - Complexity: O(lines); memory grows with the clients, plus 16 bytes a line when the
    ///   transactions are kept.
    public static func read(_ source: ByteSourceKind, file: String? = nil, importOptions: ImportOptions = ImportOptions(),
                            options: ClientBillingOptions, wallet: ShareOfWalletBuilder? = nil) throws(ImportError) -> ClientBilling {
        try read(source, file: file, importOptions: importOptions, options: options, wallet: wallet, plan: .automatic)
    }

    static func read(_ source: ByteSourceKind, file: String?, importOptions: ImportOptions, options: ClientBillingOptions,
                     wallet: ShareOfWalletBuilder?, plan: ParallelImport.Plan) throws(ImportError) -> ClientBilling {
        if let read = try readInParallel(source, file: file, importOptions: importOptions, options: options, wallet: wallet, plan: plan) {
            return read
        }
        let reader = try RecordReader<BillingLine>(source, file: file, options: importOptions)
        var totals = Totals(options: options, wallet: wallet)
        while let line = try reader.nextWithoutExtraValues() {
            do {
                try totals.add(line)
            } catch {
                let index = reader.cursor.fieldIndex[2]
                throw totalError(error, file: reader.summary.file, amountField: index, header: reader.cursor.reader.columnName(index))
            }
        }
        return totals.finish(importSummary: reader.summary)
    }

    /// The error for a line whose amount makes a total overflow, at that line's amount field
    /// (field index `amountField`, headed `header`).
    static func totalError(_ overflow: BillingTotalOverflow, file: String?, amountField: Int, header: String?) -> ImportError {
        ImportError(.invalidField(FieldParseFailure(problem: "makes the billing total of client '\(overflow.clientID)' too large to add up", hint: nil)),
                    position: SourcePosition(line: overflow.line, column: amountField + 1, byteOffset: 0), file: file,
                    columnName: header ?? "amount")
    }
}

extension ClientBilling {
    /// The running totals, fed line by line (``add(_:)``) or by string codes (``add(_:names:)``).
    struct Totals {
        let options: ClientBillingOptions
        let window: ClosedRange<Day>
        var ledger: ClientLedger
        var transactions: TransactionSummaryBuilder?
        var wallet: ShareOfWalletBuilder?
        // Line by line.
        var trailing: ClientBillingWindow
        var partnerCents: [String: [String: Int64]] = [:]

        init(options: ClientBillingOptions, wallet: ShareOfWalletBuilder?) {
            self.options = options
            window = ClientBillingWindow(trailingTwelveMonthsTo: options.asOf).window
            trailing = ClientBillingWindow(window: window)
            ledger = ClientLedger(asOf: options.asOf, fiscalYearStartMonth: options.fiscalYearStartMonth)
            transactions = options.keepsTransactions
                ? TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: options.transactionUnit, observationEnd: options.asOf)) : nil
            self.wallet = wallet
        }

        mutating func add(_ line: BillingLine) throws(BillingTotalOverflow) {
            try trailing.add(line)
            try ledger.add(line)
            try wallet?.add(line)
            transactions?.add(line)
            if window.contains(line.invoiceDate) {
                // A partner's share of a client's lines can pass Money's range even when the
                // client's total does not (credit notes under another partner): checked too.
                let partner = line.partner ?? "(none)"
                let (sum, overflow) = (partnerCents[line.clientID]?[partner] ?? 0).addingReportingOverflow(line.amount.minorUnits)
                guard !overflow else { throw BillingTotalOverflow(clientID: line.clientID, line: line.line) }
                partnerCents[line.clientID, default: [:]][partner] = sum
            }
        }

        func finish(importSummary: ImportSummary) -> ClientBilling {
            ClientBilling(trailingBilling: trailing,
                          partnerBilling: partnerCents.mapValues { $0.mapValues { Money(minorUnits: $0) } },
                          history: ledger.history(), transactions: transactions, wallet: wallet, importSummary: importSummary)
        }
    }
}

// MARK: - Reading by string codes

extension ClientBilling {
    /// Billing lines as columns, with text as codes of the reader's string tables (client_id,
    /// client_name, practice_area, partner; -1 for an empty optional field).
    struct CodedLines: Sendable {
        var client: [Int32] = [], name: [Int32] = [], area: [Int32] = [], partner: [Int32] = []
        var day: [Int32] = [], amount: [Int64] = [], cost: [Int64] = [], collected: [Int64] = [], standard: [Int64] = []
        /// Bit 0: cost given; bit 1: collected given; bit 2: standard value given.
        var given: [UInt8] = []

        var count: Int { client.count }

        /// For a reader of shared blocks: where each of its blocks begins, in lines and in
        /// values of the client id, client name, practice area and partner tables.
        var blockStarts: ParallelImport.BlockStarts?

        /// Every remaining row of `reader`; with `notingBlocks`, noting where each shared block
        /// begins (``blockStarts``).
        init(reading reader: RecordReader<BillingLine>, notingBlocks: Bool = false) throws(ImportError) {
            var lines = CodedLines()
            var starts = notingBlocks ? ParallelImport.BlockStarts(tables: [0, 3, 4, 5]) : nil
            while try reader.nextRow({ row throws(ImportError) -> Bool in
                starts?.note(reader, rows: lines.client.count)
                let client = try row.code(0)
                let day = try row.day(1).daysSince1970
                let amount = try row.money(2).minorUnits
                let cost = try row.optionalMoney(6)?.minorUnits
                let collected = try row.optionalMoney(7)?.minorUnits
                let standard = try row.optionalMoney(8)?.minorUnits
                lines.client.append(client)
                lines.name.append(row.optionalCode(3))
                lines.area.append(row.optionalCode(4))
                lines.partner.append(row.optionalCode(5))
                lines.day.append(day)
                lines.amount.append(amount)
                lines.cost.append(cost ?? 0)
                lines.collected.append(collected ?? 0)
                lines.standard.append(standard ?? 0)
                lines.given.append((cost == nil ? 0 : 1) | (collected == nil ? 0 : 2) | (standard == nil ? 0 : 4))
                return true
            }) != nil {}
            client = lines.client; name = lines.name; area = lines.area; partner = lines.partner
            day = lines.day; amount = lines.amount; cost = lines.cost; collected = lines.collected; standard = lines.standard
            given = lines.given
            blockStarts = starts
        }

        private init() {}
    }

    /// The billing read on several threads; `nil` when the file does not qualify or the
    /// parallel read could differ from the sequential one (a bad row, a total that would
    /// overflow), which the caller then reads from the start.
    ///
    /// The threads share out the file's blocks (``ParallelImport/readShared(_:file:options:plan:as:decode:)``),
    /// so the file is never held in memory, and turn their rows into ``CodedLines``, noting
    /// where each block begins. The merge takes the blocks in file order, numbers the client
    /// ids, client names, practice areas and partners each block shows its thread for the
    /// first time by first appearance in the file (``ParallelImport/CodeMerger``), and adds
    /// the block's lines renumbered. So the clients are numbered, named and ordered as the
    /// sequential read numbers them, and every total is added in the same order: the result
    /// is the sequential read's. A total that would overflow gives `nil`, and the sequential
    /// read reports it on its line (the threads' line numbers are not the file's).
    static func readInParallel(_ source: ByteSourceKind, file: String?, importOptions: ImportOptions, options: ClientBillingOptions,
                               wallet: ShareOfWalletBuilder?, plan: ParallelImport.Plan) throws(ImportError) -> ClientBilling? {
        guard let result = ParallelImport.readShared(source, file: file, options: importOptions, plan: plan, as: BillingLine.self, decode: {
            reader throws(ImportError) in try CodedLines(reading: reader, notingBlocks: true)
        }) else { return nil }
        let parts = result.values
        let tables = [0, 3, 4, 5]  // client_id, client_name, practice_area, partner
        let blocks = ParallelImport.blocksInFileOrder(parts.map { $0.value.blockStarts ?? ParallelImport.BlockStarts(tables: tables) },
                                                      rowCounts: parts.map(\.value.count),
                                                      codeCounts: parts.map { part in tables.map { part.cursor.value.valueCount(table: $0) } })
        let values = parts.map { part in tables.map { part.values(table: $0) } }
        var names = tables.map { _ in ParallelImport.CodeMerger(readers: parts.count) }
        var totals = CodedTotals(options: options, wallet: wallet, lines: parts.reduce(0) { $0 + $1.value.count })
        // The merged tables only grow, a code keeping its number, so every block's codes are
        // numbered first and the lines then added through the final maps.
        for block in blocks {
            for t in tables.indices {
                names[t].number(block.newCodes[t], of: block.reader, values: values[block.reader][t])
            }
        }
        totals.clients.extend(with: names[0].values)
        totals.areas.extend(with: names[2].values)
        let recodings = parts.indices.map { r in
            Recoding(clients: names[0].maps[r], names: names[1].maps[r], areas: names[2].maps[r], partners: names[3].maps[r])
        }
        do {
            try totals.add(parts.map(\.value), blocks: blocks.map { ($0.reader, $0.rows) }, recodings: recodings,
                           nameValues: names[1].values, areaValues: names[2].values, partnerValues: names[3].values)
        } catch {
            return nil
        }
        return totals.finish(partnerValues: names[3].values, importSummary: result.summary)
    }

    /// One reading thread's codes in the merged tables: `clients[c]` for its client code `c`.
    struct Recoding {
        var clients, names, areas, partners: [Int32]
    }

    /// The running totals of lines added by code, indexed by client code.
    struct CodedTotals {
        let window: ClosedRange<Day>
        var ledger: ClientLedger
        var transactions: TransactionSummaryBuilder?
        var wallet: ShareOfWalletBuilder?
        var clients = StringNumbering(), areas = StringNumbering()
        var trailing: [Int64] = []
        var inWindow: [Bool] = []
        var linesRead = 0, linesInWindow = 0
        /// Trailing billing per (client code << 32 | partner code as UInt32).
        var partnerCents: [Int64: Int64] = [:]

        init(options: ClientBillingOptions, wallet: ShareOfWalletBuilder?, lines: Int) {
            window = ClientBillingWindow(trailingTwelveMonthsTo: options.asOf).window
            ledger = ClientLedger(asOf: options.asOf, fiscalYearStartMonth: options.fiscalYearStartMonth)
            if options.keepsTransactions {
                var builder = TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: options.transactionUnit, observationEnd: options.asOf))
                builder.reserveCapacity(lines: lines)
                transactions = builder
            }
            self.wallet = wallet
        }

        /// Adds the lines of `blocks` in order, each block the rows `rows` of `lines[reader]`,
        /// their codes mapped through `recodings[reader]` into the tables whose values are
        /// `nameValues`, `areaValues` and `partnerValues` (and ``clients`` and ``areas``'
        /// numbering, already extended to every client and area). The ledger is fed on one
        /// thread while the trailing and partner totals, the wallet and the transactions are fed
        /// on another: each is fed every line in file order, as when one thread feeds both.
        /// An overflow is thrown with line 0: the threads' line numbers are not the file's, so
        /// the shared read gives way and the sequential read names the line.
        mutating func add(_ lines: [CodedLines], blocks: [(reader: Int, rows: Range<Int>)], recodings: [Recoding], nameValues: [String],
                          areaValues: [String], partnerValues: [String]) throws(BillingTotalOverflow) {
            // Clients and practice areas by `StringNumbering` number; the other tables are read
            // for names only.
            let clientNames = clients.values, clientNumber = clients.number, areaNumber = areas.number
            let start = self
            let fed = Concurrently.both({ () -> Result<ClientLedger, BillingTotalOverflow> in
                var ledger = start.ledger
                do throws(BillingTotalOverflow) {
                    for (reader, rows) in blocks {
                        let lines = lines[reader], recoding = recodings[reader]
                        for i in rows {
                            let client = clientNumber[Int(Self.map(lines.client[i], recoding.clients))]
                            let c = Int(client)
                            let name = Self.map(lines.name[i], recoding.names)
                            let areaCode = Self.map(lines.area[i], recoding.areas)
                            let given = lines.given[i]
                            try ledger.add(client: client, clientID: { clientNames[c] }, clientName: { name >= 0 ? nameValues[Int(name)] : nil },
                                           day: lines.day[i], amount: lines.amount[i], cost: given & 1 != 0 ? lines.cost[i] : nil,
                                           standard: given & 4 != 0 ? lines.standard[i] : nil, collected: given & 2 != 0 ? lines.collected[i] : nil,
                                           area: areaCode >= 0 ? areaNumber[Int(areaCode)] : -1, line: 0)
                        }
                    }
                } catch {
                    return .failure(error)
                }
                return .success(ledger)
            }, { () -> Result<CodedTotals, BillingTotalOverflow> in
                var totals = start
                do throws(BillingTotalOverflow) {
                    for (reader, rows) in blocks {
                        try totals.addToWindow(lines[reader], rows: rows, recoding: recodings[reader], clientNames: clientNames,
                                               clientNumber: clientNumber, areaValues: areaValues, partnerValues: partnerValues)
                    }
                } catch {
                    return .failure(error)
                }
                return .success(totals)
            })
            let ledger = try fed.first.get()
            self = try fed.second.get()
            self.ledger = ledger
        }

        /// `code` in the merged table whose map is `table`; -1 (no value) stays -1.
        @inline(__always)
        static func map(_ code: Int32, _ table: [Int32]) -> Int32 {
            code >= 0 ? table[Int(code)] : code
        }

        /// Adds lines `rows` of `lines` (recoded by `recoding`) to everything but the ledger:
        /// the trailing and partner totals, the wallet and the transactions.
        private mutating func addToWindow(_ lines: CodedLines, rows: Range<Int>, recoding: Recoding, clientNames: [String], clientNumber: [Int32],
                                          areaValues: [String], partnerValues: [String]) throws(BillingTotalOverflow) {
            let first = window.lowerBound.daysSince1970, last = window.upperBound.daysSince1970
            for i in rows {
                let client = clientNumber[Int(Self.map(lines.client[i], recoding.clients))]
                let areaCode = Self.map(lines.area[i], recoding.areas)
                let partner = Self.map(lines.partner[i], recoding.partners)
                let day = lines.day[i], amount = lines.amount[i]
                let line = 0
                let c = Int(client)
                if trailing.count <= c {
                    trailing.append(contentsOf: repeatElement(0, count: c + 1 - trailing.count))
                    inWindow.append(contentsOf: repeatElement(false, count: c + 1 - inWindow.count))
                }
                linesRead += 1
                if day >= first && day <= last {
                    linesInWindow += 1
                    let (sum, overflow) = trailing[c].addingReportingOverflow(amount)
                    guard !overflow else { throw BillingTotalOverflow(clientID: clientNames[c], line: line) }
                    trailing[c] = sum
                    inWindow[c] = true
                    let key = Int64(client) << 32 | Int64(UInt32(bitPattern: partner))
                    let (partnerSum, partnerOverflow) = (partnerCents[key] ?? 0).addingReportingOverflow(amount)
                    guard !partnerOverflow else { throw BillingTotalOverflow(clientID: clientNames[c], line: line) }
                    partnerCents[key] = partnerSum
                }
                try wallet?.add(clientID: clientNames[c], date: Day(daysSince1970: day), amount: amount,
                                partner: partner >= 0 ? partnerValues[Int(partner)] : nil,
                                practiceArea: areaCode >= 0 ? areaValues[Int(areaCode)] : nil, line: line)
                transactions?.add(slot: client, day: day, cents: amount)
            }
        }

        /// The billing of the lines added, partners named by `partnerValues`.
        func finish(partnerValues: [String], importSummary: ImportSummary) -> ClientBilling {
            // The ledger's history is made on one thread while the other totals are named on
            // another.
            let ledger = self.ledger, totals = self
            let made = Concurrently.both({ ledger.history() }, { totals.namedTotals(partnerValues: partnerValues) })
            return ClientBilling(trailingBilling: made.second.trailing, partnerBilling: made.second.partners, history: made.first,
                                 transactions: made.second.transactions, wallet: wallet, importSummary: importSummary)
        }

        /// The trailing billing and partner billing by client id (partners named by
        /// `partnerValues`), and the transactions with their client ids.
        private func namedTotals(partnerValues: [String])
            -> (trailing: ClientBillingWindow, partners: [String: [String: Money]], transactions: TransactionSummaryBuilder?) {
            let clientNames = clients.values
            var totals: [String: Money] = [:]
            totals.reserveCapacity(inWindow.count)
            for (c, hit) in inWindow.enumerated() where hit { totals[clientNames[c]] = Money(minorUnits: trailing[c]) }
            // A partner named "(none)" and lines without a partner share one total, as when
            // reading line by line.
            var partnerTotals: [String: [String: Int64]] = [:]
            // Each sum was checked line by line; two of them meet here only for names equal as
            // text but not as bytes, or a partner named "(none)" beside lines without one, and
            // are then held at Money's limit rather than wrapping should they pass it together.
            for (key, cents) in partnerCents {
                let client = Int(key >> 32), partner = Int32(bitPattern: UInt32(truncatingIfNeeded: key))
                let name = partner >= 0 ? partnerValues[Int(partner)] : "(none)"
                let (sum, overflow) = (partnerTotals[clientNames[client]]?[name] ?? 0).addingReportingOverflow(cents)
                partnerTotals[clientNames[client], default: [:]][name] = overflow ? (cents > 0 ? .max : .min) : sum
            }
            let partners = partnerTotals.mapValues { $0.mapValues { Money(minorUnits: $0) } }
            var transactions = self.transactions
            transactions?.setClientIDs(clientNames)
            return (ClientBillingWindow(window: window, totals: totals, linesRead: linesRead, linesInWindow: linesInWindow), partners, transactions)
        }
    }
}
