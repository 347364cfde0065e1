/// csv-reader: the first two bytes choose the dialect, the rest is the file.
///
/// Byte 0: bits 0-2 the delimiter (0 comma, 1 semicolon, 2 tab, 3 pipe, 4-7 sniffed),
/// bit 3 lenient quoting, bits 4-5 the encoding (utf-8, latin1, windows-1252, utf-8).
/// Byte 1: a small chunk size, 16 + byte.
///
/// Invariants:
/// - no crash, no hang; every `next()` that does not return false consumes input;
/// - every error carries line ≥ 1, column ≥ 1 and a byte offset inside the file;
/// - every record has the header's field count; `recordsRead` = records + errors;
/// - fields decode as the encoding says (UTF-8 fields come back byte for byte);
/// - a reader with a 16...271-byte buffer gives exactly what one with the default 1 MiB
///   buffer gives (the chunk size only bounds memory);
/// - the byte-by-byte scan alone (``CSVReadOptions/scansVectors`` off) gives the same;
/// - both agree with a simple reference parser written from the documentation
///   (RFC 4180, with the reader's lenient rules, blank-line skipping, BOM and `sep=` line).
enum CSVReaderFuzz {
    /// One step of reading: a record's fields (decoded bytes) and line, or an error.
    enum Event: Equatable, CustomStringConvertible {
        case record(line: Int, fields: [[UInt8]])
        case error(CSVError.Kind, line: Int)

        var description: String {
            switch self {
            case .record(let line, let fields): "record@\(line) \(fields.map { fuzzShow($0, limit: 40) })"
            case .error(let kind, let line): "error@\(line) \(kind)"
            }
        }
    }

    struct Outcome: Equatable {
        var header: [[UInt8]]?
        var events: [Event] = []
        var delimiter: CSVDelimiter?
    }

    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let flags = input.byte()
        let chunkByte = input.byte()
        let choice = Int(flags & 0x07)
        let delimiter: CSVDelimiter? = choice < 4 ? CSVDelimiter.allCases[choice] : nil
        let quoting: QuoteHandling = flags & 0x08 != 0 ? .lenient : .strict
        let encoding: TextEncoding = [.utf8, .latin1, .windows1252, .utf8][Int(flags >> 4) & 3]
        let file = input.rest

        let big = read(file, CSVReadOptions(delimiter: delimiter, quoting: quoting, encoding: encoding))
        // A header that fails to read leaves the sniffed delimiter unknown: nothing to compare.
        if delimiter == nil && big.delimiter == nil { return }
        // Sniffing looks only at what the first read brought in (at most 64 KiB, or one chunk),
        // so the small-buffer reader is given the delimiter the default one settled on.
        let small = read(file, CSVReadOptions(delimiter: big.delimiter ?? delimiter, quoting: quoting, encoding: encoding,
                                              chunkSize: 16 + Int(chunkByte)))
        fuzzCheck(small.header == big.header && small.events == big.events,
                  "chunk size \(16 + Int(chunkByte)) reads differently from the default:\n  default: \(big.header.map { $0.map { fuzzShow($0) } } as Any) \(big.events)\n  small:   \(small.header.map { $0.map { fuzzShow($0) } } as Any) \(small.events)")

        // The 32-byte scan of plain records only saves time: without it, the same reading.
        var bytewiseOptions = CSVReadOptions(delimiter: big.delimiter ?? delimiter, quoting: quoting, encoding: encoding)
        bytewiseOptions.scansVectors = false
        let bytewise = read(file, bytewiseOptions)
        fuzzCheck(bytewise.header == big.header && bytewise.events == big.events,
                  "the 32-byte scan reads differently from the byte-by-byte scan:\n  32-byte:      \(big.events)\n  byte-by-byte: \(bytewise.events)")

