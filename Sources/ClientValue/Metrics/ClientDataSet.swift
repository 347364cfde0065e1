import Foundation

/// One export to read: where its bytes come from and the name messages use for it.
///
/// ```swift
/// let billing = ExportFile(path: "exports/billing.csv")
/// let upload = ExportFile(.memory(bytes), name: "surveys.csv")
/// ```
public struct ExportFile: Sendable, Hashable {
    /// Where the bytes come from: a file, standard input, or bytes in memory.
    public var source: ByteSourceKind
    /// The name errors, summaries and rejects files use for this export.
    public var name: String

    /// An export from any source.
    ///
    /// - Parameters:
    ///   - source: where the bytes come from.
    ///   - name: the name errors and summaries use, such as `billing.csv` or `<stdin>`.
    public init(_ source: ByteSourceKind, name: String) {
        self.source = source
        self.name = name
    }

    /// The export in the file at `path`, named by its path.
    ///
    /// - Parameter path: the file's path, absolute or relative to the working directory.
    public init(path: String) {
        self.init(.file(path: path), name: path)
    }

    /// Whether the export can be read twice: a file or bytes in memory, but not standard input
    /// or a stream.
    var isRereadable: Bool {
        switch source {
        case .file, .memory: true
        default: false
        }
    }
}

/// A firm's exports: billing, surveys, contacts and wallet estimates, each optional.
///
/// Found in a folder by their usual names, or given one by one:
///
/// ```swift
/// var files = try ExportFiles(folder: "SampleData")
/// files.wallet = ExportFile(path: "estimates/wallet-2025.csv")
/// let data = try ClientDataSet.read(files)
/// ```
public struct ExportFiles: Sendable, Hashable {
    /// The billing export (`billing.csv`): invoices and time value.
    public var billing: ExportFile?
    /// The Net Promoter survey export (`surveys.csv`).
    public var surveys: ExportFile?
    /// The contact log (`contacts.csv`): meetings, calls, events.
    public var contacts: ExportFile?
    /// The wallet estimates (`wallet.csv`); read only together with billing.
    public var wallet: ExportFile?

    /// Exports given one by one; any may be left out.
    ///
    /// - Parameters:
    ///   - billing: the billing export.
    ///   - surveys: the survey export.
    ///   - contacts: the contact log.
    ///   - wallet: the wallet estimates.
    public init(billing: ExportFile? = nil, surveys: ExportFile? = nil, contacts: ExportFile? = nil, wallet: ExportFile? = nil) {
        self.billing = billing
        self.surveys = surveys
        self.contacts = contacts
        self.wallet = wallet
    }

    /// The exports in `folder` with their conventional names: `billing.csv`, `surveys.csv`,
    /// `contacts.csv` and `wallet.csv`, whichever exist. Names are matched exactly (as the
    /// file system compares them); other files are ignored.
    ///
    /// - Parameter folder: the folder's path.
    /// - Throws: ``ExportFilesError/notAFolder(_:)`` when `folder` is not a readable folder;
    ///   ``ExportFilesError/noExports(folder:)`` when it holds none of billing, surveys and
    ///   contacts (wallet estimates alone are not enough to compute anything).
    public init(folder: String) throws(ExportFilesError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw .notAFolder(folder)
        }
        func found(_ name: String) -> ExportFile? {
            let path = (folder as NSString).appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: path) ? ExportFile(path: path) : nil
        }
        self.init(billing: found("billing.csv"), surveys: found("surveys.csv"), contacts: found("contacts.csv"), wallet: found("wallet.csv"))
        guard !isEmpty else { throw .noExports(folder: folder) }
    }

    /// Whether none of billing, surveys and contacts is given.
    public var isEmpty: Bool { billing == nil && surveys == nil && contacts == nil }
}

/// Why a folder of exports could not be used.
public enum ExportFilesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path is not a folder, or does not exist.
    case notAFolder(String)
    /// The folder holds none of `billing.csv`, `surveys.csv` and `contacts.csv`.
    case noExports(folder: String)

    /// The message, naming the folder and what was looked for.
    public var description: String {
        switch self {
        case .notAFolder(let path): "\(path): not a folder"
        case .noExports(let folder): "\(folder): no billing.csv, surveys.csv or contacts.csv in the folder"
        }
    }
}

/// How ``ClientDataSet/read(_:options:)`` reads the exports.
public struct ClientDataOptions: Sendable, Hashable {
    /// "Today": the end of the trailing twelve months and of the purchase histories. `nil`
    /// takes the latest contact or response date, else the latest invoice date.
    public var asOf: Day?
    /// Whether to keep each client's purchase history (16 bytes a billing line) for the
    /// lifetime-value models; ``ClientDataSet/transactions`` is `nil` without it.
    public var keepsTransactions: Bool
    /// The dialect, date order, error policy, column map and rejects file for every export.
    ///
    /// With a rejects file `R`, the contacts' rejected rows go to `R`, the surveys' to
    /// `R.surveys.csv`, the billing's to `R.billing.csv` and the wallet's to `R.wallet.csv`, so
    /// no export's rejects overwrite another's. Each export reads only the `columnMap` entries
    /// for its own fields.
    public var importOptions: ImportOptions

