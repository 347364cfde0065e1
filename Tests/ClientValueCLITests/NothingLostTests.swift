import ClientValue
import Foundation
import Testing
@testable import ClientValueCLI

/// Issue 10, "Nothing lost": for every command run with `--on-error skip`, rows read =
/// accepted + rejected, and the rejects file holds each rejected row byte for byte with its
/// line and reason.
///
/// Each case takes one input file of a command and mixes bad rows of several kinds into a
/// good export (a small generated sample firm, whose every row reads): a bad date, a bad
/// amount, a bad score, a ragged row, a quoted field with an embedded line break and comma,
/// non-ASCII text, a stray quote and invalid UTF-8; once with LF line ends, once with CRLF
/// (embedded line breaks too, and no final line end). What is expected comes from how the
/// file was built, not from the library: the good records are counted by quote parity (a
/// line feed outside quotes ends a record, RFC 4180), each bad row is one record, its line is
/// one more than the line breaks before it (plus the breaks inside it before the bad field,
/// as the `FILE:LINE:COLUMN` diagnostic counts), and its bytes are the bytes written.
@Suite("Nothing lost with --on-error skip")
struct NothingLostTests {
    enum Kind: String, Sendable, CaseIterable {
        case billing, surveys, contacts, wallet
        /// Any CSV with numeric columns, for `correlate --table`.
        case table
    }

    enum LineEnding: String, Sendable, CaseIterable, CustomTestStringConvertible {
        case lf, crlf
        var testDescription: String { rawValue.uppercased() }
    }

    /// Where a command reports its counts besides standard error.
    enum Counts: Sendable {
        /// `inputs` [{`file`, `rows_read`, `rows_accepted`, `rows_rejected`}] in the JSON.
        case jsonInputs
        /// One `input` object in the JSON.
        case jsonInput
        /// `rows_read`, `rows_accepted`, `rows_rejected` at the top of the JSON (inspect).
        case jsonTopLevel
        /// Only standard error: `FILE: R of N rows rejected`.
        case stderrOnly
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The arguments, with `@billing`, `@surveys`, `@contacts`, `@wallet`, `@dir`, `@out`
        /// standing for paths; the reading options are appended.
        var arguments: [String]
        /// The file mixing good and bad rows; the others are good.
        var mixed: Kind
        /// Appended to `--rejects FILE` for the mixed file's rejects.
        var rejectsSuffix: String
        var counts: Counts
        /// inspect always collects errors: it takes no `--on-error`, exits 1 on any bad row,
        /// lists the errors on standard error, and prints no JSON for `--format` table.
        var isInspect = false
        var takesFormat = true
        var testDescription: String { "\(name): bad rows in \(mixed.rawValue)" }
    }

    static let correlateAll = ["correlate", "--contacts", "@contacts", "--surveys", "@surveys", "--billing", "@billing", "--wallet", "@wallet"]
    static let segmentAll = ["segment", "--billing", "@billing", "--surveys", "@surveys", "--contacts", "@contacts"]
    static let npsArguments = ["nps", "@surveys", "--billing", "@billing"]

