/// Why one field's text could not be read.
///
/// The importer puts the field's text and column in front of it:
/// `column 'amount': "12,3x" is not an amount; expected a number such as 1,234.50 ...`.
public struct FieldParseFailure: Error, Hashable, Sendable {
    /// Completes the sentence `"<text>" <problem>`, e.g. "is not an amount",
    /// "is not a score from 0 to 10".
    public var problem: String
    /// What was expected and how to fix it, e.g. "expected a number such as 1,234.50
    /// (give --decimal-comma for 1.234,50)"; `nil` when there is nothing to add.
    public var hint: String?

    /// A reason a field could not be read, for a parser of one's own.
    ///
    /// - Parameters:
    ///   - problem: What is wrong, completing `"<text>" <problem>`, such as "is not a matter number".
    ///   - hint: What was expected, such as "expected M followed by digits"; `nil` for none.
    public init(problem: String, hint: String? = nil) {
        self.problem = problem
        self.hint = hint
    }

    static let empty = FieldParseFailure(problem: "is empty")
}

/// Readers for the field values of an export: calendar days, money and NPS scores.
///
/// Each reader takes a field's bytes (UTF-8 or ASCII-compatible, as the CSV reader hands
/// them over), ignores leading and trailing spaces and tabs, and returns the value or a
/// ``FieldParseFailure`` saying what is wrong. They run once per field on millions of rows,
/// so the success path does no allocation: no `String`, no Foundation. They never trap,
/// whatever the bytes.
///
/// An empty (or all-space) field fails with the problem "is empty"; the importer decides
/// beforehand whether a column may be left empty.
///
/// ```swift
/// print(FieldParser.money("(1,234.50)"))     // success(-1234.50)
/// print(FieldParser.score("9.0"))            // success(9)
/// print(FieldParser.day("5 Mar 2024"))       // success(2024-03-05)
/// ```
public enum FieldParser: Sendable {}

// MARK: - Scores

extension FieldParser {
    /// Reads an NPS "likelihood to recommend" answer: a whole number from 0 to 10.
    ///
    /// `9`, `09`, `9.0` and `10.00` are accepted (a decimal comma, `9,0`, too); `11`, `-1`,
    /// `9.5`, `N/A` and `ten` are failures.
    ///
    /// - Parameter bytes: The field's bytes.
    /// - Returns: The score, 0...10, or why the field is not one.
    /// - Complexity: O(field length), with no allocation.
    package static func score(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int, FieldParseFailure> {
        if let plain = plainScore(bytes) { return .success(plain) }
        return generalScore(bytes)
    }

    /// The common form of a score, read without the general parser: one digit, or `10`,
    /// nothing around it. `nil` for anything else, which ``generalScore(_:)`` reads or
    /// explains; for the fields it accepts both give the same score.
    @inline(__always)
    package static func plainScore(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let p = bytes.baseAddress else { return nil }
        if bytes.count == 1 {
            let digit = p[0] &- 0x30
            return digit < 10 ? Int(digit) : nil
        }
        return bytes.count == 2 && p[0] == UInt8(ascii: "1") && p[1] == UInt8(ascii: "0") ? 10 : nil
    }

    /// ``score(_:)`` for every form it accepts: spaces around, `9.0`.
    package static func generalScore(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int, FieldParseFailure> {
        var (i, end) = trimmedBounds(bytes)
        guard i < end else { return .failure(.empty) }
        var value = 0
        var digits = 0
        while i < end, isASCIIDigit(bytes[i]) {
            // Saturate: anything past two digits is out of range anyway.
            if value <= 10 { value = value * 10 + Int(bytes[i] &- 0x30) }
            digits += 1
            i += 1
        }
        var fractional = false
        if digits > 0, i < end, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
            i += 1
            while i < end, isASCIIDigit(bytes[i]) {
                if bytes[i] != UInt8(ascii: "0") { fractional = true }
                i += 1
            }
        }
        guard digits > 0, i == end else { return .failure(notAScore) }
        if fractional {
            return .failure(FieldParseFailure(problem: "is not a whole number from 0 to 10", hint: scoreHint))
        }
        guard value <= 10 else { return .failure(notAScore) }
        return .success(value)
    }

    private static let scoreHint = "expected a whole number from 0 (not at all likely) to 10 (extremely likely)"
    private static var notAScore: FieldParseFailure {
        FieldParseFailure(problem: "is not a score from 0 to 10", hint: scoreHint)
    }
}

// MARK: - String conveniences

extension FieldParser {
    /// Reads a calendar day from a `String`, by the same rules as the byte-level reader,
    /// with no order inferred from earlier values.
    ///
    /// ```swift
    /// FieldParser.day("2024-03-05T23:30:00-05:00")                    // success(2024-03-05)
    /// FieldParser.day("05/03/2024", options: .init(order: .dmy))     // success(2024-03-05)
    /// FieldParser.day("05/03/2024")                                   // failure: is ambiguous: ...
    /// FieldParser.day("45356", options: .init(excelSerial: true))   // success(2024-03-05)
    /// ```
    ///
    /// - Parameters:
    ///   - text: The field's text.
    ///   - options: The order of day and month (`nil` by default: only an unambiguous
    ///     numeric date reads), and whether bare numbers are Excel serial days.
    /// - Returns: The day, or why the text is not one.
    public static func day(_ text: String, options: DayOptions = .init()) -> Result<Day, FieldParseFailure> {
        var text = text
        var inferred: DateOrder?
        return text.withUTF8 { day($0, options: options, inferredOrder: &inferred) }
    }

    /// Reads an amount of money from a `String`, by the same rules as the byte-level reader.
    ///
    /// ```swift
    /// FieldParser.money("USD 1,234.50")                   // success(1234.50)
    /// FieldParser.money("1 234,50", decimalComma: true)   // success(1234.50)
    /// FieldParser.money("1234.50-")                       // success(-1234.50), a credit note
    /// FieldParser.money("12.345")                         // failure: has more than 2 decimal places
    /// ```
    ///
    /// - Parameters:
    ///   - text: The field's text.
    ///   - decimalComma: Whether `,` marks the decimals and `.` the thousands; `false` by default.
    /// - Returns: The amount in exact hundredths, or why the text is not one.
    public static func money(_ text: String, decimalComma: Bool = false) -> Result<Money, FieldParseFailure> {
        var text = text
        return text.withUTF8 { money($0, decimalComma: decimalComma) }
    }

    /// Reads an NPS score from a `String`, by the same rules as the byte-level reader.
    ///
    /// - Parameter text: The field's text, such as `9` or `10.0`.
    /// - Returns: The score, 0...10, or why the text is not one.
    public static func score(_ text: String) -> Result<Int, FieldParseFailure> {
        var text = text
        return text.withUTF8 { score($0) }
    }
}

// MARK: - Byte helpers

extension FieldParser {
    /// The bounds of `bytes` without leading and trailing ASCII spaces and tabs.
    static func trimmedBounds(_ bytes: UnsafeBufferPointer<UInt8>) -> (start: Int, end: Int) {
        var start = 0, end = bytes.count
        while start < end, isSpaceOrTab(bytes[start]) { start += 1 }
        while end > start, isSpaceOrTab(bytes[end - 1]) { end -= 1 }
        return (start, end)
    }

    static func isSpaceOrTab(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26
    }
}
