import Foundation
import Testing
@testable import ClientValue

private func bytes(_ text: String) -> ByteSourceKind { .memory(Array(text.utf8)) }

@Suite("RecordReader: billing")
struct BillingImportTests {
    @Test("reads every billing column, keeping extra columns for grouping")
    func readsAllColumns() throws {
        let csv = #"""
        invoice_id,client_id,client_name,invoice_date,amount,cost,collected,standard_value,currency,practice_area,partner,office
        INV-1,C001,"Smith, Jones & Co",2024-03-05,"1,234.50",800.00,1234.50,1400.00,USD,Tax,Ann Lee,London
        INV-2,C002,"""Acme"" Ltd",2024-03-06,(250.00),,,,USD,Audit,Bo Chen,Paris

        """#
        let table = try ImportedTable<BillingLine>.read(bytes(csv), file: "billing.csv")
        #expect(table.records.count == 2)
        let first = table.records[0]
        #expect(first.clientID == "C001")
        #expect(first.clientName == "Smith, Jones & Co")
        #expect(first.invoiceDate == Day(year: 2024, month: 3, day: 5))
        #expect(first.amount == Money(minorUnits: 123_450))
        #expect(first.cost == Money(minorUnits: 80_000))
        #expect(first.collected == Money(minorUnits: 123_450))
        #expect(first.standardValue == Money(minorUnits: 140_000))
        #expect(first.currency == "USD")
        #expect(first.practiceArea == "Tax")
        #expect(first.partner == "Ann Lee")
        #expect(first.extraValues == ["INV-1", "London"])
        #expect(first.line == 2)
        let credit = table.records[1]
        #expect(credit.clientName == "\"Acme\" Ltd")
        #expect(credit.amount == Money(minorUnits: -25_000))
        #expect(credit.cost == nil)
        #expect(table.summary.extraColumns == ["invoice_id", "office"])
        #expect(table.summary.rowsRead == 2)
        #expect(table.summary.rowsAccepted == 2)
    }

    struct AliasCase: Sendable, CustomTestStringConvertible {
        var header: String
        var testDescription: String { header }
    }

    @Test("matches headers by alias, ignoring case, spaces, underscores and hyphens", arguments: [
        "Client,Invoice Date,Fees",
        "ACCOUNT,date,Amount",
        "Matter Client,Invoice-Date,Billed Amount",
        "client_id,INVOICE_DATE,net amount",
        "Customer ID,Bill Date,Revenue",
    ])
    func aliases(_ header: String) throws {
        let table = try ImportedTable<BillingLine>.read(bytes(header + "\nC9,2024-01-02,10\n"))
        #expect(table.records.map(\.clientID) == ["C9"])
        #expect(table.records.map(\.amount) == [Money(minorUnits: 1000)])
        #expect(table.summary.columns.map(\.field) == ["client_id", "invoice_date", "amount"])
    }

    @Test("an explicit mapping names the column for a field")
    func explicitMapping() throws {
        let csv = "Who,When,How likely are you to recommend us?\nC1,2024-05-01,9\n"
        let options = ImportOptions(columnMap: ["client_id": "Who", "response_date": "When", "score": "How likely are you to recommend us?"])
        let table = try ImportedTable<SurveyResponse>.read(bytes(csv), options: options)
        #expect(table.records.map(\.score) == [9])
    }

