// The ClientValue benchmarks: `swift run -c release Benchmarks [--filter NAME] [--size small|large] [--runs N] [--json]`.
//
// Data comes from `SampleGenerator` (deterministic, seed 42) written into a temporary folder.
// Each entry runs once to warm up, then `--runs` times; it reports the median and the minimum
// wall time, throughput, and the process's peak resident memory (getrusage max RSS) after it.
// Every run's result is checked against the first, and kept alive, so no work is optimised away.
import ClientValue
import ClientValueCLI
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measurements of a debug build mean nothing; the benchmarks refuse to run from one.
func isDebugBuild() -> Bool {
    #if DEBUG
    return true
    #else
    return false
    #endif
}

if isDebugBuild() {
    FileHandle.standardError.write(Data("Benchmarks: refusing to measure a debug build; run `swift run -c release Benchmarks`.\n".utf8))
    exit(2)
}

struct Settings {
    var filter: [String] = []
    var size = "large"
    var runs = 5
    var json = false
    var dataDirectory: String?
}

func parseSettings() -> Settings {
    var settings = Settings()
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        switch argument {
        case "--filter": if let value = arguments.popFirst() { settings.filter.append(value) }
        case "--size": settings.size = arguments.popFirst() ?? settings.size
        case "--runs": settings.runs = max(1, Int(arguments.popFirst() ?? "") ?? settings.runs)
        case "--data": settings.dataDirectory = arguments.popFirst()
        case "--json": settings.json = true
        case "-h", "--help":
            print("USAGE: swift run -c release Benchmarks [--filter NAME]... [--size small|large] [--runs N] [--data DIR] [--json]")
            exit(0)
        default:
            settings.filter.append(argument)
        }
    }
    return settings
}

/// This process's peak resident set size in bytes. On Linux it is read from `VmHWM` in
/// /proc/self/status: getrusage's `ru_maxrss` survives exec, so under `swift run` it would
/// report the package manager's own peak instead of the benchmark's.
func peakResidentBytes() -> Int {
    #if os(Linux)
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
       let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
       let kilobytes = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") {
        return kilobytes * 1024
    }
    #endif
    var usage = rusage()
    #if canImport(Darwin)
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss)
    #else
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
    #endif
}

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

struct Measurement: Encodable {
    var name: String
    var inputBytes: Int
    var rows: Int
    var runs: Int
    var medianSeconds: Double
    var minSeconds: Double
    var megabytesPerSecond: Double
    var rowsPerSecond: Double
    var peakResidentMegabytes: Double
    /// What the job computed, to compare with the peers' output.
    var result: String
}

struct Entry {
    var name: String
    /// Runs the job once on `file`, returning (rows processed, a checksum to compare between runs).
    var job: (String) throws -> (rows: Int, check: String)
    var file: String
}