        var reference = Reference(file, delimiter: (big.delimiter ?? delimiter ?? .comma).rawValue,
                                  lenient: quoting == .lenient, encoding: encoding)
        let expected = reference.outcome()
        fuzzCheck(expected.header == big.header && expected.events == big.events,
                  "the reader and the reference parser disagree (delimiter \(big.delimiter.map { $0.name } ?? "-"), \(quoting), \(encoding)):\n  reader:    \(big.header.map { $0.map { fuzzShow($0) } } as Any) \(big.events)\n  reference: \(expected.header.map { $0.map { fuzzShow($0) } } as Any) \(expected.events)")
    }

    static func checkPosition(_ error: CSVError, fileSize: Int) {
        fuzzCheck(error.position.line >= 1 && error.position.column >= 1,
                  "error without a line and column: \(error.position) \(error.kind)")
        fuzzCheck(error.position.byteOffset >= 0 && error.position.byteOffset <= fileSize,
                  "error offset \(error.position.byteOffset) outside the file of \(fileSize) bytes")
        fuzzCheck(!error.diagnostic.isEmpty, "empty diagnostic")
    }

    /// Reads `file` to the end, checking the invariants on the way.
    static func read(_ file: [UInt8], _ options: CSVReadOptions) -> Outcome {
        var outcome = Outcome()
        let reader: CSVReader
        do {
            reader = try CSVReader(.memory(file), options: options)
        } catch {
            checkPosition(error, fileSize: file.count)
            outcome.events.append(.error(error.kind, line: error.position.line))
            return outcome
        }
        outcome.delimiter = reader.dialect.delimiter
        fuzzCheck(!(reader.dialect.hadSepLine && options.delimiter == nil && reader.dialect.delimiterWasSniffed),
                  "a sep= line and a sniffed delimiter")
        let header = reader.header
        fuzzCheck(!header.isEmpty, "a header without fields")
        outcome.header = header.map { Array($0.utf8) }
        var records = 0, errors = 0
        var consumed = reader.bytesConsumed
        var lastLine = 0
        var steps = 0
        while true {
            steps += 1
            fuzzCheck(steps <= file.count + 2, "more reads than bytes: the reader makes no progress")
            do {
                guard try reader.next() else { break }
                records += 1
                fuzzCheck(reader.fieldCount == header.count, "record of \(reader.fieldCount) fields, header has \(header.count)")
                fuzzCheck(reader.line >= 1 && reader.line > lastLine, "record line \(reader.line) after line \(lastLine)")
                lastLine = reader.line
                var fields: [[UInt8]] = []
                for index in 0..<reader.fieldCount {
                    let bytes = reader.withField(index) { Array($0) }
                    let text = reader.field(index)
                    switch options.encoding {
                    case .utf8:
                        fuzzCheck(Array(text.utf8) == bytes, "UTF-8 field \(fuzzShow(bytes)) decoded as \(fuzzShow(Array(text.utf8)))")
                    case .latin1, .windows1252:
                        fuzzCheck(text.unicodeScalars.count == bytes.count, "\(options.encoding) field \(fuzzShow(bytes)) decoded to \(text.unicodeScalars.count) scalars")
                        if options.encoding == .latin1 {
                            fuzzCheck(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } == bytes, "latin1 field mis-decoded")
                        }
                    }
                    let position = reader.fieldPosition(index)
                    fuzzCheck(position.line >= reader.line && position.column == index + 1
                              && position.byteOffset >= 0 && position.byteOffset <= file.count,
                              "field \(index) at \(position) offset \(position.byteOffset) in record at line \(reader.line)")
                    fields.append(bytes)
                }
                outcome.events.append(.record(line: reader.line, fields: fields))
            } catch {
                errors += 1
                checkPosition(error, fileSize: file.count)
                fuzzCheck(error.position.line >= lastLine, "error line \(error.position.line) before record line \(lastLine)")
                fuzzCheck(reader.rejectedRecord.count <= file.count, "rejected record longer than the file")
                outcome.events.append(.error(error.kind, line: error.position.line))
            }
            fuzzCheck(reader.bytesConsumed > consumed, "next() consumed nothing (at \(consumed))")
            fuzzCheck(reader.bytesConsumed <= file.count, "consumed \(reader.bytesConsumed) of \(file.count) bytes")
            consumed = reader.bytesConsumed
        }
        fuzzCheck(reader.recordsRead == records + errors, "recordsRead \(reader.recordsRead) ≠ \(records) records + \(errors) errors")
        // At the end, next() keeps saying so.
        fuzzCheck((try? reader.next()) == false, "next() after the end did not return false")
        return outcome
    }

    /// A plain reading of the documented format, one byte at a time over the whole input.
    struct Reference {
        static let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let b: [UInt8]
        let d: UInt8
        let lenient: Bool
        let encoding: TextEncoding
        var utf8: Bool { encoding == .utf8 }
        var i = 0
        var line = 1

        init(_ bytes: [UInt8], delimiter: UInt8, lenient: Bool, encoding: TextEncoding) {
            b = bytes
            d = delimiter
            self.lenient = lenient
            self.encoding = encoding
        }

        enum Step {
            case end
            case record(line: Int, fields: [[UInt8]], raw: [[UInt8]], lines: [Int])
            case error(CSVError.Kind, line: Int)
        }

        mutating func outcome() -> Outcome {
            var out = Outcome()
            if let encoding = wideEncoding() {
                out.events.append(.error(.unsupportedEncoding(encoding), line: 1))
                return out
            }
            preamble()
            switch step() {
            case .end:
                out.events.append(.error(.missingHeader, line: line))
                return out
            case .error(let kind, let line):
                out.events.append(.error(kind, line: line))
                return out
            case .record(let line, let fields, let raw, let lines):
                if let bad = firstInvalid(raw, lines) {
                    out.events.append(.error(.invalidUTF8, line: bad))
                    return out
                }
                _ = line
                out.header = fields.map { field in
                    field.withUnsafeBufferPointer { Array(TextDecoding.string($0, encoding: encoding).utf8) }
                }
            }
            let expected = out.header!.count
            while true {
                switch step() {
                case .end:
                    return out
                case .error(let kind, let line):
                    out.events.append(.error(kind, line: line))
                case .record(let line, let fields, let raw, let lines):
                    if fields.count != expected {
                        // Wider: the first extra field's line; shorter: where the record ends.
                        let last = fields.count - 1
                        out.events.append(.error(.unequalFieldCount(expected: expected, found: fields.count),
                                                 line: fields.count > expected ? lines[expected] : lines[last] + Self.breaks(raw[last])))
                    } else if let bad = firstInvalid(raw, lines) {
                        out.events.append(.error(.invalidUTF8, line: bad))
                    } else {
                        out.events.append(.record(line: line, fields: fields))
                    }
                }
            }
        }

        /// The line of the first byte that is not UTF-8: the field's line plus the line breaks before it.
        func firstInvalid(_ raw: [[UInt8]], _ lines: [Int]) -> Int? {
            guard utf8 else { return nil }
            for (k, field) in raw.enumerated() where String(validating: field, as: UTF8.self) == nil {
                var parser = Unicode.UTF8.ForwardParser()
                var bytes = field.makeIterator()
                var offset = 0
                scalars: while true {
                    switch parser.parseScalar(from: &bytes) {
                    case .valid(let scalar): offset += scalar.count
                    case .emptyInput, .error: break scalars
                    }
                }
                return lines[k] + Self.breaks(Array(field[..<offset]))
            }
            return nil
        }

        /// Line breaks (LF, CR LF or CR) in `bytes`.
        static func breaks(_ bytes: [UInt8]) -> Int {
            var count = 0
            for (k, c) in bytes.enumerated() where c == lf || (c == cr && !(k + 1 < bytes.count && bytes[k + 1] == lf)) { count += 1 }
            return count
        }

        /// As the documentation says: a UTF-32 or UTF-16 byte order mark, or UTF-16 by NUL bytes
        /// between the first two ASCII characters, is refused at line 1.
        func wideEncoding() -> String? {
            guard b.count >= 2 else { return nil }
            func ascii(_ c: UInt8) -> Bool { c != 0 && c < 0x80 }
            if b.count >= 4 && b[0...3] == [0xFF, 0xFE, 0, 0] { return "UTF-32 (little-endian, with a byte order mark)" }
            if b.count >= 4 && b[0...3] == [0, 0, 0xFE, 0xFF] { return "UTF-32 (big-endian, with a byte order mark)" }
            if b[0...1] == [0xFF, 0xFE] { return "UTF-16 (little-endian, with a byte order mark)" }
            if b[0...1] == [0xFE, 0xFF] { return "UTF-16 (big-endian, with a byte order mark)" }
            guard b.count >= 4 else { return nil }
            if ascii(b[0]) && b[1] == 0 && ascii(b[2]) && b[3] == 0 { return "UTF-16 (little-endian, without a byte order mark)" }
            if b[0] == 0 && ascii(b[1]) && b[2] == 0 && ascii(b[3]) { return "UTF-16 (big-endian, without a byte order mark)" }
            return nil
        }

        mutating func preamble() {
            if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
            let p = i
            guard b.count - p >= 5, b[p] | 0x20 == 0x73, b[p + 1] | 0x20 == 0x65, b[p + 2] | 0x20 == 0x70, b[p + 3] == 0x3D,
                  CSVDelimiter(byte: b[p + 4]) != nil else { return }
            var next = p + 5
            if next < b.count && b[next] == Self.cr { next += 1 }
            if next < b.count && b[next] == Self.lf { next += 1 }
            guard next == b.count || next > p + 5 else { return }
            i = next
            line = 2
        }

        /// Skips to the end of the physical line holding `offset`, as after a malformed record.
        mutating func skipBad(from offset: Int, recordStart: Int, recordLine: Int) {
            var k = offset
            while k < b.count && b[k] != Self.lf && b[k] != Self.cr { k += 1 }
            if k < b.count { k += (b[k] == Self.cr && k + 1 < b.count && b[k + 1] == Self.lf) ? 2 : 1 }
            var lines = 0
            var j = recordStart
            while j < k {
                if b[j] == Self.lf { lines += 1 }
                else if b[j] == Self.cr { lines += 1; if j + 1 < k && b[j + 1] == Self.lf { j += 1 } }
                j += 1
            }
            i = k
            line = recordLine + lines
        }

        mutating func step() -> Step {
            let n = b.count
            while i < n {
                if b[i] == Self.lf { i += 1; line += 1 }
                else if b[i] == Self.cr { i += (i + 1 < n && b[i + 1] == Self.lf) ? 2 : 1; line += 1 }
                else { break }
            }
            if i >= n { return .end }
            let recordStart = i, recordLine = line
            var fields: [[UInt8]] = [], raw: [[UInt8]] = [], lines: [Int] = []
            func fail(_ kind: CSVError.Kind, _ errorLine: Int, at offset: Int) -> Step {
                skipBad(from: offset, recordStart: recordStart, recordLine: recordLine)
                return .error(kind, line: errorLine)
            }
            fields: while true {
                let fieldStart = i, fieldLine = line
                lines.append(fieldLine)
                if i < n && b[i] == Self.quote {
                    i += 1
                    var content: [UInt8] = []
                    while true {
                        if i >= n {
                            if !lenient { return fail(.unterminatedQuote, fieldLine, at: fieldStart) }
                            fields.append(content)
                            raw.append(Array(b[(fieldStart + 1)..<n]))
                            break fields
                        }
                        let c = b[i]
                        if c == Self.quote {
                            if i + 1 < n && b[i + 1] == Self.quote { content.append(c); i += 2; continue }
                            let contentEnd = i
                            i += 1
                            if i >= n || b[i] == d || b[i] == Self.lf || b[i] == Self.cr {
                                fields.append(content)
                                raw.append(Array(b[(fieldStart + 1)..<contentEnd]))
                                if i < n && b[i] == d { i += 1; continue fields }
                                break fields
                            }
                            if !lenient { return fail(.textAfterClosingQuote, line, at: i) }
                            while i < n && b[i] != d && b[i] != Self.lf && b[i] != Self.cr {
                                if b[i] == 0 { return fail(.nulByte, line, at: i) }
                                content.append(b[i])
                                i += 1
                            }
                            fields.append(content)
                            raw.append(Array(b[fieldStart..<i]))
                            if i < n && b[i] == d { i += 1; continue fields }
                            break fields
                        }
                        if c == Self.lf {
                            content.append(c); i += 1; line += 1
                        } else if c == Self.cr {
                            if i + 1 < n && b[i + 1] == Self.lf { content += [Self.cr, Self.lf]; i += 2 } else { content.append(c); i += 1 }
                            line += 1
                        } else if c == 0 {
                            return fail(.nulByte, line, at: i)
                        } else {
                            content.append(c); i += 1
                        }
                    }
                } else {
                    while i < n {
                        let c = b[i]
                        if c == d {
                            fields.append(Array(b[fieldStart..<i])); raw.append(fields.last!)
                            i += 1
                            continue fields
                        }
                        if c == Self.lf || c == Self.cr { break }
                        if c == Self.quote && !lenient { return fail(.quoteInUnquotedField, line, at: i) }
                        if c == 0 { return fail(.nulByte, line, at: i) }
                        i += 1
                    }
                    fields.append(Array(b[fieldStart..<i])); raw.append(fields.last!)
                    break fields
                }
            }
            if i < n {
                if b[i] == Self.lf { i += 1; line += 1 }
                else if b[i] == Self.cr { i += (i + 1 < n && b[i + 1] == Self.lf) ? 2 : 1; line += 1 }
            }
            return .record(line: recordLine, fields: fields, raw: raw, lines: lines)
        }
    }
}