    @Test("a mapping to a header that does not exist is an error naming the headers found")
    func badMapping() throws {
        let error = #expect(throws: ImportError.self) {
            _ = try ImportedTable<SurveyResponse>.read(bytes("a,b,c\n"), file: "s.csv", options: ImportOptions(columnMap: ["score": "Rating"]))
        }
        #expect(error?.diagnostic == "s.csv:1:1: error: --map score=\"Rating\": no such header; found 'a', 'b', 'c'")
    }

    @Test("a missing required column is an error at the header")
    func missingColumn() throws {
        let error = #expect(throws: ImportError.self) {
            _ = try ImportedTable<BillingLine>.read(bytes("client,amount\nC1,5\n"), file: "billing.csv")
        }
        #expect(error?.kind == .missingColumn(field: "invoice_date"))
        #expect(error?.diagnostic == "billing.csv:1:1: error: missing required column 'invoice_date'; found 'client', 'amount' (map one with --map invoice_date=\"Header\")")
    }

    @Test("a bad amount names file, line, column, header and the text found")
    func badAmount() throws {
        let csv = "client_id,invoice_date,partner,office,cost,amount\nC1,2024-01-01,A,L,1,2\nC1,2024-01-02,A,L,1,12,3x\n"
        let error = #expect(throws: ImportError.self) {
            _ = try ImportedTable<BillingLine>.read(bytes(csv), file: "billing.csv", options: ImportOptions(csv: CSVReadOptions(delimiter: .comma)))
        }
        // "12,3x" splits into two fields here, so the row is one field too wide:
        #expect(error?.kind == .malformedCSV(.unequalFieldCount(expected: 6, found: 7)))
        let quoted = "client_id,invoice_date,partner,office,cost,amount\nC1,2024-01-01,A,L,1,2\nC1,2024-01-02,A,L,1,\"12,3x\"\n"
        let amount = #expect(throws: ImportError.self) {
            _ = try ImportedTable<BillingLine>.read(bytes(quoted), file: "billing.csv")
        }
        #expect(amount?.position.line == 3)
        #expect(amount?.position.column == 6)
        #expect(amount?.columnName == "amount")
        #expect(amount?.found == "12,3x")
        #expect(amount?.diagnostic.hasPrefix("billing.csv:3:6: error: column 'amount': \"12,3x\" is not an amount") == true)
    }

    @Test("an empty required field is an error")
    func emptyRequired() throws {
        let error = #expect(throws: ImportError.self) {
            _ = try ImportedTable<BillingLine>.read(bytes("client_id,invoice_date,amount\n  ,2024-01-01,5\n"), file: "b.csv")
        }
        #expect(error?.kind == .emptyField)
        #expect(error?.diagnostic == "b.csv:2:1: error: column 'client_id': is empty; expected a value")
    }

    @Test("rows whose every field is empty are skipped and counted")
    func emptyRows() throws {
        let table = try ImportedTable<BillingLine>.read(bytes("client_id,invoice_date,amount\nC1,2024-01-01,5\n,,\n , ,\n"))
        #expect(table.records.count == 1)
        #expect(table.summary.emptyRowsSkipped == 2)
        #expect(table.summary.rowsRead == 1)
    }
}

@Suite("RecordReader: error policy")
struct ErrorPolicyTests {
    static let mixed = #"""
    client_id,invoice_date,amount,partner
    C1,2024-01-01,100.00,Ann
    C2,2024-13-01,50.00,Bo
    C3,2024-01-03,abc,Cy
    C5,2024-01-05,75.25,Ed
    C6,2024-01-06,1.00,Fa,extra
    "=HYPERLINK(""x"")",2024-01-07,2.00,Gi
    C7,2024-01-08,"unterminated,Di