    static let cases: [Case] = [
        Case(name: "nps", arguments: npsArguments, mixed: .surveys, rejectsSuffix: "", counts: .jsonInputs),
        Case(name: "nps", arguments: npsArguments, mixed: .billing, rejectsSuffix: ".billing.csv", counts: .jsonInputs),
        Case(name: "clv", arguments: ["clv", "@billing"], mixed: .billing, rejectsSuffix: "", counts: .stderrOnly),
        Case(name: "clv --historical", arguments: ["clv", "@billing", "--historical"], mixed: .billing, rejectsSuffix: "", counts: .stderrOnly),
        Case(name: "clv --model bgbb", arguments: ["clv", "@billing", "--model", "bgbb"], mixed: .billing, rejectsSuffix: "", counts: .stderrOnly),
        Case(name: "wallet", arguments: ["wallet", "@billing", "@wallet"], mixed: .billing, rejectsSuffix: ".billing.csv", counts: .jsonInputs),
        Case(name: "wallet", arguments: ["wallet", "@billing", "@wallet"], mixed: .wallet, rejectsSuffix: "", counts: .jsonInputs),
        Case(name: "firm", arguments: ["firm", "@billing"], mixed: .billing, rejectsSuffix: "", counts: .jsonInput),
        Case(name: "contacts", arguments: ["contacts", "@contacts", "--billing", "@billing"], mixed: .contacts, rejectsSuffix: "", counts: .stderrOnly),
        Case(name: "contacts", arguments: ["contacts", "@contacts", "--billing", "@billing"], mixed: .billing, rejectsSuffix: ".billing.csv", counts: .stderrOnly),
        Case(name: "correlate", arguments: correlateAll, mixed: .contacts, rejectsSuffix: "", counts: .stderrOnly),
        Case(name: "correlate", arguments: correlateAll, mixed: .surveys, rejectsSuffix: ".surveys.csv", counts: .stderrOnly),
        Case(name: "correlate", arguments: correlateAll, mixed: .billing, rejectsSuffix: ".billing.csv", counts: .stderrOnly),
        Case(name: "correlate", arguments: correlateAll, mixed: .wallet, rejectsSuffix: ".wallet.csv", counts: .stderrOnly),
        // Billing alone: "today" comes from a first pass over the billing file.
        Case(name: "correlate --billing only", arguments: ["correlate", "--billing", "@billing", "--x", "revenue_t12m", "--y", "profit"],
             mixed: .billing, rejectsSuffix: ".billing.csv", counts: .stderrOnly),
        Case(name: "correlate --table", arguments: ["correlate", "--table", "@table", "--x", "visits", "--y", "spend"],
             mixed: .table, rejectsSuffix: "", counts: .stderrOnly),
        Case(name: "segment", arguments: segmentAll, mixed: .billing, rejectsSuffix: ".billing.csv", counts: .stderrOnly),
        Case(name: "segment", arguments: segmentAll, mixed: .surveys, rejectsSuffix: ".surveys.csv", counts: .stderrOnly),
        Case(name: "segment", arguments: segmentAll, mixed: .contacts, rejectsSuffix: "", counts: .stderrOnly),
        Case(name: "report", arguments: ["report", "@dir", "--out", "@out"], mixed: .billing, rejectsSuffix: ".billing.csv", counts: .stderrOnly, takesFormat: false),
        Case(name: "report", arguments: ["report", "@dir", "--out", "@out"], mixed: .surveys, rejectsSuffix: ".surveys.csv", counts: .stderrOnly, takesFormat: false),
        Case(name: "report", arguments: ["report", "@dir", "--out", "@out"], mixed: .contacts, rejectsSuffix: "", counts: .stderrOnly, takesFormat: false),
    ] + [Kind.billing, .surveys, .contacts, .wallet].map { kind in
        Case(name: "inspect", arguments: ["inspect", "@\(kind.rawValue)", "--kind", kind.rawValue], mixed: kind, rejectsSuffix: "",
             counts: .jsonTopLevel, isInspect: true)
    }

