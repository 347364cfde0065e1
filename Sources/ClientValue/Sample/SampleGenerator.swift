/// A deterministic synthetic professional-services firm: billing, Net Promoter surveys,
/// contact logs and share-of-wallet estimates for any number of clients.
///
/// The firm has six practice areas, twelve partners in four offices, and clients whose
/// "size" drives their spend, how many partners work for them, how many people answer
/// surveys and how often the firm is in touch. Each client buys as BG/NBD assumes
/// (Fader, Hardie & Lee 2005): purchases come at a client-specific Gamma-distributed rate
/// and after each one the client may drop out with a Beta-distributed probability, so
/// lifetime-value models have something real to find. Clients contacted more often score
/// the firm higher, and bigger clients are contacted more, so contact frequency goes with
/// both score and revenue.
///
/// Files (column by column in `SampleData/README.md`):
/// - `billing.csv`: invoice lines with amounts in dollars and cents, credit notes
///   (negative, about 2% of lines), zero-value write-offs and same-day lines.
/// - `surveys.csv`: yearly waves (`2022 Annual`) and `Matter close` surveys, 0–10 scores,
///   comments with commas, quotes and line breaks.
/// - `contacts.csv`: meetings, calls, emails, events and lunches, by partner.
/// - `wallet.csv`: the client's yearly spend estimate, reported share, rank and providers.
///
/// The output is byte-identical for the same ``SampleOptions`` on every platform: all
/// randomness comes from ``SplitMix64`` and all arithmetic is done in code this library
/// controls. Each client draws from its own stream, so the first clients of a large
/// sample are the same as those of a small one with the same seed.
///
/// ```swift
/// let files = SampleGenerator.generate(options: SampleOptions(clients: 10))
/// print(files.keys.sorted())   // ["billing.csv", "contacts.csv", "surveys.csv", "wallet.csv"]
///
/// let summary = try SampleGenerator.write(options: SampleOptions(clients: 1_000, seed: 7), to: "/tmp/firm")
/// print(summary.billingLines, summary.files)
/// ```
///
/// Rows are written client by client (each client's rows in date order) and flushed as
/// they go, so memory stays bounded however many clients are asked for: 100,000 clients
/// give about 2 million billing lines, 300,000 survey responses and 3 million contacts.
public enum SampleGenerator: Sendable {
    /// The files written, in the order of ``SampleSummary/files``.
    public static let fileNames = ["billing.csv", "surveys.csv", "contacts.csv", "wallet.csv"]

    static let billingHeader = ["invoice_id", "client_id", "client_name", "invoice_date", "amount", "cost",
                                "collected", "standard_value", "currency", "practice_area", "partner", "office"]
    static let surveysHeader = ["client_id", "respondent", "response_date", "score", "survey", "partner", "comment"]
    static let contactsHeader = ["client_id", "contact_date", "channel", "partner", "duration_minutes"]
    static let walletHeader = ["client_id", "year", "wallet_estimate", "reported_share", "rank", "providers"]

    /// Writes `billing.csv`, `surveys.csv`, `contacts.csv` and `wallet.csv` into `directory`,
    /// replacing files of those names.
    ///
    /// This is what `clientvalue sample` runs; the files read back with ``RecordReader``,
    /// ``SurveyTable`` and the other importers with no options.
    ///
    /// ```swift
    /// let summary = try SampleGenerator.write(options: SampleOptions(clients: 100_000), to: "/tmp/big") { done in
    ///     print("\(done) clients written")
    /// }
    /// print(summary.billingLines)   // about 2 million
    /// ```
    ///
    /// - Parameters:
    ///   - options: size, seed and period of the sample.
    ///   - directory: an existing directory; the caller creates it.
    ///   - progress: called with the number of clients written so far, every 1,000 clients.
    /// - Returns: row counts and the paths written.
    /// - Throws: ``OutputError`` when a file cannot be created or written.
    /// - Complexity: O(clients × years) time; memory bounded by the largest single client.
    public static func write(options: SampleOptions, to directory: String,
                             progress: ((Int) -> Void)? = nil) throws(OutputError) -> SampleSummary {
        var paths: [String] = []
        var writers: [CSVWriter] = []
        for name in fileNames {
            let path = joined(directory, name)
            paths.append(path)
            writers.append(try CSVWriter(.file(path: path)))
        }
        var summary = try run(options, writers: writers, progress: progress)
        for writer in writers { try writer.close() }
        summary.files = paths
        return summary
    }

