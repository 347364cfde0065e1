/// field-parsers: the whole input is one field, read by every field parser in every mode.
///
/// Invariants:
/// - no crash, no hang (the parsers promise never to trap, whatever the bytes);
/// - spaces and tabs around a field change nothing;
/// - day: every date order (given or inferred) and Excel dates on and off. A day is in
///   years 1...9999 and reads back from its ISO form; an order inferred from the value reads
///   the value the same way when given; a value read without an order, inferring none, reads
///   the same with either order; turning Excel dates on loses nothing;
/// - money (decimal comma off and on): a parsed amount, formatted and parsed again, is the
///   same amount;
/// - score: a parsed score is 0...10 and reads back from its digits; integers read back too;
///   the fast paths for plain scores and integers read what the general parsers read; a
///   share is finite and not negative;
/// - UTF-8 checking agrees with the standard library; decoding never traps; the formula
///   guard only ever prefixes `'`.
enum FieldParsersFuzz {
    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        let field = Array(data)
        let padded = [0x20, 0x09] + field + [0x20]
        checkDays(field, padded)
        checkMoney(field, padded)
        checkScoreAndNumbers(field, padded)
        checkText(field)
    }

    static func day(_ bytes: [UInt8], _ options: FieldParser.DayOptions, _ inferred: inout DateOrder?) -> Result<Day, FieldParseFailure> {
        bytes.withUnsafeBufferPointer { FieldParser.day($0, options: options, inferredOrder: &inferred) }
    }

    static func day(_ bytes: [UInt8], _ options: FieldParser.DayOptions) -> Result<Day, FieldParseFailure> {
        var inferred: DateOrder?
        return day(bytes, options, &inferred)
    }

    static func checkDays(_ field: [UInt8], _ padded: [UInt8]) {
        for excel in [false, true] {
            for order in [nil, DateOrder.dmy, .mdy] {
                let options = FieldParser.DayOptions(order: order, excelSerial: excel)
                var inferred: DateOrder?
                let result = day(field, options, &inferred)
                var paddedInferred: DateOrder?
                fuzzCheck(day(padded, options, &paddedInferred) == result && paddedInferred == inferred,
                          "day \(fuzzShow(field)) reads differently with spaces around it")
                if order != nil { fuzzCheck(inferred == nil, "an order was inferred while one was given") }
                guard case .success(let value) = result else { continue }
                fuzzCheck((1...9999).contains(value.year), "day \(fuzzShow(field)) read as year \(value.year)")
                fuzzCheck(Day(isoString: value.description) == value, "\(value) does not read back from its ISO form")
                fuzzCheck(day(Array(value.description.utf8), FieldParser.DayOptions()) == .success(value),
                          "\(value) (from \(fuzzShow(field))) does not parse back from \(value.description)")
                if !excel {
                    fuzzCheck(day(field, FieldParser.DayOptions(order: order, excelSerial: true)) == result,
                              "day \(fuzzShow(field)) reads differently with Excel dates on")
                }
                if order == nil {
                    if let inferred {
                        fuzzCheck(day(field, FieldParser.DayOptions(order: inferred, excelSerial: excel)) == result,
                                  "day \(fuzzShow(field)) inferred \(inferred) but reads differently with it given")
                    } else {
                        for given in DateOrder.allCases {
                            fuzzCheck(day(field, FieldParser.DayOptions(order: given, excelSerial: excel)) == result,
                                      "day \(fuzzShow(field)) needed no order but reads differently with \(given)")
                        }
                    }
                }
            }
            // An order inferred earlier in the column works as a given one.
            for earlier in DateOrder.allCases {
                var inferred: DateOrder? = earlier
                let viaInferred = day(field, FieldParser.DayOptions(excelSerial: excel), &inferred)
                let viaGiven = day(field, FieldParser.DayOptions(order: earlier, excelSerial: excel))
                switch (viaInferred, viaGiven) {
                case (.success(let a), .success(let b)): fuzzCheck(a == b, "inferred \(earlier) reads \(a), given reads \(b)")
                case (.failure, .failure): break
                default: fuzzCheck(false, "day \(fuzzShow(field)): inferred \(earlier) gives \(viaInferred), given gives \(viaGiven)")
                }
                fuzzCheck(inferred == earlier, "an inferred order changed from \(earlier) to \(inferred as Any)")
            }
        }
        if String(validating: field, as: UTF8.self) != nil {
            fuzzCheck(FieldParser.day(String(decoding: field, as: UTF8.self)) == day(field, FieldParser.DayOptions()),
                      "FieldParser.day(String) differs from the byte reader")
        }
    }

    static func money(_ bytes: [UInt8], _ decimalComma: Bool) -> Result<Money, FieldParseFailure> {
        bytes.withUnsafeBufferPointer { FieldParser.money($0, decimalComma: decimalComma) }
    }

    static func checkMoney(_ field: [UInt8], _ padded: [UInt8]) {
        for decimalComma in [false, true] {
            let result = money(field, decimalComma)
            fuzzCheck(money(padded, decimalComma) == result, "amount \(fuzzShow(field)) reads differently with spaces around it")
            guard case .success(let value) = result else { continue }
            let text = value.description
            fuzzCheck(money(Array(text.utf8), false) == .success(value),
                      "amount \(fuzzShow(field)) read as \(value.minorUnits) hundredths, written \(text), reads back as \(money(Array(text.utf8), false))")
            let comma = Array(text.utf8).map { $0 == UInt8(ascii: ".") ? UInt8(ascii: ",") : $0 }
            fuzzCheck(money(comma, true) == .success(value),
                      "amount \(value.minorUnits) hundredths written \(fuzzShow(comma)) does not read back with a decimal comma")
            if String(validating: field, as: UTF8.self) != nil {
                fuzzCheck(FieldParser.money(String(decoding: field, as: UTF8.self), decimalComma: decimalComma) == result,
                          "FieldParser.money(String) differs from the byte reader")
            }
        }
    }

    static func checkScoreAndNumbers(_ field: [UInt8], _ padded: [UInt8]) {
        let score = field.withUnsafeBufferPointer { FieldParser.score($0) }
        fuzzCheck(padded.withUnsafeBufferPointer { FieldParser.score($0) } == score, "score \(fuzzShow(field)) reads differently with spaces around it")
        if case .success(let value) = score {
            fuzzCheck((0...10).contains(value), "score \(fuzzShow(field)) read as \(value)")
            fuzzCheck(FieldParser.score(String(value)) == .success(value), "score \(value) does not read back")
        }
        if let plain = field.withUnsafeBufferPointer({ FieldParser.plainScore($0) }) {
            fuzzCheck(field.withUnsafeBufferPointer { FieldParser.generalScore($0) } == .success(plain), "score \(fuzzShow(field)): the fast path reads \(plain), the general parser differs")
        }
        let integer = field.withUnsafeBufferPointer { FieldParser.integer($0) }
        if let plain = field.withUnsafeBufferPointer({ FieldParser.plainInteger($0) }) {
            fuzzCheck(field.withUnsafeBufferPointer { FieldParser.generalInteger($0) } == .success(plain), "integer \(fuzzShow(field)): the fast path reads \(plain), the general parser differs")
        }
        fuzzCheck(padded.withUnsafeBufferPointer { FieldParser.integer($0) } == integer, "integer \(fuzzShow(field)) reads differently with spaces around it")
        if case .success(let value) = integer {
            var text = String(value)
            fuzzCheck(text.withUTF8 { FieldParser.integer($0) } == .success(value), "integer \(value) does not read back")
        }
        let share = field.withUnsafeBufferPointer { FieldParser.share($0) }
        if case .success(let value) = share {
            // Reported: a share of more than ~308 digits reads as infinity. Stepped around unless asked for.
            if value.isFinite || FuzzFindings.check("share-infinity") {
                fuzzCheck(value.isFinite && value >= 0, "share \(fuzzShow(field)) read as \(value)")
            }
        }
    }

    static func checkText(_ field: [UInt8]) {
        field.withUnsafeBufferPointer { bytes in
            let invalid = TextDecoding.firstInvalidUTF8(bytes)
            let valid = String(validating: field, as: UTF8.self) != nil
            fuzzCheck((invalid == nil) == valid, "firstInvalidUTF8 says \(invalid as Any) for \(fuzzShow(field)), the standard library says valid: \(valid)")
            if let invalid {
                fuzzCheck(invalid >= 0 && invalid < field.count, "firstInvalidUTF8 out of range")
                fuzzCheck(String(validating: field[..<invalid], as: UTF8.self) != nil, "the bytes before the first invalid one are not valid")
            } else {
                fuzzCheck(Array(TextDecoding.string(bytes, encoding: .utf8).utf8) == field, "valid UTF-8 does not decode byte for byte")
            }
            let latin1 = TextDecoding.string(bytes, encoding: .latin1)
            fuzzCheck(latin1.unicodeScalars.map { $0.value } == field.map { UInt32($0) }, "latin1 decoding is not byte = scalar")
            let windows = TextDecoding.string(bytes, encoding: .windows1252)
            fuzzCheck(windows.unicodeScalars.count == field.count, "windows-1252 decoding changed the length")
            _ = TextDecoding.excerpt(bytes)
        }
        let text = String(decoding: field, as: UTF8.self)
        _ = ColumnSpec.normalized(text)
        let neutral = CSVWriter.neutralized(text)
        fuzzCheck(neutral == text || neutral == "'" + text, "neutralized \(fuzzShow(field)) to something else than a ' prefix")
        if neutral == text, let first = text.utf8.first {
            fuzzCheck(![UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D].contains(first), "a formula cell left as it was: \(fuzzShow(field))")
            if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
                let rest = text.utf8.dropFirst()
                fuzzCheck(!rest.isEmpty && rest.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") },
                          "a signed cell that is not a plain number left as it was: \(fuzzShow(field))")
            }
        }
    }
}