    @Test("rows read = accepted + rejected; each rejected row byte for byte with its line and reason",
          arguments: cases, LineEnding.allCases)
    func nothingLost(_ c: Case, _ ending: LineEnding) throws {
        let sample = try #require(Self.sample, "the sample firm could not be generated")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cv-nothing-lost-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func path(_ kind: Kind) -> String { directory + "/" + kind.rawValue + ".csv" }
        let rejects = directory + "/rejected.csv"
        let html = directory + "/report.html"

        // The inputs: every file good, but the mixed one.
        var mixed: MixedFile?
        for kind in Kind.allCases {
            let good = try #require(sample[kind])
            if kind == c.mixed {
                let file = MixedFile(good: good, bad: Self.badRows(kind, header: good.header), ending: ending)
                mixed = file
                try Data(file.bytes).write(to: URL(fileURLWithPath: path(kind)))
            } else {
                try Data(good.bytes).write(to: URL(fileURLWithPath: path(kind)))
            }
        }
        let file = try #require(mixed)
        let read = file.goodCount + file.expected.count
        #expect(file.expected.count >= 7, "enough kinds of bad rows")

        var arguments = c.arguments.map { argument -> String in
            switch argument {
            case "@dir": return directory
            case "@out": return html
            default:
                if argument.hasPrefix("@"), let kind = Kind(rawValue: String(argument.dropFirst())) { return path(kind) }
                return argument
            }
        }
        if !c.isInspect { arguments += ["--on-error", "skip"] }
        arguments += ["--rejects", rejects]
        if c.takesFormat { arguments += ["--format", "json"] }
        let run = runCLI(arguments)
        #expect(run.code == (c.isInspect ? 1 : 0), "\(run.stderr)")

        // The counts the command reports.
        let mixedPath = path(c.mixed)
        if !c.isInspect {
            let line = "\(mixedPath): \(file.expected.count) of \(read) rows rejected"
            #expect(run.stderr.split(separator: "\n").contains { $0 == line }, "stderr should say '\(line)'; it says:\n\(run.stderr)")
        }
        if c.counts != .stderrOnly {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let counts: [String: Any]?
            switch c.counts {
            case .jsonInputs:
                counts = (object["inputs"] as? [[String: Any]])?.first { $0["file"] as? String == mixedPath }
            case .jsonInput:
                counts = object["input"] as? [String: Any]
            case .jsonTopLevel, .stderrOnly:
                counts = object
            }
            let found = try #require(counts, "no counts for \(mixedPath) in the JSON")
            #expect(found["rows_read"] as? Int == read)
            #expect(found["rows_accepted"] as? Int == file.goodCount)
            #expect(found["rows_rejected"] as? Int == file.expected.count)
        }

        // The rejects file of the mixed file: every bad row, byte for byte, line, reason.
        let written = try #require(FileManager.default.contents(atPath: rejects + c.rejectsSuffix), "no rejects file \(rejects + c.rejectsSuffix)")
        Self.checkRejects([UInt8](written), header: file.good.header, expected: file.expected)

        // The other files had no bad row: no rejects file, or one with only the header.
        for suffix in ["", ".billing.csv", ".surveys.csv", ".wallet.csv"] where suffix != c.rejectsSuffix {
            guard let other = FileManager.default.contents(atPath: rejects + suffix) else { continue }
            let lines = String(decoding: other, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 1 && lines.first?.hasSuffix("rejected_line,rejected_because") == true,
                    "\(rejects + suffix) should hold no rows; it holds:\n\(String(decoding: other, as: UTF8.self))")
        }

        // Nor does anything of a rejected row reach the results.
        if !c.isInspect {
            var output = run.stdout
            if let page = FileManager.default.contents(atPath: html) { output += String(decoding: page, as: UTF8.self) }
            #expect(!output.contains("ZZBAD"), "a rejected row's client appears in the output")
        }
    }

    // MARK: - The good files

    /// A good export cut into its header line and its records (without line ends).
    struct GoodFile: Sendable {
        var header: [UInt8]
        var records: [[UInt8]]
        var bytes: [UInt8]