func measure(_ entry: Entry, runs: Int) throws -> Measurement {
    let bytes = (try? FileManager.default.attributesOfItem(atPath: entry.file)[.size] as? Int) ?? 0
    let warm = try entry.job(entry.file)
    var times: [Double] = []
    for _ in 0..<runs {
        let clock = ContinuousClock()
        var result = (rows: 0, check: "")
        let elapsed = try clock.measure { result = try entry.job(entry.file) }
        guard result.check == warm.check, result.rows == warm.rows else {
            throw BenchmarkFailure(message: "\(entry.name): result changed between runs")
        }
        blackHole(result)
        times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    times.sort()
    let median = times[times.count / 2]
    return Measurement(name: entry.name, inputBytes: bytes, rows: warm.rows, runs: runs, medianSeconds: median,
                       minSeconds: times[0], megabytesPerSecond: Double(bytes) / 1e6 / median,
                       rowsPerSecond: Double(warm.rows) / median, peakResidentMegabytes: Double(peakResidentBytes()) / 1_048_576,
                       result: warm.check)
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

// MARK: - Jobs

/// Visits every field of every record as bytes, summing lengths: the tokeniser alone.
func tokenise(_ path: String) throws -> (rows: Int, check: String) {
    let reader = try CSVReader(.file(path: path))
    var rows = 0
    var fieldBytes = 0
    while try reader.next() {
        rows += 1
        for index in 0..<reader.fieldCount {
            fieldBytes &+= reader.withField(index) { $0.count }
        }
    }
    return (rows, "\(rows)/\(fieldBytes)")
}

/// Parses every field of billing.csv into typed values and totals the amounts per client, exactly.
func billingTotals(_ path: String) throws -> (rows: Int, check: String) {
    let reader = try RecordReader<BillingLine>(.file(path: path))
    var totals: [String: Money] = [:]
    var rows = 0
    while let line = try reader.next() {
        totals[line.clientID, default: .zero] += line.amount
        rows += 1
    }
    let grand = totals.values.reduce(Money.zero, +)
    return (rows, "\(totals.count) clients, total \(grand)")
}

/// The whole `nps` command's work on surveys.csv: typed import, NPS with intervals per group,
/// critical incidents and the follow-up list (what `clientvalue nps --period year` or
/// `--by partner` computes before rendering).
func npsGroups(_ options: NPSAnalysisOptions) -> (String) throws -> (rows: Int, check: String) {
    { path in
        let table = try SurveyTable.read(.file(path: path))
        let analysis = try NPSAnalysis(table, options: options)
        let groups = analysis.groups.map { "\($0.key) \($0.nps.responses) \(String(format: "%.4f", $0.nps.score))" }
        return (table.count, groups.prefix(3).joined(separator: "; ") + " ... (\(analysis.groups.count) groups, "
                + "\(analysis.incidents.count) incidents, \(analysis.followUp.count) follow-ups)")
    }
}

/// The BG/NBD fit alone on the published CDNOW summary (2,357 customers, weeks), read once.
func bgnbdFitCDNOW(_ path: String) throws -> (rows: Int, check: String) {
    let histories = cdnowHistories
    let fit = try BGNBDModel.fit(histories, unit: .week)
    let m = fit.model
    return (histories.count, String(format: "r %.3f alpha %.3f a %.3f b %.3f LL %.2f", m.r, m.alpha, m.a, m.b, fit.diagnostics.logLikelihood))
}

/// The CDNOW summary shipped in the test fixtures (ID, x, t_x, T, zbar), parsed once.
nonisolated(unsafe) var cdnowHistories: [PurchaseHistory] = []

nonisolated(unsafe) var cdnowSpend: [SpendHistory] = []

func loadCDNOW(_ path: String) throws {
    let reader = try CSVReader(.file(path: path))
    while try reader.next() {
        let f = reader.record
        if let x = Int(f[1]), let tx = Double(f[2]), let t = Double(f[3]) {
            cdnowHistories.append(PurchaseHistory(frequency: x, recency: tx, age: t))
            if x > 0, let zbar = Double(f[4]), zbar > 0 { cdnowSpend.append(SpendHistory(frequency: x, meanSpend: zbar)) }
        }
    }
}

/// The whole `clv` job on billing.csv: read the three columns, summarise (weeks, to the last
/// date), fit BG/NBD and Gamma-Gamma, forecast 12 months for every client.
func clvPipeline(_ path: String) throws -> (rows: Int, check: String) {
    let log = try TransactionSummaryBuilder.read(.file(path: path), options: TransactionSummaryOptions(unit: .week))
    let forecast = try LifetimeValueForecast(log.builder.summary(), options: CLVOptions())
    let parameters = forecast.purchaseModel.model.parameters.map { String(format: "%@ %.4f", $0.name, $0.value) }.joined(separator: " ")
    return (log.importSummary.rowsAccepted, String(format: "%d clients, %@, total CLV %.0f", forecast.clients.count, parameters, forecast.totalCLV))
}

/// The whole `firm` job: the seven columns it uses typed, realisation and collection per
/// client, partner, practice area and year, and the revenue concentration.
func firmMetrics(_ path: String) throws -> (rows: Int, check: String) {
    let read = try FirmMetricsBuilder.read(.file(path: path))
    let c = read.metrics.concentration
    return (read.importSummary.rowsAccepted, String(format: "%d clients, revenue %@, HHI %.4f, Gini %.6f, top shares %.6f %.6f %.6f",
                                                c.clients, c.revenue.description, c.hhi, c.gini, c.topShares[0].share, c.topShares[1].share, c.topShares[2].share))
}

/// One pair of 1,000,000 values with heavy ties (x in 0…99, y = x + noise in 0…49, seeded):
/// Pearson, Spearman and Kendall tau-b with their p-values.
nonisolated(unsafe) var correlationPair: (x: [Double], y: [Double]) = ([], [])

func correlations(_ path: String) throws -> (rows: Int, check: String) {
    if correlationPair.x.isEmpty {
        var random = SplitMix64(seed: 2024)
        let x = (0..<1_000_000).map { _ in Double(random.uniform(below: 100)) }
        correlationPair = (x, x.map { $0 + Double(random.uniform(below: 50)) })
    }
    let (x, y) = correlationPair
    let all = Correlation.all(x, y)
    let p = all.pearson, s = all.spearman, k = all.kendall
    return (x.count, String(format: "pearson %.9f, spearman %.9f, kendall %.9f", p.coefficient ?? .nan, s.coefficient ?? .nan, k.coefficient ?? .nan))
}

/// The typed import of the other file kinds: surveys (columnar, coded), contacts (coded), and
/// wallet estimates (records).
func surveyImport(_ path: String) throws -> (rows: Int, check: String) {
    let table = try SurveyTable.read(.file(path: path))
    return (table.count, "\(table.count) responses, \(table.summary?.rowsRejected ?? 0) rejected")
}

func contactImport(_ path: String) throws -> (rows: Int, check: String) {
    let log = try ContactFrequencyBuilder.read(.file(path: path))
    return (log.builder.count, "\(log.builder.count) contacts, latest \(log.builder.latestContact?.description ?? "-")")
}

func walletImport(_ path: String) throws -> (rows: Int, check: String) {
    let table = try ImportedTable<WalletEntry>.read(.file(path: path))
    return (table.records.count, "\(table.records.count) wallet rows")
}

/// The RFM summary alone: three columns of billing.csv read as codes, summarised in weeks.
func rfmSummary(_ path: String) throws -> (rows: Int, check: String) {
    let log = try TransactionSummaryBuilder.read(.file(path: path), options: TransactionSummaryOptions(unit: .week))
    let summary = log.builder.summary()
    let repeaters = summary.clients.filter { $0.history.frequency > 0 }.count
    return (log.importSummary.rowsAccepted, "\(summary.clients.count) clients, \(repeaters) with repeat purchases")
}

/// The per-client join's billing side: one read of billing.csv into trailing billing, partner
/// billing, the ledger and the transactions (what `report`, `segment` and `correlate` use).
func clientBillingRead(_ path: String) throws -> (rows: Int, check: String) {
    let read = try ClientBilling.read(.file(path: path), options: ClientBillingOptions(asOf: benchmarkAsOf, keepsTransactions: true))
    return (read.importSummary.rowsAccepted, "\(read.history.clients.count) clients, \(read.trailingBilling.totals.count) billed in 12 months, revenue \(read.history.revenue)")
}

/// The sample's as-of date for the jobs that need "today".
let benchmarkAsOf = Day(year: 2026, month: 6, day: 30) ?? Day(daysSince1970: 0)

/// A purchase model's fit alone, on the CDNOW summary or on the sample's summary.
nonisolated(unsafe) var sampleHistories: [PurchaseHistory] = []

func purchaseFit(_ kind: PurchaseModelKind, sample: Bool) -> (String) throws -> (rows: Int, check: String) {
    { path in
        if sample && sampleHistories.isEmpty {
            sampleHistories = try TransactionSummaryBuilder.read(.file(path: path), options: TransactionSummaryOptions(unit: .week))
                .builder.summary().clients.map(\.history)
        }
        let histories = sample ? sampleHistories : cdnowHistories
        let fit = try PurchaseModel.fit(kind, histories, unit: .week)
        let parameters = fit.model.parameters.map { String(format: "%@ %.3f", $0.name, $0.value) }.joined(separator: " ")
        return (histories.count, parameters + String(format: " LL %.2f", fit.diagnostics.logLikelihood))
    }
}

/// The Gamma-Gamma spend fit alone, on the sample's clients with repeat purchases and a
/// positive mean repeat spend.
nonisolated(unsafe) var sampleSpend: [SpendHistory] = []

func gammaGammaFitSample(_ path: String) throws -> (rows: Int, check: String) {
    if sampleSpend.isEmpty {
        sampleSpend = try TransactionSummaryBuilder.read(.file(path: path), options: TransactionSummaryOptions(unit: .week))
            .builder.summary().clients.filter { $0.history.frequency > 0 && $0.meanRepeatSpend > 0 }
            .map { SpendHistory(frequency: $0.history.frequency, meanSpend: $0.meanRepeatSpend) }
    }
    let m = try GammaGammaModel.fit(sampleSpend).model
    return (sampleSpend.count, String(format: "p %.4f q %.4f gamma %.3f", m.p, m.q, m.gamma))
}

/// BG/BB and sBG on the sample's billing by year (twelve-month periods to the last invoice).
nonisolated(unsafe) var sampleActivity: AnnualActivity?

func annualFit(_ model: String) -> (String) throws -> (rows: Int, check: String) {
    { path in
        if sampleActivity == nil {
            let builder = try TransactionSummaryBuilder.read(.file(path: path), options: TransactionSummaryOptions(unit: .week)).builder
            sampleActivity = builder.annualActivity(end: builder.summary().observationEnd)
        }
        guard let activity = sampleActivity else { return (0, "") }
        if model == "bgbb" {
            let histories = activity.binaryHistories
            let m = try BGBBModel.fit(histories).model
            return (histories.count, String(format: "alpha %.3f beta %.3f gamma %.3f delta %.3f", m.alpha, m.beta, m.gamma, m.delta))
        }
        let cohorts = activity.cohorts.map(\.survival)
        let m = try ShiftedBetaGeometricModel.fit(cohorts).model
        return (cohorts.count, String(format: "alpha %.3f beta %.3f", m.alpha, m.beta))
    }
}

func gammaGammaFitCDNOW(_ path: String) throws -> (rows: Int, check: String) {
    let spend = cdnowSpend
    let fit = try GammaGammaModel.fit(spend)
    return (spend.count, String(format: "p %.3f q %.3f gamma %.3f", fit.model.p, fit.model.q, fit.model.gamma))
}

/// BG/BB on the donations data (22 grouped histories, 11,104 donors).
func bgbbFitDonations(_ path: String) throws -> (rows: Int, check: String) {
    let reader = try CSVReader(.file(path: path))
    var histories: [BinaryPurchaseHistory] = [], weights: [Double] = []
    while try reader.next() {
        let f = reader.record
        if let x = Int(f[0]), let tx = Int(f[1]), let n = Int(f[2]), let w = Double(f[3]) {
            histories.append(BinaryPurchaseHistory(frequency: x, recency: tx, periods: n))
            weights.append(w)
        }
    }
    let fit = try BGBBModel.fit(histories, weights: weights)
    let m = fit.model
    return (histories.count, String(format: "alpha %.3f beta %.3f gamma %.3f delta %.3f LL %.2f", m.alpha, m.beta, m.gamma, m.delta, fit.diagnostics.logLikelihood))
}

/// sBG on Fader & Hardie's "High End" cohort.
func sbgFitHighEnd(_ path: String) throws -> (rows: Int, check: String) {
    let fit = try ShiftedBetaGeometricModel.fit(CohortSurvival(alive: [1000, 869, 743, 653, 593, 551, 517, 491]))
    return (8, String(format: "alpha %.3f beta %.3f", fit.model.alpha, fit.model.beta))
}

/// A whole command run in this process, its output to memory (the files it writes, such as
/// the report's HTML, go to a temporary folder).
func command(_ arguments: @escaping (String) -> [String]) -> (String) throws -> (rows: Int, check: String) {
    { path in
        let out = ByteSink(), err = ByteSink()
        let code = CLI.run(arguments: arguments(path), stdout: out, stderr: err)
        guard code == 0 else { throw BenchmarkFailure(message: "exit \(code): \(String(decoding: err.memory, as: UTF8.self))") }
        return (0, "\(out.memory.count) bytes of output")
    }
}

// MARK: - Main

let settings = parseSettings()
let clients = settings.size == "small" ? 2_000 : 100_000
let directory: String
var generatedDirectory: String?
if let given = settings.dataDirectory {
    directory = given
} else {
    // Always generated afresh (about 4 s for 100,000 clients), so the data never goes stale.
    directory = NSTemporaryDirectory() + "clientvalue-bench-\(clients)-\(getpid())"
    generatedDirectory = directory
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    FileHandle.standardError.write(Data("generating \(clients) clients into \(directory)...\n".utf8))
    _ = try SampleGenerator.write(options: SampleOptions(clients: clients, seed: 42), to: directory)
}
defer {
    if let generatedDirectory { try? FileManager.default.removeItem(atPath: generatedDirectory) }
}

/// The CDNOW summary is test fixture data, found from this file's place in the repository.
let cdnowSummaryPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/ClientValueTests/Fixtures/cdnow/cdnow_customers_summary_with_transactions.csv").path
try loadCDNOW(cdnowSummaryPath)
let donationsPath = URL(fileURLWithPath: cdnowSummaryPath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("donations.csv").path
let reportPath = NSTemporaryDirectory() + "clientvalue-bench-report-\(getpid()).html"
defer { try? FileManager.default.removeItem(atPath: reportPath) }

let entries = [
    Entry(name: "csv-tokenise-billing", job: tokenise, file: directory + "/billing.csv"),
    Entry(name: "billing-import-totals", job: billingTotals, file: directory + "/billing.csv"),
    Entry(name: "nps-by-year", job: npsGroups(NPSAnalysisOptions(period: .year)), file: directory + "/surveys.csv"),
    Entry(name: "nps-by-partner", job: npsGroups(NPSAnalysisOptions(groupBy: "partner")), file: directory + "/surveys.csv"),
    Entry(name: "surveys-import", job: surveyImport, file: directory + "/surveys.csv"),
    Entry(name: "contacts-import", job: contactImport, file: directory + "/contacts.csv"),
    Entry(name: "wallet-import", job: walletImport, file: directory + "/wallet.csv"),
    Entry(name: "rfm-summary", job: rfmSummary, file: directory + "/billing.csv"),
    Entry(name: "bgnbd-fit-cdnow", job: bgnbdFitCDNOW, file: cdnowSummaryPath),
    Entry(name: "pareto-nbd-fit-cdnow", job: purchaseFit(.paretoNBD, sample: false), file: cdnowSummaryPath),
    Entry(name: "mbgnbd-fit-cdnow", job: purchaseFit(.mbgnbd, sample: false), file: cdnowSummaryPath),
    Entry(name: "gamma-gamma-fit-cdnow", job: gammaGammaFitCDNOW, file: cdnowSummaryPath),
    Entry(name: "bgbb-fit-donations", job: bgbbFitDonations, file: donationsPath),
    Entry(name: "sbg-fit-high-end", job: sbgFitHighEnd, file: ""),
    Entry(name: "bgnbd-fit-sample", job: purchaseFit(.bgnbd, sample: true), file: directory + "/billing.csv"),
    Entry(name: "pareto-nbd-fit-sample", job: purchaseFit(.paretoNBD, sample: true), file: directory + "/billing.csv"),
    Entry(name: "mbgnbd-fit-sample", job: purchaseFit(.mbgnbd, sample: true), file: directory + "/billing.csv"),
    Entry(name: "gamma-gamma-fit-sample", job: gammaGammaFitSample, file: directory + "/billing.csv"),
    Entry(name: "bgbb-fit-sample", job: annualFit("bgbb"), file: directory + "/billing.csv"),
    Entry(name: "sbg-fit-sample", job: annualFit("sbg"), file: directory + "/billing.csv"),
    Entry(name: "clv-pipeline", job: clvPipeline, file: directory + "/billing.csv"),
    Entry(name: "firm-metrics", job: firmMetrics, file: directory + "/billing.csv"),
    Entry(name: "correlations-1m-ties", job: correlations, file: ""),
    Entry(name: "client-billing-read", job: clientBillingRead, file: directory + "/billing.csv"),
    Entry(name: "segments", job: command { _ in ["segment", directory, "--as-of", "2026-06-30", "--format", "json"] }, file: directory + "/billing.csv"),
    Entry(name: "report", job: command { _ in ["report", directory, "--as-of", "2026-06-30", "--out", reportPath] }, file: directory + "/billing.csv"),
].filter { entry in settings.filter.isEmpty || settings.filter.contains { entry.name.contains($0) } }

var results: [Measurement] = []
for entry in entries {
    let result = try measure(entry, runs: settings.runs)
    results.append(result)
    if !settings.json {
        let line = String(format: "%-24@ %9.1f MB  %10d rows  median %7.3f s  min %7.3f s  %7.1f MB/s  %6.2f M rows/s  peak RSS %6.1f MB",
                          result.name as NSString, Double(result.inputBytes) / 1e6, result.rows, result.medianSeconds,
                          result.minSeconds, result.megabytesPerSecond, result.rowsPerSecond / 1e6, result.peakResidentMegabytes)
        print(line)
        print("  result: \(result.result)")
    }
}
if settings.json {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(results), as: UTF8.self))
}