    /// Options with their defaults: today from the data, transactions kept, default import
    /// options.
    ///
    /// - Parameters:
    ///   - asOf: "today"; `nil` takes it from the data.
    ///   - keepsTransactions: whether to keep the purchase histories for the lifetime models.
    ///   - importOptions: how every export is read.
    public init(asOf: Day? = nil, keepsTransactions: Bool = true, importOptions: ImportOptions = ImportOptions()) {
        self.asOf = asOf
        self.keepsTransactions = keepsTransactions
        self.importOptions = importOptions
    }
}

/// Why ``ClientDataSet/read(_:options:)`` failed, with the file (and for a bad row, the line
/// and column) it concerns.
public enum ClientDataError: PositionedError, Sendable, Hashable {
    /// An export could not be read, or (under ``ErrorPolicy/fail``) has a bad row.
    case importFailed(ImportError)
    /// The wallet estimates cannot be analysed (a rank outside 1…providers, a total too
    /// large); `file` is the wallet export's name.
    case wallet(ShareOfWalletError, file: String)
    /// "Today" is not given, no contacts or surveys date it, and the billing export (`file`)
    /// cannot be read twice (standard input, a stream) to find its latest invoice first.
    case asOfNeeded(file: String)

    /// The export the error concerns.
    public var file: String? {
        switch self {
        case .importFailed(let error): error.file
        case .wallet(_, let file), .asOfNeeded(let file): file
        }
    }

    /// The bad row's position for ``importFailed(_:)``; line 0 (the file as a whole) otherwise.
    public var position: SourcePosition {
        switch self {
        case .importFailed(let error): error.position
        case .wallet, .asOfNeeded: SourcePosition(line: 0, column: 0, byteOffset: 0)
        }
    }

    /// What went wrong, in plain words, without the file and position.
    public var message: String {
        switch self {
        case .importFailed(let error): error.message
        case .wallet(let error, _): error.message
        case .asOfNeeded: "give the as-of date when the billing, read from a stream, is the only dated input"
        }
    }
}

/// Everything a firm's exports say, read once: the contact log, the survey responses, the
/// billing in the forms the metrics need, and the share of wallet.
///
/// The starting point for metrics that combine files (segments, correlations, the report):
///
/// ```swift
/// let data = try ClientDataSet.read(try ExportFiles(folder: "SampleData"))
/// if let surveys = data.surveys {
///     let nps = try NPSAnalysis(surveys, billing: data.billing, options: NPSAnalysisOptions(asOf: data.asOf))
///     print("NPS", nps.overall.score)
/// }
/// ```
public struct ClientDataSet: Sendable {
    /// "Today": given, or the latest contact or response date, or the latest invoice date.
    /// 1970-01-01 when nothing is dated.
    public var asOf: Day
    /// The contact log, when contacts were given.
    public var contacts: ContactFrequencyBuilder?
    /// The survey responses, when surveys were given.
    public var surveys: SurveyTable?
    /// Each client's billing in the twelve months to ``asOf``, when billing was given.
    public var billing: ClientBillingWindow?
    /// Revenue, cost and profit per client and year, and the cohort table.
    public var history: ValueHistory?
    /// Share of wallet, when both billing and wallet estimates were given.
    public var wallet: ShareOfWalletAnalysis?
    /// The purchase histories to ``asOf``, in weeks, when billing was given and
    /// ``ClientDataOptions/keepsTransactions`` is set.
    public var transactions: TransactionSummaryBuilder?
    /// Trailing-twelve-month billing per client and partner.
    public var partnerBilling: [String: [String: Money]]?
    /// What each export's import read, accepted and rejected, in the order read: contacts,
    /// surveys, wallet, billing.
    public var imports: [ImportSummary]

    /// A data set from parts already computed.
    ///
    /// - Parameters:
    ///   - asOf: "today".
    ///   - contacts: the contact log.
    ///   - surveys: the survey responses.
    ///   - billing: the trailing-twelve-month billing per client.
    ///   - history: the value history.
    ///   - wallet: the share-of-wallet analysis.
    ///   - transactions: the purchase histories.
    ///   - partnerBilling: trailing billing per client and partner.
    ///   - imports: the import summaries.
    public init(asOf: Day, contacts: ContactFrequencyBuilder? = nil, surveys: SurveyTable? = nil, billing: ClientBillingWindow? = nil,
                history: ValueHistory? = nil, wallet: ShareOfWalletAnalysis? = nil, transactions: TransactionSummaryBuilder? = nil,
                partnerBilling: [String: [String: Money]]? = nil, imports: [ImportSummary] = []) {
        self.asOf = asOf
        self.contacts = contacts
        self.surveys = surveys
        self.billing = billing
        self.history = history
        self.wallet = wallet
        self.transactions = transactions
        self.partnerBilling = partnerBilling
        self.imports = imports
    }

