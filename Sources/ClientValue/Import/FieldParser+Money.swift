extension FieldParser {
    /// Reads an amount of money into exact hundredths.
    ///
    /// The number has `.` for decimals and `,` between thousands (`1,234.50`), or with
    /// `decimalComma` `,` for decimals and `.` between thousands (`1.234,50`). A space, a tab,
    /// a no-break space (U+00A0) or a narrow no-break space (U+202F), or `'`, may also separate
    /// thousands (`1 234,50`, `1'234.50`). Separators sit between digits with exactly three
    /// digits after each, and one kind is used throughout. Up to two decimal places are kept;
    /// further decimals must be zeros (`1.500`). `.5` and `12.` are accepted.
    ///
    /// Around the number (spaces between are allowed):
    /// - one currency marker, before or after: `$`, any run of non-ASCII bytes such as `€`, `£`,
    ///   `¥` in UTF-8 or Windows-1252, up to three letters with a symbol (`US$`), or a
    ///   three-letter code (`USD`, `eur`);
    /// - one sign, `-` (or U+2212 `−`) or `+`, before or after the marker, or after the number
    ///   (`1234.50-`, as some ERP systems write credit notes);
    /// - or parentheses around it all for a negative amount: `(1,234.50)`, `($5)`.
    ///
    /// ```swift
    /// FieldParser.money("€ 1.234,50", decimalComma: true)   // 123450 hundredths
    /// FieldParser.money("(1,234.50)")                       // -123450
    /// FieldParser.money("12,34")    // failure: is not an amount; ... give --decimal-comma ...
    /// ```
    ///
    /// - Parameters:
    ///   - bytes: The field's bytes.
    ///   - decimalComma: Whether `,` marks the decimals and `.` the thousands.
    /// - Returns: The amount, or why the field is not one: "is not an amount",
    ///   "has more than 2 decimal places", "is too large" (beyond `Int64` hundredths), "is empty".
    /// - Complexity: O(field length), with no allocation on success.
    package static func money(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Result<Money, FieldParseFailure> {
        if let plain = plainMoney(bytes, decimalComma: decimalComma) { return .success(plain) }
        return generalMoney(bytes, decimalComma: decimalComma)
    }

    /// The common form of an amount, read without the general parser: an optional `-`, 1 to 16
    /// digits, and optionally the decimal mark and 1 or 2 digits (`1234.5`, `-80.00`), nothing
    /// around it. `nil` for anything else, which ``generalMoney(_:decimalComma:)`` reads; for
    /// the fields it accepts both give the same amount (a seeded test compares them).
    @inline(__always)
    package static func plainMoney(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Money? {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return nil }
        var i = 0
        let negative = base[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var whole: Int64 = 0
        let digitsStart = i
        while i < count {
            let digit = base[i] &- 0x30
            guard digit < 10 else { break }
            whole = whole &* 10 &+ Int64(digit)
            i += 1
        }
        let digits = i - digitsStart
        guard digits > 0, digits <= 16 else { return nil }
        var cents: Int64 = 0
        if i < count {
            guard base[i] == (decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")), count - i == 2 || count - i == 3 else { return nil }
            let first = base[i + 1] &- 0x30
            guard first < 10 else { return nil }
            cents = Int64(first) * 10
            if count - i == 3 {
                let second = base[i + 2] &- 0x30
                guard second < 10 else { return nil }
                cents += Int64(second)
            }
        }
        let units = whole * 100 + cents
        return Money(minorUnits: negative ? -units : units)
    }

    /// ``money(_:decimalComma:)`` for every form it accepts.
    package static func generalMoney(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Result<Money, FieldParseFailure> {
        let (start, end) = trimmedBounds(bytes)
        guard start < end else { return .failure(.empty) }
        let decimalMark = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        var i = start
        var magnitude: UInt64 = 0
        var haveNumber = false, negative = false, signed = false, haveMarker = false
        var openParen = false, closedParen = false
        // Too many decimals is reported only if the rest of the field is a well-formed amount,
        // so that `1.234,50` (without decimalComma) says "is not an amount" and hints at it.
        var excessDecimals: FieldParseFailure?

        while i < end {
            let byte = bytes[i]
            if isASCIIDigit(byte) || (byte == decimalMark && i + 1 < end && isASCIIDigit(bytes[i + 1])) {
                guard !haveNumber, !closedParen else { return .failure(notAnAmount(decimalComma)) }
                switch number(bytes, &i, end, decimalComma: decimalComma, excessDecimals: &excessDecimals) {
                case .success(let value): magnitude = value
                case .failure(let failure): return .failure(failure)
                }
                haveNumber = true
                continue
            }
            let space = spaceLength(bytes, i, end)
            if space > 0 {
                i += space
                continue
            }
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard !signed else { return .failure(notAnAmount(decimalComma)) }
                signed = true
                negative = byte == UInt8(ascii: "-")
                i += 1
            case UInt8(ascii: "("):
                guard !openParen, !haveNumber else { return .failure(notAnAmount(decimalComma)) }
                openParen = true
                i += 1
            case UInt8(ascii: ")"):
                guard openParen, !closedParen, haveNumber else { return .failure(notAnAmount(decimalComma)) }
                closedParen = true
                i += 1
            default:
                if isMinusSign(bytes, i, end) {
                    guard !signed else { return .failure(notAnAmount(decimalComma)) }
                    signed = true
                    negative = true
                    i += 3
                    continue
                }
                guard !haveMarker, currencyMarker(bytes, &i, end) else { return .failure(notAnAmount(decimalComma)) }
                haveMarker = true
            }
        }
        guard haveNumber, openParen == closedParen, !(openParen && signed) else {
            return .failure(notAnAmount(decimalComma))
        }
        if let excessDecimals { return .failure(excessDecimals) }
        negative = negative || openParen
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard magnitude <= limit else { return .failure(tooLarge) }
        let units = negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(truncatingIfNeeded: magnitude)
        return .success(Money(minorUnits: units))
    }

    /// Reads the number at `i` (a digit, or the decimal mark before a digit) into hundredths.
    /// Non-zero digits after the second decimal place set `excessDecimals` (and are dropped).
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int,
                               decimalComma: Bool, excessDecimals: inout FieldParseFailure?) -> Result<UInt64, FieldParseFailure> {
        let decimalMark = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let groupMark = decimalComma ? UInt8(ascii: ".") : UInt8(ascii: ",")
        var whole: UInt64 = 0
        var groupSeparator: UInt8 = 0      // 0: none yet; a space of any kind counts as 0x20
        var groupLength = 0                // digits since the last separator (or the start)

        while i < end {
            let byte = bytes[i]
            if isASCIIDigit(byte) {
                let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(byte &- 0x30))
                guard !o1, !o2 else { return .failure(tooLarge) }
                whole = sum
                groupLength += 1
                i += 1
                continue
            }
            // A thousands separator: between digits only, with exactly 3 digits after it.
            var length = 0, kind: UInt8 = 0
            if byte == groupMark || byte == UInt8(ascii: "'") {
                length = 1
                kind = byte
            } else {
                length = spaceLength(bytes, i, end)
                kind = 0x20
            }
            guard length > 0, i + length < end, isASCIIDigit(bytes[i + length]) else { break }
            guard groupLength > 0, groupSeparator == 0 ? groupLength <= 3 : groupLength == 3,
                  groupSeparator == 0 || groupSeparator == kind else {
                return .failure(notAnAmount(decimalComma))
            }
            groupSeparator = kind
            groupLength = 0
            i += length
        }
        if groupSeparator != 0, groupLength != 3 { return .failure(notAnAmount(decimalComma)) }

        var cents: UInt64 = 0
        if i < end, bytes[i] == decimalMark {
            i += 1
            var places = 0
            var extraNonZero = false
            while i < end, isASCIIDigit(bytes[i]) {
                let digit = UInt64(bytes[i] &- 0x30)
                if places == 0 { cents = digit * 10 } else if places == 1 { cents += digit } else if digit != 0 { extraNonZero = true }
                places += 1
                i += 1
            }
            if extraNonZero {
                var hint = "expected at most 2 decimal places, such as 1234.50"
                if !decimalComma, places == 3, groupSeparator == 0 {
                    hint += " (give --decimal-comma if '.' separates thousands, as in 1.234,50)"
                }
                excessDecimals = FieldParseFailure(problem: "has more than 2 decimal places", hint: hint)
            }
        }
        let (hundreds, o1) = whole.multipliedReportingOverflow(by: 100)
        let (total, o2) = hundreds.addingReportingOverflow(cents)
        guard !o1, !o2 else { return .failure(tooLarge) }
        return .success(total)
    }

    /// Steps over a currency marker at `i`: `$`, non-ASCII bytes (`€`, `£`), and letters, stopping
    /// at anything else or at a space or minus sign. Returns whether it is a plausible marker:
    /// three letters (`USD`), or a symbol with at most three letters (`€`, `US$`).
    private static func currencyMarker(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> Bool {
        var letters = 0, symbols = 0
        while i < end {
            let byte = bytes[i]
            if isASCIILetter(byte) {
                letters += 1
            } else if byte == UInt8(ascii: "$") {
                symbols += 1
            } else if byte >= 0x80, symbols + letters == 0 || (spaceLength(bytes, i, end) == 0 && !isMinusSign(bytes, i, end)) {
                symbols += 1
            } else {
                break
            }
            i += 1
        }
        return symbols > 0 ? letters <= 3 : letters == 3
    }

    /// The length of a space at `i`: space or tab (1), U+00A0 or U+202F or U+2009 in UTF-8
    /// (2 or 3), or a lone 0xA0 (a Latin-1 or Windows-1252 no-break space); 0 for anything else.
    private static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        switch bytes[i] {
        case 0x20, 0x09, 0xA0:
            return 1
        case 0xC2:
            return i + 1 < end && bytes[i + 1] == 0xA0 ? 2 : 0
        case 0xE2:
            guard i + 2 < end, bytes[i + 1] == 0x80 else { return 0 }
            return bytes[i + 2] == 0xAF || bytes[i + 2] == 0x89 ? 3 : 0
        default:
            return 0
        }
    }

    /// Whether U+2212 MINUS SIGN (UTF-8 E2 88 92) is at `i`.
    private static func isMinusSign(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        i + 2 < end && bytes[i] == 0xE2 && bytes[i + 1] == 0x88 && bytes[i + 2] == 0x92
    }

    private static func notAnAmount(_ decimalComma: Bool) -> FieldParseFailure {
        FieldParseFailure(
            problem: "is not an amount",
            hint: decimalComma
                ? "expected a number such as 1.234,50 or -1234,50 (--decimal-comma is in force)"
                : "expected a number such as 1,234.50 or -1234.50 (give --decimal-comma for amounts written 1.234,50)")
    }

    private static var tooLarge: FieldParseFailure {
        FieldParseFailure(problem: "is too large", hint: "expected an amount within ±92233720368547758.07")
    }
}