    """#

    @Test("fail stops at the first bad row")
    func failStops() throws {
        let error = #expect(throws: ImportError.self) {
            _ = try ImportedTable<BillingLine>.read(bytes(Self.mixed), file: "b.csv")
        }
        #expect(error?.position.line == 3)
        #expect(error?.columnName == "invoice_date")
    }

    @Test("skip keeps every good row, counts every bad one, and writes each unchanged with its reason")
    func skipWritesRejects() throws {
        let rejects = FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UInt64.random(in: 0...UInt64.max)).csv").path
        defer { try? FileManager.default.removeItem(atPath: rejects) }
        let options = ImportOptions(onError: .skip, rejectsPath: rejects)
        let table = try ImportedTable<BillingLine>.read(bytes(Self.mixed), file: "b.csv", options: options)
        #expect(table.records.map(\.clientID) == ["C1", "C5", "=HYPERLINK(\"x\")"])
        #expect(table.summary.rowsRead == 7)
        #expect(table.summary.rowsAccepted == 3)
        #expect(table.summary.rowsRejected == 4)
        #expect(table.summary.rowsRead == table.summary.rowsAccepted + table.summary.rowsRejected)
        #expect(table.summary.issues.map(\.line) == [3, 4, 6, 8])
        #expect(table.summary.issues.map(\.kind) == ["invalid_field", "invalid_field", "unequal_field_count", "unterminated_quote"])

        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        let lines = written.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "client_id,invoice_date,amount,partner,rejected_line,rejected_because")
        #expect(lines[1].hasPrefix("C2,2024-13-01,50.00,Bo,3,\"column 'invoice_date': \"\"2024-13-01\"\""))
        #expect(lines[2].hasPrefix("C3,2024-01-03,abc,Cy,4,\"column 'amount': \"\"abc\"\" is not an amount"))
        #expect(lines[3] == "C6,2024-01-06,1.00,Fa,extra,6,column 'partner': expected 4 fields as in the header, found 5" || lines[3].hasPrefix("C6,2024-01-06,1.00,Fa,extra,6,"))
        #expect(lines[4].hasPrefix("C7,2024-01-08,\"unterminated,Di,8,"))
        #expect(lines.count == 6)
    }

    @Test("a rejects file that cannot be created is an output error naming it")
    func unwritableRejects() throws {
        let error = #expect(throws: ImportError.self) {
            _ = try ImportedTable<BillingLine>.read(bytes(Self.mixed), options: ImportOptions(onError: .skip, rejectsPath: "/nonexistent/dir/rejects.csv"))
        }
        guard case .output = error?.kind else {
            Issue.record("expected an output error, got \(String(describing: error))")
            return
        }
        #expect(error?.diagnostic.hasPrefix("/nonexistent/dir/rejects.csv: error: cannot write rejects file") == true)
    }

    @Test("rows read equals accepted plus rejected on random bad files", arguments: [UInt64(1), 2, 3, 4, 5])
    func accounting(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let pieces = ["C1", "2024-02-03", "12.50", "\"a,b\"", "x\"y", "\"open", "2024-02-30", "-", "", "(5)", "1,234.56"]
        var text = "client_id,invoice_date,amount\n"
        for _ in 0..<300 {
            let fields = (0..<Int(random.uniform(below: 2)) + 2).map { _ in pieces[Int(random.uniform(below: UInt64(pieces.count)))] }
            text += fields.joined(separator: ",") + "\n"
        }
        let table = try ImportedTable<BillingLine>.read(bytes(text), options: ImportOptions(onError: .skip))
        #expect(table.summary.rowsRead == table.summary.rowsAccepted + table.summary.rowsRejected)
        #expect(table.summary.rowsAccepted == table.records.count)
        #expect(table.summary.rowsRead + table.summary.emptyRowsSkipped > 0)
    }
}

@Suite("RecordReader: dates")
struct DateOrderImportTests {
    @Test("ISO dates read through the column's month of the last date as the parser reads them, in runs, across months and among invalid dates (seeded)",
          arguments: [UInt64(1), 2, 3])
    func isoDatesInRuns(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        // First the edges: a month's last day, a day past it, 29 February in and out of a leap
        // year, and a month number that once shared a cache key with the month before it.
        var texts = ["2026-03-04", "2020-99-05", "2026-03-31", "2026-03-32", "2026-04-31", "2026-02-29", "2024-02-29", "2024-02-30"]
        var year = 2020, month = 1
        for _ in 0..<3_000 {
            switch random.uniform(below: 10) {
            case 0: month = 1 + Int(random.uniform(below: 12))
            case 1: year = 2000 + Int(random.uniform(below: 31))
            default: break
            }
            var day = 1 + Int(random.uniform(below: 31))
            var m = month
            switch random.uniform(below: 20) {
            case 0: m = [0, 13, 99][Int(random.uniform(below: 3))]  // not a month; 2020-99 and 2026-03 once shared a cache key
            case 1: day = 0
            case 2: day = 32
            default: break
            }
            let y = random.uniform(below: 40) == 0 ? year - 6 : year
            texts.append(String(format: "%04d-%02d-%02d", y, m, day))
        }
        let csv = "client_id,invoice_date,amount\n" + texts.map { "C1,\($0),10.00\n" }.joined()
        let table = try ImportedTable<BillingLine>.read(bytes(csv), options: ImportOptions(onError: .skip))
        let expected = texts.compactMap { try? FieldParser.day($0).get() }
        #expect(expected.count < texts.count && expected.count > texts.count / 2)
        #expect(table.records.map(\.invoiceDate) == expected)
        #expect(table.summary.rowsRejected == texts.count - expected.count)
    }

    @Test("an ambiguous date before any that settles the order is an error naming it")
    func ambiguous() throws {
        let csv = "client_id,response_date,score\nC1,05/03/2024,9\nC2,13/03/2024,7\n"
        let error = #expect(throws: ImportError.self) {
            _ = try ImportedTable<SurveyResponse>.read(bytes(csv), file: "s.csv")
        }
        #expect(error?.position.line == 2)
        #expect(error?.found == "05/03/2024")
        #expect(error?.message.contains("--date-order") == true)
    }

    @Test("the order is inferred from the first date that can be read only one way")
    func inferred() throws {
        let csv = "client_id,response_date,score\nC2,13/03/2024,7\nC1,05/03/2024,9\n"
        let table = try ImportedTable<SurveyResponse>.read(bytes(csv))
        #expect(table.records.map(\.responseDate) == [Day(year: 2024, month: 3, day: 13), Day(year: 2024, month: 3, day: 5)])
        #expect(table.summary.dateOrder == .dmy)
    }

    @Test("a given order reads every date that way", arguments: [(DateOrder.dmy, 3), (.mdy, 5)])
    func given(order: DateOrder, month: Int) throws {
        let csv = "client_id,response_date,score\nC1,05/03/2024,9\n"
        let table = try ImportedTable<SurveyResponse>.read(bytes(csv), options: ImportOptions(dateOrder: order))
        #expect(table.records.first?.responseDate.month == month)
    }
}

@Suite("RecordReader: surveys, contacts and wallet")
struct OtherKindsImportTests {
    @Test("survey scores outside 0-10 are errors", arguments: ["11", "-1", "9.5", "N/A"])
    func badScores(_ score: String) throws {
        let error = #expect(throws: ImportError.self) {
            _ = try ImportedTable<SurveyResponse>.read(bytes("client,date,likelihood to recommend\nC1,2024-01-01,\(score)\n"), file: "s.csv")
        }
        #expect(error?.position == SourcePosition(line: 2, column: 3, byteOffset: 50))  // 36 header bytes + "C1,2024-01-01,"
        #expect(error?.columnName == "likelihood to recommend")
    }

    @Test("a survey comment keeps its commas, quotes and newlines")
    func comment() throws {
        let csv = "client_id,response_date,score,comment\nC1,2024-01-01,9.0,\"Great team, but \"\"slow\"\"\non invoices \"\n"
        let table = try ImportedTable<SurveyResponse>.read(bytes(csv))
        #expect(table.records.first?.score == 9)
        #expect(table.records.first?.comment == "Great team, but \"slow\"\non invoices ")
    }

    @Test("contacts read channel, partner and duration")
    func contacts() throws {
        let table = try ImportedTable<ContactEvent>.read(bytes("Account,Activity Date,Type,Owner,Duration\nC1,2024-02-01,meeting,Ann,45\nC1,2024-02-09,call,,\n"))
        #expect(table.records == [
            ContactEvent(clientID: "C1", contactDate: Day(year: 2024, month: 2, day: 1)!, channel: "meeting", partner: "Ann", durationMinutes: 45, line: 2),
            ContactEvent(clientID: "C1", contactDate: Day(year: 2024, month: 2, day: 9)!, channel: "call", line: 3),
        ])
    }

    @Test("wallet shares read as fractions, and a row needs an estimate or a share")
    func wallet() throws {
        let csv = "client_id,year,wallet_estimate,reported_share,rank,providers\nC1,2024,\"100,000\",35%,1,3\nC2,2024,,0.2,,\nC3,2024,,40,2,4\nC4,2024,,,,\n"
        let table = try ImportedTable<WalletEntry>.read(bytes(csv), options: ImportOptions(onError: .skip))
        #expect(table.records.map(\.reportedShare) == [0.35, 0.2, 0.4])
        #expect(table.records.first?.walletEstimate == Money(minorUnits: 10_000_000))
        #expect(table.summary.issues.map(\.line) == [5])
        #expect(table.summary.issues.first?.message == "column 'wallet_estimate': \"\" is empty; expected a wallet_estimate or a reported_share")
    }

    @Test("a wallet file needs a wallet_estimate or a reported_share column")
    func walletColumns() throws {
        let error = #expect(throws: ImportError.self) {
            _ = try ImportedTable<WalletEntry>.read(bytes("client_id,year,rank\nC1,2024,1\n"), file: "w.csv")
        }
        #expect(error?.kind == .missingColumn(field: "wallet_estimate or reported_share"))
    }
}

@Suite("RecordReader: exact money")
struct ExactMoneyTests {
    /// A million amounts in the formats exports use, summed by the importer, equal the sum of
    /// the integers they were written from, and the sum Foundation's `Decimal` makes of the
    /// same text in plain form: two computations that share no code with the money parser.
    @Test("the total of a million generated lines equals the exact decimal sum")
    func millionLines() throws {
        var random = SplitMix64(seed: 2024)
        var text = "client_id,invoice_date,amount\n"
        text.reserveCapacity(40_000_000)
        var expectedCents: Int64 = 0
        var decimalSum = Decimal(0)
        for i in 0..<1_000_000 {
            let cents = Int64(random.uniform(below: 2_000_000_000)) - 200_000_000
            expectedCents += cents
            let units = cents.magnitude / 100, fraction = cents.magnitude % 100
            let fractionText = fraction < 10 ? "0\(fraction)" : "\(fraction)"
            let plain = (cents < 0 ? "-" : "") + "\(units).\(fractionText)"
            if i % 1000 == 0, let value = Decimal(string: plain) { decimalSum += value }
            let grouped = groupThousands(units)
            let written: String
            switch i % 4 {
            case 0: written = plain
            case 1: written = cents < 0 ? "\"(\(grouped).\(fractionText))\"" : "\"\(grouped).\(fractionText)\""
            case 2: written = (cents < 0 ? "-" : "") + "$\(units).\(fractionText)"
            default: written = "\"" + (cents < 0 ? "-" : "") + "\(grouped).\(fractionText) USD\""
            }
            text += "C\(i % 997),2024-01-01,\(written)\n"
        }
        let reader = try RecordReader<BillingLine>(.memory(Array(text.utf8)))
        var total = Money.zero
        var sampled = Decimal(0)
        var index = 0
        while let line = try reader.next() {
            total += line.amount
            if index % 1000 == 0 { sampled += Decimal(line.amount.minorUnits) / 100 }
            index += 1
        }
        #expect(index == 1_000_000)
        #expect(total.minorUnits == expectedCents)
        #expect(sampled == decimalSum)
    }

    private func groupThousands(_ value: UInt64) -> String {
        let digits = String(value)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