    /// Reads the exports in `files`: each once (the billing twice when "today" must come from
    /// its own dates), on both cores where a file is large.
    ///
    /// - Parameters:
    ///   - files: the exports; any may be missing. Wallet estimates are read only with billing.
    ///   - options: "today", whether to keep purchase histories, and the import options.
    /// - Returns: the data set; the fields of missing exports are `nil`.
    /// - Throws: ``ClientDataError/importFailed(_:)`` for an export that cannot be read or (with
    ///   ``ErrorPolicy/fail``) a bad row; ``ClientDataError/wallet(_:file:)`` when the wallet
    ///   estimates cannot be analysed; ``ClientDataError/asOfNeeded(file:)`` when "today" can
    ///   only come from billing that cannot be read twice.
    /// - Complexity: O(bytes read); memory grows with the clients, the responses, the
    ///   contacts (16 bytes each) and, when kept, the billing lines (16 bytes each).
    public static func read(_ files: ExportFiles, options: ClientDataOptions = ClientDataOptions()) throws(ClientDataError) -> ClientDataSet {
        let importOptions = options.importOptions
        var imports: [ImportSummary] = []
        func reading<T>(_ body: () throws(ImportError) -> T) throws(ClientDataError) -> T {
            do { return try body() } catch { throw .importFailed(error) }
        }
        var contacts: ContactFrequencyBuilder?
        if let file = files.contacts {
            let log = try reading { () throws(ImportError) in
                try ContactFrequencyBuilder.read(file.source, file: file.name, options: importOptions.withColumns(of: ContactEvent.self))
            }
            contacts = log.builder
            imports.append(log.importSummary)
        }
        var surveys: SurveyTable?
        if let file = files.surveys {
            let table = try reading { () throws(ImportError) in
                try SurveyTable.read(file.source, file: file.name,
                                     options: importOptions.withColumns(of: SurveyResponse.self).rejectsSuffixed(".surveys.csv"))
            }
            surveys = table
            if let summary = table.summary { imports.append(summary) }
        }
        // Billing is streamed once into per-client totals, so "today" must be known first:
        // given, else the latest date of the other files, else from a first pass over the
        // billing export (which must then be readable twice).
        var asOf = options.asOf ?? [contacts?.latestContact, surveys?.latestResponseDate].compactMap { $0 }.max()
        if let file = files.billing, asOf == nil {
            guard file.isRereadable else { throw .asOfNeeded(file: file.name) }
            asOf = try reading { () throws(ImportError) in try latestInvoice(in: file, importOptions: importOptions) }
        }
        let today = asOf ?? Day(daysSince1970: 0)
        var data = ClientDataSet(asOf: today, contacts: contacts, surveys: surveys)
        if let file = files.billing {
            var walletBuilder: ShareOfWalletBuilder?
            if let wallet = files.wallet {
                let table = try reading { () throws(ImportError) in
                    try ImportedTable<WalletEntry>.read(wallet.source, file: wallet.name,
                                                        options: importOptions.withColumns(of: WalletEntry.self).rejectsSuffixed(".wallet.csv"))
                }
                imports.append(table.summary)
                walletBuilder = ShareOfWalletBuilder(entries: table.records)
            }
            let billing = try reading { () throws(ImportError) in
                try ClientBilling.read(file.source, file: file.name,
                                       importOptions: importOptions.withColumns(of: BillingLine.self).rejectsSuffixed(".billing.csv"),
                                       options: ClientBillingOptions(asOf: today, keepsTransactions: options.keepsTransactions), wallet: walletBuilder)
            }
            imports.append(billing.importSummary)
            do {
                data.wallet = try billing.wallet?.analysis(shortfallLimit: 0)
            } catch {
                throw .wallet(error, file: files.wallet?.name ?? file.name)
            }
            data.billing = billing.trailingBilling
            data.history = billing.history
            data.transactions = billing.transactions
            data.partnerBilling = billing.partnerBilling
        }
        data.imports = imports
        return data
    }

    /// The latest invoice date in the billing export: a look at the dates only, with no
    /// rejects file (the real read writes the rejects, so this pass must not write them too).
    private static func latestInvoice(in file: ExportFile, importOptions: ImportOptions) throws(ImportError) -> Day? {
        var firstPass = importOptions.withColumns(of: BillingLine.self)
        firstPass.rejectsPath = nil
        let reader = try RecordReader<BillingLine>(file.source, file: file.name, options: firstPass)
        var latest: Day?
        while let line = try reader.nextWithoutExtraValues() { latest = max(latest ?? line.invoiceDate, line.invoiceDate) }
        return latest
    }
}

extension ImportOptions {
    /// These options with only the column map's entries for `Record`'s fields, for reading two
    /// kinds of export with one set of options.
    package func withColumns<Record: ImportableRecord>(of _: Record.Type) -> ImportOptions {
        var options = self
        let fields = Set(Record.columns.map { ColumnSpec.normalized($0.name) })
        options.columnMap = columnMap.filter { fields.contains(ColumnSpec.normalized($0.key)) }
        return options
    }

    /// These options with the rejects file renamed by `suffix`, so that two exports' rejects do
    /// not overwrite each other.
    package func rejectsSuffixed(_ suffix: String) -> ImportOptions {
        var options = self
        if let path = rejectsPath, !suffix.isEmpty { options.rejectsPath = path + suffix }
        return options
    }
}