    /// Writes one of the files (``fileNames``) to `writer`: a file of any name, or standard
    /// output for a pipe such as `clientvalue sample --only surveys --out - | clientvalue nps -`.
    ///
    /// The other files' rows are still simulated, since the surveys and wallet depend on the
    /// billing, but they are not kept. The bytes written are those of the file of that name
    /// from ``write(options:to:progress:)``.
    ///
    /// ```swift
    /// let out = try CSVWriter(.standardOutput)
    /// _ = try SampleGenerator.write(options: SampleOptions(clients: 1_000), only: "surveys.csv", to: out)
    /// try out.close()
    /// ```
    ///
    /// - Parameters:
    ///   - options: size, seed and period of the sample.
    ///   - name: one of ``fileNames``, such as `surveys.csv`.
    ///   - writer: where the file goes; flushed as rows are written, and left open.
    ///   - progress: called with the number of clients written so far, every 1,000 clients.
    /// - Returns: row counts of every file, as if all were written; ``SampleSummary/files`` is empty.
    /// - Throws: ``OutputError`` when `name` is not one of ``fileNames`` or `writer` cannot be written.
    /// - Complexity: O(clients × years) time; memory bounded by the largest single client.
    public static func write(options: SampleOptions, only name: String, to writer: CSVWriter,
                             progress: ((Int) -> Void)? = nil) throws(OutputError) -> SampleSummary {
        guard let index = fileNames.firstIndex(of: name) else {
            throw OutputError(path: name, message: "not a sample file; expected one of \(fileNames.joined(separator: ", "))")
        }
        var writers: [CSVWriter] = []
        for k in fileNames.indices {
            writers.append(k == index ? writer : try CSVWriter(.file(path: "/dev/null")))
        }
        let summary = try run(options, writers: writers, progress: progress)
        for (k, other) in writers.enumerated() where k != index { try other.close() }
        try writer.sink.flush()
        return summary
    }

    /// The same files as ``write(options:to:progress:)``, in memory: file name → bytes.
    ///
    /// Handy for tests and examples that read the files back with a ``ByteSourceKind`` in
    /// memory; for large samples prefer writing to disk, since every byte is held at once.
    ///
    /// - Parameter options: size, seed and period of the sample.
    /// - Returns: keys `billing.csv`, `surveys.csv`, `contacts.csv`, `wallet.csv`.
    public static func generate(options: SampleOptions) -> [String: [UInt8]] {
        do {
            var writers: [CSVWriter] = []
            for _ in fileNames { writers.append(CSVWriter(ByteSink())) }
            _ = try run(options, writers: writers)
            var files: [String: [UInt8]] = [:]
            for (name, writer) in zip(fileNames, writers) { files[name] = writer.sink.memory }
            return files
        } catch {
            return [:]  // unreachable: writing to memory cannot fail
        }
    }

    // MARK: - Core

    /// Writes every file's header and then every client's rows to `writers` (billing,
    /// surveys, contacts, wallet).
    static func run(_ options: SampleOptions, writers: [CSVWriter], progress: ((Int) -> Void)? = nil) throws(OutputError) -> SampleSummary {
        let years = min(max(options.years, 1), 100)
        let startYear = min(max(options.startYear, 1000), 9999 - years + 1)
        let clients = max(options.clients, 0)
        writers[0].writeRow(billingHeader)
        writers[1].writeRow(surveysHeader)
        writers[2].writeRow(contactsHeader)
        writers[3].writeRow(walletHeader)
        let context = SampleContext(seed: options.seed, calendar: SampleCalendar(startYear: startYear, years: years))
        var simulation = SampleSimulation(context: context, billing: writers[0], surveys: writers[1],
                                          contacts: writers[2], wallet: writers[3])
        for index in 0..<clients {
            try simulation.simulateClient(index)
            for writer in writers { try writer.flushIfNeeded() }
            if let progress, (index + 1) % 1000 == 0 { progress(index + 1) }
        }
        simulation.summary.clients = clients
        return simulation.summary
    }

    /// The bytes `text` takes as one CSV field, as ``CSVWriter`` writes it (quoted when
    /// needed, formulas neutralised). Used to encode repeated fields once.
    static func encodedField(_ text: String) -> [UInt8] {
        let sink = ByteSink()
        CSVWriter(sink).writeField(text)
        return sink.memory
    }

    private static func joined(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