        /// Cuts `bytes` (LF line ends, every quoted field closed) at the line feeds outside
        /// quotes: an even number of `"` before a line feed puts it outside any quoted field.
        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            var lines: [[UInt8]] = []
            var current: [UInt8] = []
            var insideQuotes = false
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { insideQuotes.toggle() }
                if byte == UInt8(ascii: "\n") && !insideQuotes {
                    lines.append(current)
                    current = []
                } else {
                    current.append(byte)
                }
            }
            if !current.isEmpty { lines.append(current) }
            header = lines.first ?? []
            records = Array(lines.dropFirst()).filter { !$0.isEmpty }
        }
    }

    /// The four files of a small generated firm (30 clients, seed 11): with real quoting,
    /// multi-line comments and names with commas; and a small numeric table. `nil` if the
    /// firm could not be generated.
    static let sample: [Kind: GoodFile]? = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cv-nothing-lost-sample-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard runCLI(["sample", "--clients", "30", "--seed", "11", "--out", directory]).code == 0 else { return nil }
        var files: [Kind: GoodFile] = [:]
        // A plain numeric table: a client, two numbers (some missing), a note with quoting.
        var table = "client,visits,spend,note\n"
        for i in 1...40 {
            let note = i % 7 == 0 ? "\"Called twice, then\nemailed \"\"urgent\"\"\"" : (i % 5 == 0 ? "déjà vu" : "")
            table += "C\(i),\(i % 9 == 0 ? "" : String(i * 3 % 17)),\(Double(i * 37 % 101) / 4),\(note)\n"
        }
        files[.table] = GoodFile(Array(table.utf8))
        for kind in [Kind.billing, .surveys, .contacts, .wallet] {
            guard let data = FileManager.default.contents(atPath: directory + "/" + kind.rawValue + ".csv") else { return nil }
            files[kind] = GoodFile([UInt8](data))
        }
        return files
    }()

    // MARK: - The bad rows

    /// A bad row: its fields by header name (raw, quoted as they are to be written; a `\n`
    /// inside becomes the file's line end), the rest taken from a good row.
    struct BadRow: Sendable {
        var name: String
        var fields: [String: [UInt8]]
        /// One field more than the header.
        var ragged = false
        /// What the reason must say: the column and the value found, or the field counts.
        var reason: [String]
        /// Line breaks inside the row before the bad field.
        var lineOffset = 0
    }

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    static func badRows(_ kind: Kind, header: [UInt8]) -> [BadRow] {
        let columns = String(decoding: header, as: UTF8.self).split(separator: ",").count
        let ragged = "expected \(columns) fields as in the header, found \(columns + 1)"
        switch kind {
        case .billing:
            return [
                BadRow(name: "bad date", fields: ["client_id": text("ZZBAD01"), "invoice_date": text("2024-13-01")],
                       reason: ["column 'invoice_date'", "\"2024-13-01\""]),
                BadRow(name: "bad amount", fields: ["client_id": text("ZZBAD02"), "amount": text("12.3x")],
                       reason: ["column 'amount'", "\"12.3x\""]),
                BadRow(name: "empty client", fields: ["client_id": text(""), "client_name": text("ZZBAD03 Nobody Ltd")],
                       reason: ["column 'client_id'", "empty"]),
                BadRow(name: "ragged", fields: ["client_id": text("ZZBAD04")], ragged: true, reason: [ragged]),
                // client_name comes before amount: the bad amount is on the row's second line.
                BadRow(name: "quoted, embedded line break and comma", fields: [
                    "client_id": text("ZZBAD05"), "client_name": text("\"Smith, Jones\n& Partners \"\"LLP\"\"\""), "amount": text("abc"),
                ], reason: ["column 'amount'", "\"abc\""], lineOffset: 1),
                BadRow(name: "non-ASCII", fields: [
                    "client_id": text("ZZBAD06-Zoë Ørsted"), "client_name": text("Société Générale – 東京"), "amount": text("\"€ 1.234,50\""),
                ], reason: ["column 'amount'", "\"€ 1.234,50\""]),
                BadRow(name: "stray quote", fields: ["client_id": text("ZZBAD07"), "amount": text("12\"3")], reason: ["column 'amount'", "'\"'"]),
                BadRow(name: "invalid UTF-8", fields: ["client_id": text("ZZBAD08"), "client_name": text("Caf") + [0xE9] + text(" Ltd")],
                       reason: ["column 'client_name'", "UTF-8"]),
            ]
        case .surveys:
            return [
                BadRow(name: "bad date", fields: ["client_id": text("ZZBAD01"), "response_date": text("2025-02-30")],
                       reason: ["column 'response_date'", "\"2025-02-30\""]),
                BadRow(name: "score 11", fields: ["client_id": text("ZZBAD02"), "score": text("11")], reason: ["column 'score'", "\"11\""]),
                BadRow(name: "score 9.5", fields: ["client_id": text("ZZBAD03"), "score": text("9.5")], reason: ["column 'score'", "\"9.5\""]),
                BadRow(name: "score N/A", fields: ["client_id": text("ZZBAD04"), "score": text("N/A")], reason: ["column 'score'", "\"N/A\""]),
                BadRow(name: "ragged", fields: ["client_id": text("ZZBAD05")], ragged: true, reason: [ragged]),
                // respondent comes before score: the bad score is on the row's second line.
                BadRow(name: "quoted, embedded line break and comma", fields: [
                    "client_id": text("ZZBAD06"), "respondent": text("\"Doe, Jane\nHead of Legal\""), "score": text("12"),
                    "comment": text("\"Slow, then\n\"\"fine\"\"\""),
                ], reason: ["column 'score'", "\"12\""], lineOffset: 1),
                BadRow(name: "non-ASCII", fields: [
                    "client_id": text("ZZBAD07-Zoë"), "respondent": text("Jürgen Groß"), "score": text("élevé"), "comment": text("très bien 👍"),
                ], reason: ["column 'score'", "\"élevé\""]),
                BadRow(name: "stray quote", fields: ["client_id": text("ZZBAD08"), "score": text("9\"")], reason: ["column 'score'", "'\"'"]),
                BadRow(name: "invalid UTF-8", fields: ["client_id": text("ZZBAD09"), "comment": text("na") + [0xEF, 0xBB] + text("ve")],
                       reason: ["column 'comment'", "UTF-8"]),
            ]
        case .contacts:
            return [
                BadRow(name: "bad date", fields: ["client_id": text("ZZBAD01"), "contact_date": text("2024-00-10")],
                       reason: ["column 'contact_date'", "\"2024-00-10\""]),
                BadRow(name: "empty date", fields: ["client_id": text("ZZBAD02"), "contact_date": text("")], reason: ["column 'contact_date'", "empty"]),
                BadRow(name: "ragged", fields: ["client_id": text("ZZBAD03")], ragged: true, reason: [ragged]),
                BadRow(name: "quoted, embedded line break and comma", fields: [
                    "client_id": text("ZZBAD04"), "contact_date": text("31/31/2024"), "channel": text("\"call, then\nlunch\""),
                ], reason: ["column 'contact_date'", "\"31/31/2024\""]),
                BadRow(name: "non-ASCII", fields: [
                    "client_id": text("ZZBAD05-Zoë"), "contact_date": text("5 Mär 2024"), "partner": text("Łukasz Żółw"),
                ], reason: ["column 'contact_date'", "\"5 Mär 2024\""]),
                BadRow(name: "stray quote", fields: ["client_id": text("ZZBAD06"), "contact_date": text("2024-01-0\"5")],
                       reason: ["column 'contact_date'", "'\"'"]),
                BadRow(name: "invalid UTF-8", fields: ["client_id": text("ZZBAD07"), "partner": [0xC3, 0x28] + text("va")],
                       reason: ["column 'partner'", "UTF-8"]),
            ]
        case .wallet:
            return [
                BadRow(name: "bad year", fields: ["client_id": text("ZZBAD01"), "year": text("FY24x")], reason: ["column 'year'", "\"FY24x\""]),
                BadRow(name: "bad amount", fields: ["client_id": text("ZZBAD02"), "wallet_estimate": text("12.3x")],
                       reason: ["column 'wallet_estimate'", "\"12.3x\""]),
                BadRow(name: "rank above providers", fields: ["client_id": text("ZZBAD03"), "rank": text("4"), "providers": text("3")],
                       reason: ["column 'rank'", "\"4\""]),
                BadRow(name: "neither estimate nor share", fields: ["client_id": text("ZZBAD04"), "wallet_estimate": [], "reported_share": []],
                       reason: ["column 'wallet_estimate'", "empty"]),
                BadRow(name: "ragged", fields: ["client_id": text("ZZBAD05")], ragged: true, reason: [ragged]),
                // client_id comes before year: the bad year is on the row's second line.
                BadRow(name: "quoted, embedded line break and comma", fields: [
                    "client_id": text("\"ZZBAD06, Müller\nGmbH\""), "year": text("2O24"),
                ], reason: ["column 'year'", "\"2O24\""], lineOffset: 1),
                BadRow(name: "non-ASCII", fields: ["client_id": text("ZZBAD07-Ærø"), "wallet_estimate": text("\"€ 1.234,50\"")],
                       reason: ["column 'wallet_estimate'", "\"€ 1.234,50\""]),
                BadRow(name: "stray quote", fields: ["client_id": text("ZZBAD08"), "year": text("20\"24")], reason: ["column 'year'", "'\"'"]),
                BadRow(name: "invalid UTF-8", fields: ["client_id": text("ZZBAD09-") + [0xFF]], reason: ["column 'client_id'", "UTF-8"]),
            ]
        case .table:
            return [
                BadRow(name: "not a number", fields: ["client": text("ZZBAD01"), "visits": text("12.3x")],
                       reason: ["column 'visits'", "\"12.3x\" is not a number"]),
                BadRow(name: "N/A", fields: ["client": text("ZZBAD02"), "spend": text("N/A")], reason: ["column 'spend'", "\"N/A\""]),
                BadRow(name: "ragged", fields: ["client": text("ZZBAD03")], ragged: true, reason: [ragged]),
                // client comes before visits: the bad number is on the row's second line.
                BadRow(name: "quoted, embedded line break and comma", fields: [
                    "client": text("\"ZZBAD04, Smith\nJones\""), "visits": text("abc"), "note": text("\"a, b\nc\""),
                ], reason: ["column 'visits'", "\"abc\""], lineOffset: 1),
                BadRow(name: "non-ASCII", fields: ["client": text("ZZBAD05-Zoë"), "spend": text("١٢")], reason: ["column 'spend'", "\"١٢\""]),
                BadRow(name: "stray quote", fields: ["client": text("ZZBAD06"), "spend": text("12\"3")], reason: ["column 'spend'", "'\"'"]),
                BadRow(name: "invalid UTF-8", fields: ["client": text("ZZBAD07"), "note": text("caf") + [0xE9]], reason: ["column 'note'", "UTF-8"]),
            ]
        }
    }

    /// A rejected row as the rejects file must hold it.
    struct ExpectedReject {
        var name: String
        var raw: [UInt8]
        var line: Int
        var reason: [String]
    }

    /// The good file with the bad rows spread through it (the first after a few good rows, so
    /// the dialect is sniffed from good ones; the last at the very end), in LF or CRLF.
    struct MixedFile {
        var good: GoodFile
        var bytes: [UInt8] = []
        var goodCount: Int
        var expected: [ExpectedReject] = []

        init(good: GoodFile, bad: [BadRow], ending: LineEnding) {
            self.good = good
            goodCount = good.records.count
            var expected: [ExpectedReject] = []
            let names = String(decoding: good.header, as: UTF8.self).split(separator: ",").map(String.init)
            let template = good.records.first { !$0.contains(UInt8(ascii: "\"")) } ?? []
            let defaults = template.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map(Array.init)
            // To CRLF: each LF not already after a CR (the sample has a CRLF inside a comment).
            func converted(_ bytes: [UInt8]) -> [UInt8] {
                guard ending == .crlf else { return bytes }
                var out: [UInt8] = []
                for (i, byte) in bytes.enumerated() {
                    if byte == 10 && (i == 0 || bytes[i - 1] != 13) { out.append(13) }
                    out.append(byte)
                }
                return out
            }
            // Physical line breaks: CRLF, LF, or CR alone, each one.
            func breaks(_ bytes: [UInt8]) -> Int {
                bytes.indices.filter { bytes[$0] == 10 || (bytes[$0] == 13 && ($0 + 1 == bytes.count || bytes[$0 + 1] != 10)) }.count
            }
            let lineEnd: [UInt8] = ending == .crlf ? [13, 10] : [10]
            // Good records 0..<5, bad row 0, then one bad row after every few good records,
            // and the last bad row after the last good record.
            let step = max(1, (good.records.count - 5) / max(1, bad.count - 1))
            var slots: [Int: BadRow] = [:]
            for (i, row) in bad.dropLast().enumerated() { slots[min(5 + i * step, good.records.count - 1)] = row }
            var out = converted(good.header) + lineEnd
            var lines = 1
            func append(_ record: [UInt8]) {
                lines += 1
                out += record + lineEnd
                lines += breaks(record)
            }
            func appendBad(_ row: BadRow) {
                var fields = names.indices.map { index -> [UInt8] in
                    row.fields[names[index]] ?? (index < defaults.count ? defaults[index] : [])
                }
                if row.ragged { fields.append(Self.text("surplus")) }
                let raw = converted(Array(fields.joined(separator: [UInt8(ascii: ",")])))
                expected.append(ExpectedReject(name: row.name, raw: raw, line: lines + 1 + row.lineOffset, reason: row.reason))
                append(raw)
            }
            for (index, record) in good.records.enumerated() {
                append(converted(record))
                if let row = slots[index] { appendBad(row) }
            }
            if let last = bad.last { appendBad(last) }
            // CRLF files end without a final line end: the last row's bytes end the file.
            if ending == .crlf { out.removeLast(2) }
            bytes = out
            self.expected = expected
        }

        static func text(_ string: String) -> [UInt8] { Array(string.utf8) }
    }

    // MARK: - Reading the rejects file

    /// Checks the rejects file is the input's header plus `rejected_line,rejected_because`,
    /// then each expected row's bytes, its line and a reason saying what was wrong, in order.
    static func checkRejects(_ bytes: [UInt8], header: [UInt8], expected: [ExpectedReject],
                             sourceLocation: SourceLocation = #_sourceLocation) {
        var i = 0
        func take(_ prefix: [UInt8]) -> Bool {
            guard bytes.count - i >= prefix.count, Array(bytes[i..<(i + prefix.count)]) == prefix else { return false }
            i += prefix.count
            return true
        }
        func takeLineEnd() -> Bool { take([13, 10]) || take([10]) }
        func rest() -> String { String(decoding: bytes[i..<min(bytes.count, i + 200)], as: UTF8.self) }
        guard take(header + text(",rejected_line,rejected_because")), takeLineEnd() else {
            Issue.record("the rejects file does not start with the header; it starts: \(rest())", sourceLocation: sourceLocation)
            return
        }
        for row in expected {
            guard take(row.raw + text(",")) else {
                Issue.record("\(row.name): expected its bytes \(String(decoding: row.raw, as: UTF8.self).debugDescription), found \(rest().debugDescription)",
                             sourceLocation: sourceLocation)
                return
            }
            guard take(text("\(row.line),")) else {
                Issue.record("\(row.name): expected line \(row.line), found \(rest().debugDescription)", sourceLocation: sourceLocation)
                return
            }
            // The reason: one CSV field, quoted or not.
            var reason: [UInt8] = []
            if i < bytes.count && bytes[i] == UInt8(ascii: "\"") {
                i += 1
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                            reason.append(bytes[i])
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    reason.append(bytes[i])
                    i += 1
                }
            } else {
                while i < bytes.count && bytes[i] != 10 && bytes[i] != 13 {
                    reason.append(bytes[i])
                    i += 1
                }
            }
            let message = String(decoding: reason, as: UTF8.self)
            for part in row.reason {
                #expect(message.contains(part), "\(row.name): the reason '\(message)' should contain \(part.debugDescription)", sourceLocation: sourceLocation)
            }
            guard takeLineEnd() else {
                Issue.record("\(row.name): expected a line end after the reason, found \(rest().debugDescription)", sourceLocation: sourceLocation)
                return
            }
        }
        #expect(i == bytes.count, "more in the rejects file than the bad rows: \(rest().debugDescription)", sourceLocation: sourceLocation)
    }
}
