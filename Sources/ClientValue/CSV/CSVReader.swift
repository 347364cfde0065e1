/// A streaming CSV reader that works on bytes.
///
/// The reader holds one buffer of ``CSVReadOptions/chunkSize`` bytes (1 MiB by default),
/// which grows only when a single record is longer, so a file of any size is read in
/// bounded memory. It is a pull API: call ``next()`` to step to the next record, then read
/// that record's fields as bytes (``withField(_:_:)``, the fast path) or as strings
/// (``field(_:)``, ``record``). Field bytes are valid only until the next call to `next()`.
///
/// ```swift
/// let reader = try CSVReader(.file(path: "billing.csv"))
/// while try reader.next() {
///     print(reader.field(0))          // the first field as a String
/// }
/// ```
///
/// A bad record throws ``CSVError`` and leaves the reader just past it (at the end of the
/// physical line where the problem was found), so a caller that wants to keep going can
/// call `next()` again (the importers write the bad record's raw bytes to a rejects file).
/// An error in the header row is final.
///
/// The header row is read by the initialiser and is not returned by `next()`.
///
/// - Complexity: One pass over the input, O(n) in its bytes; memory O(``CSVReadOptions/chunkSize``
///   plus the longest record), whatever the file's size.
public final class CSVReader {
    /// The options the reader was opened with: delimiter (if given), quoting, encoding and
    /// chunk size.
    public let options: CSVReadOptions
    /// The file name used in error messages.
    public let file: String?
    /// What the reader found out about the file's format.
    public private(set) var dialect: CSVDialect
    /// The header row's fields.
    public private(set) var header: [String] = []
    /// The 1-based physical line of the header row (2 after an Excel `sep=` line).
    public private(set) var headerLine = 1
    /// The number of fields in the current record.
    public var fieldCount: Int { state.pointee.fieldCount }
    /// The 1-based physical line where the current record starts.
    public var line: Int { state.pointee.line }
    /// How many data records `next()` has returned or rejected so far.
    public var recordsRead: Int { state.pointee.recordsRead }
    /// The raw bytes (without line ending) of the last record that threw, for a rejects file.
    package private(set) var rejectedRecord: [UInt8] = []

    private let source: ByteSource
    /// The hot mutable state lives behind a pointer: class stored properties would pay a
    /// dynamic exclusivity check on every access in the scanning loop.
    private let state: UnsafeMutablePointer<ReaderState>
    /// Bytes that stop the scan of an unquoted field: delimiter, quote, CR, LF, NUL, and
    /// (for UTF-8) bytes ≥ 0x80, which need validating.
    private let unquotedStops: UnsafeMutablePointer<UInt8>
    /// Bytes that stop the scan of a quoted field: quote, CR, LF, NUL, and bytes ≥ 0x80 for UTF-8.
    private let quotedStops: UnsafeMutablePointer<UInt8>
    private var buffer: UnsafeMutablePointer<UInt8> {
        get { state.pointee.buffer }
        set { state.pointee.buffer = newValue }
    }
    private var capacity: Int {
        get { state.pointee.capacity }
        set { state.pointee.capacity = newValue }
    }
    private var dataEnd: Int {
        get { state.pointee.dataEnd }
        set { state.pointee.dataEnd = newValue }
    }
    private var pos: Int {
        get { state.pointee.pos }
        set { state.pointee.pos = newValue }
    }
    private var atEOF: Bool {
        get { state.pointee.atEOF }
        set { state.pointee.atEOF = newValue }
    }
    private var bufferFileOffset: Int {
        get { state.pointee.bufferFileOffset }
        set { state.pointee.bufferFileOffset = newValue }
    }
    private var nextLine: Int {
        get { state.pointee.nextLine }
        set { state.pointee.nextLine = newValue }
    }
    private var delimiterByte: UInt8 {
        get { state.pointee.delimiterByte }
        set { state.pointee.delimiterByte = newValue }
    }
    private var fieldCapacity: Int {
        get { state.pointee.fieldCapacity }
        set { state.pointee.fieldCapacity = newValue }
    }
    private var fieldStarts: UnsafeMutablePointer<Int> {
        get { state.pointee.fieldStarts }
        set { state.pointee.fieldStarts = newValue }
    }
    private var fieldEnds: UnsafeMutablePointer<Int> {
        get { state.pointee.fieldEnds }
        set { state.pointee.fieldEnds = newValue }
    }
    private var fieldLines: UnsafeMutablePointer<Int> {
        get { state.pointee.fieldLines }
        set { state.pointee.fieldLines = newValue }
    }
    private var fieldFlags: UnsafeMutablePointer<UInt8> {
        get { state.pointee.fieldFlags }
        set { state.pointee.fieldFlags = newValue }
    }
    private var recordStart: Int {
        get { state.pointee.recordStart }
        set { state.pointee.recordStart = newValue }
    }
    private var recordEnd: Int {
        get { state.pointee.recordEnd }
        set { state.pointee.recordEnd = newValue }
    }
    private var recordHasHighBytes: Bool {
        get { state.pointee.recordHasHighBytes }
        set { state.pointee.recordHasHighBytes = newValue }
    }
    private var expectedFieldCount: Int? {
        get { state.pointee.expectedFieldCount }
        set { state.pointee.expectedFieldCount = newValue }
    }
    private var scratch: [UInt8] = []
    /// False for a reader over bytes that belong to its caller (``init(continuing:dialect:options:file:bytes:firstLine:byteOffset:)``).
    private var ownsBuffer = true

    private static let quote: UInt8 = 0x22
    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    /// Opens a CSV source, reads the dialect and the header row.
    ///
    /// - Parameters:
    ///   - source: a file path, standard input, bytes in memory or an upload's chunks.
    ///   - file: the name to use in error messages (defaults to the path, `<stdin>` or `<upload>`).
    ///   - options: delimiter, quoting, encoding and chunk size.
    /// - Throws: ``CSVError`` when the input cannot be opened, is empty, or its header row is malformed.
    public init(_ source: ByteSourceKind, file: String? = nil, options: CSVReadOptions = CSVReadOptions()) throws(CSVError) {
        var name = file
        if name == nil, case .file(let path) = source { name = path }
        if name == nil, case .standardInput = source { name = "<stdin>" }
        if name == nil, case .chunks = source { name = "<upload>" }
        self.file = name
        self.options = options
        self.source = try ByteSource(source, displayName: name)
        state = ReaderState.allocate(buffer: .allocate(capacity: options.chunkSize), capacity: options.chunkSize)
        unquotedStops = .allocate(capacity: 256)
        quotedStops = .allocate(capacity: 256)
        dialect = CSVDialect(delimiter: .comma, delimiterWasSniffed: false, hadSepLine: false,
                             hadByteOrderMark: false, encoding: options.encoding, quoting: options.quoting,
                             lineEnding: .none)
        try readPreamble()
    }

    deinit {
        if ownsBuffer { buffer.deallocate() }
        unquotedStops.deallocate()
        quotedStops.deallocate()
        fieldStarts.deallocate()
        fieldEnds.deallocate()
        fieldLines.deallocate()
        fieldFlags.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// A reader over part of a file already in memory, continuing after a header another
    /// reader has read: it takes that reader's `header`, `dialect`, `options` and `file` name,
    /// reads no preamble and no header row, and returns the records of `bytes` as if they
    /// followed on from line `firstLine` at `byteOffset` in the file.
    ///
    /// The bytes are read in place, never copied nor written: the caller keeps them alive and
    /// unchanged for as long as the reader is used. For reading parts of a file in parallel;
    /// `bytes` should end at the end of a record (the end of the file, or just after a line feed).
    init(continuing header: [String], dialect: CSVDialect, options: CSVReadOptions, file: String?,
         bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, byteOffset: Int) throws(CSVError) {
        self.file = file
        self.options = options
        self.dialect = dialect
        self.header = header
        // All the bytes are in the buffer from the start; the source has none.
        source = try ByteSource(.memory([]), displayName: file)
        let base: UnsafeMutablePointer<UInt8>, count: Int, owned: Bool
        if let start = bytes.baseAddress, !bytes.isEmpty {
            base = UnsafeMutablePointer(mutating: start)
            count = bytes.count
            owned = false
        } else {
            base = .allocate(capacity: 16)
            count = 0
            owned = true
        }
        state = ReaderState.allocate(buffer: base, capacity: owned ? 16 : count)
        unquotedStops = .allocate(capacity: 256)
        quotedStops = .allocate(capacity: 256)
        ownsBuffer = owned
        // The whole input is in the buffer and the end is known, so `refill()` and `fill(atLeast:)`,
        // the only writers to the buffer, are never called.
        dataEnd = count
        atEOF = true
        continueAfterHeader(firstLine: firstLine, byteOffset: byteOffset)
    }

    /// A reader of the blocks of `blocks`, continuing after a header another reader has read,
    /// as ``init(continuing:dialect:options:file:bytes:firstLine:byteOffset:)`` does for bytes
    /// in memory: it reads the blocks it takes from the queue, one after another, as one input.
    ///
    /// For reading a file on several threads that share out its blocks (``ParallelImport``):
    /// each block should end at the end of a record. Line numbers count from `firstLine` at the
    /// first block this reader takes, and byte offsets from `byteOffset`; neither is the
    /// file's once the reader has skipped the blocks other readers took.
    init(continuing header: [String], dialect: CSVDialect, options: CSVReadOptions, file: String?,
         blocks: BlockQueue, firstLine: Int, byteOffset: Int) {
        self.file = file
        self.options = options
        self.dialect = dialect
        self.header = header
        source = ByteSource(blocks: blocks, displayName: file)
        state = ReaderState.allocate(buffer: .allocate(capacity: options.chunkSize), capacity: options.chunkSize)
        unquotedStops = .allocate(capacity: 256)
        quotedStops = .allocate(capacity: 256)
        continueAfterHeader(firstLine: firstLine, byteOffset: byteOffset)
    }

    /// Sets up a reader that continues after a header another reader has read: where it
    /// starts in the file, and what it looks for in each record.
    private func continueAfterHeader(firstLine: Int, byteOffset: Int) {
        bufferFileOffset = byteOffset
        nextLine = firstLine
        delimiterByte = dialect.delimiter.rawValue
        expectedFieldCount = header.count
        buildStopTables()
    }

    // MARK: - Reading records

    /// Steps to the next data record.
    ///
    /// Blank lines are skipped. Fields of the record stay readable until the next call.
    ///
    /// - Returns: `false` at the end of the input.
    /// - Throws: ``CSVError`` for a malformed record; the reader is then past that
    ///   record, so reading can go on.
    /// - Complexity: O(the record's length in bytes), amortised over the reads of the input.
    public func next() throws(CSVError) -> Bool {
        while true {
            switch scanRecord() {
            case .record:
                state.pointee.recordsRead += 1
                try checkRecord()
                return true
            case .needMore:
                try refill()
            case .end:
                return false
            case .malformed(let kind, let offset, let errorLine, let column, let quoteLine):
                state.pointee.recordsRead += 1
                let position = SourcePosition(line: errorLine, column: column, byteOffset: bufferFileOffset + offset)
                var error = CSVError(kind, position: position, file: file, columnName: columnName(column - 1), found: excerpt(at: offset))
                error.quoteOpenedOnLine = quoteLine
                try skipBadRecord(errorOffset: offset)
                throw error
            }
        }
    }

    /// The bytes of field `index` of the current record, quotes removed and doubled quotes
    /// undone. The pointer is valid only inside `body`.
    ///
    /// This is the fast path: an unquoted field is handed over in place, with no copy and no
    /// `String`. The bytes are in the file's encoding (for UTF-8, already checked valid).
    ///
    /// ```swift
    /// // Sum the widths of the first column without making a String per row.
    /// var bytes = 0
    /// while try reader.next() { bytes += reader.withField(0) { $0.count } }
    /// ```
    ///
    /// - Parameters:
    ///   - index: The 0-based field number; it must be less than ``fieldCount``, or the call traps.
    ///   - body: A closure given the field's bytes; it must not keep the pointer.
    /// - Returns: What `body` returns.
    /// - Throws: Only what `body` throws.
    @inline(__always)
    public func withField<R, E: Error>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        precondition(index >= 0 && index < fieldCount, "field index out of range")
        let start = fieldStarts[index], end = fieldEnds[index]
        if fieldFlags[index] == 0 {
            return try body(UnsafeBufferPointer(start: buffer + start, count: end - start))
        }
        decodeField(index)
        return try scratch.withUnsafeBufferPointer { (bytes) throws(E) -> R in try body(bytes) }
    }

    /// Field `index` of the current record as a `String`, decoded with the file's encoding.
    ///
    /// - Parameter index: The 0-based field number; it must be less than ``fieldCount``, or
    ///   the call traps.
    /// - Returns: The field's text, quotes removed and doubled quotes undone, spaces kept.
    public func field(_ index: Int) -> String {
        let encoding = options.encoding
        return withField(index) { TextDecoding.string($0, encoding: encoding) }
    }

    /// All fields of the current record as strings.
    public var record: [String] {
        (0..<fieldCount).map { field($0) }
    }

    /// Reads the next record as strings; `nil` at the end of the input. The simple API.
    ///
    /// ```swift
    /// let reader = try CSVReader(.memory(Array("client,amount\nC1,100\n".utf8)))
    /// while let fields = try reader.nextRecord() { print(fields) }   // ["C1", "100"]
    /// ```
    ///
    /// - Returns: The record's fields, or `nil` at the end of the input.
    /// - Throws: ``CSVError`` for a malformed record, as ``next()`` does; reading can go on.
    public func nextRecord() throws(CSVError) -> [String]? {
        try next() ? record : nil
    }

    /// The position of field `index` (0-based) of the current record.
    ///
    /// - Parameter index: The 0-based field number.
    /// - Returns: The field's 1-based physical line and column, and the byte offset of its
    ///   first byte (its opening quote, for a quoted field). For an index past the last field,
    ///   the record's first line and byte with column `index + 1`.
    public func fieldPosition(_ index: Int) -> SourcePosition {
        guard index >= 0 && index < fieldCount else {
            return SourcePosition(line: line, column: index + 1, byteOffset: bufferFileOffset + recordStart)
        }
        let start = fieldStarts[index]
        let quoted = fieldFlags[index] != 2 && start > recordStart && buffer[start - 1] == Self.quote
        return SourcePosition(line: fieldLines[index], column: index + 1,
                              byteOffset: bufferFileOffset + start - (quoted ? 1 : 0))
    }

    /// The header name of field `index` (0-based), if the header has that many fields.
    ///
    /// - Parameter index: The 0-based field number.
    /// - Returns: The header's text for that column, or `nil` when the index is out of range.
    public func columnName(_ index: Int) -> String? {
        index >= 0 && index < header.count ? header[index] : nil
    }

    /// The raw bytes of the current record as they stand in the file, without its line ending.
    ///
    /// Quotes and doubled quotes are left as written, so the bytes can be copied to another
    /// file unchanged (as a rejects file does).
    ///
    /// - Parameter body: A closure given the record's bytes; the pointer is valid only inside it.
    /// - Returns: What `body` returns.
    /// - Throws: Only what `body` throws.
    package func withRawRecord<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: buffer + recordStart, count: recordEnd - recordStart))
    }

    /// How many bytes of the input have been consumed so far.
    public var bytesConsumed: Int { bufferFileOffset + pos }

    /// The 1-based physical line where the next record would start; at the end of the input,
    /// the line after the last one read.
    var nextRecordLine: Int { nextLine }

    /// For a reader of shared blocks (``init(continuing:dialect:options:file:blocks:firstLine:byteOffset:)``):
    /// the number of the block the current record came from, which orders blocks as in the
    /// file; -1 before the first block, and for other readers.
    var blockNumber: Int { source.blockNumber }

    /// Copies the input not consumed yet, raw, into `destination`: first what the buffer still
    /// holds, then straight from the source; returns how many bytes it wrote, 0 at the end.
    /// For taking the data of a file whose header this reader has read into memory: the bytes
    /// copied count as consumed, so ``next()`` never returns them.
    func readRemainingInput(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(CSVError) -> Int {
        guard count > 0 else { return 0 }
        if pos < dataEnd {
            let n = min(count, dataEnd - pos)
            destination.initialize(from: buffer + pos, count: n)
            pos += n
            return n
        }
        if atEOF { return 0 }
        bufferFileOffset += dataEnd
        pos = 0
        dataEnd = 0
        let n = try source.read(into: destination, count: count)
        if n == 0 { atEOF = true }
        bufferFileOffset += n
        return n
    }

    // MARK: - Scanning

    private enum ScanResult {
        case record
        case needMore
        case end
        case malformed(CSVError.Kind, offset: Int, line: Int, column: Int, quoteLine: Int? = nil)
    }

    @inline(__always)
    private func appendField(_ count: Int, start: Int, end: Int, line: Int, flag: UInt8) {
        if count == fieldCapacity { growFields() }
        fieldStarts[count] = start
        fieldEnds[count] = end
        fieldLines[count] = line
        fieldFlags[count] = flag
    }

    /// Scans one record starting at `pos`. Leaves `pos` at the record's start unless a whole
    /// record (or the end of input) was found; skips blank lines.
    private func scanRecord() -> ScanResult {
        let base = buffer
        let end = dataEnd
        let eof = atEOF
        let delimiter = delimiterByte
        let unquoted = UnsafePointer(unquotedStops)
        let quoted = UnsafePointer(quotedStops)
        let lenient = options.quoting == .lenient
        let vectorScan = options.scansVectors
        let quote = Self.quote, lf = Self.lineFeed, cr = Self.carriageReturn
        var i = pos
        var line = nextLine

        // Blank lines are skipped.
        while i < end {
            let c = base[i]
            if c == lf { i += 1; line += 1; continue }
            if c == cr {
                if i + 1 < end { i += base[i + 1] == lf ? 2 : 1; line += 1; continue }
                if eof { i += 1; line += 1; continue }
                break
            }
            break
        }
        pos = i
        nextLine = line
        if i >= end { return eof ? .end : .needMore }
        if base[i] == cr { return .needMore }

        recordStart = i
        if vectorScan && base[i] != quote && scanPlainRecord(from: i, line: line) { return .record }
        var count = 0
        var sawHigh = false

        fields: while true {
            let fieldStart = i
            let fieldLine = line
            if i < end && base[i] == quote {
                i += 1
                var flag: UInt8 = 0
                while true {
                    while i < end && quoted[Int(base[i])] == 0 { i += 1 }
                    if i >= end {
                        if !eof { return .needMore }
                        if !lenient {
                            return .malformed(.unterminatedQuote, offset: fieldStart, line: fieldLine, column: count + 1)
                        }
                        appendField(count, start: fieldStart + 1, end: end, line: fieldLine, flag: flag)
                        count += 1
                        recordEnd = end
                        break fields
                    }
                    let c = base[i]
                    if c == quote {
                        if i + 1 < end {
                            if base[i + 1] == quote { flag = 1; i += 2; continue }
                        } else if !eof {
                            return .needMore
                        }
                        let contentEnd = i
                        i += 1
                        if i >= end {
                            appendField(count, start: fieldStart + 1, end: contentEnd, line: fieldLine, flag: flag)
                            count += 1
                            recordEnd = end
                            break fields
                        }
                        let next = base[i]
                        if next == delimiter {
                            appendField(count, start: fieldStart + 1, end: contentEnd, line: fieldLine, flag: flag)
                            count += 1
                            i += 1
                            continue fields
                        }
                        if next == lf || next == cr {
                            appendField(count, start: fieldStart + 1, end: contentEnd, line: fieldLine, flag: flag)
                            count += 1
                            recordEnd = i
                            break fields
                        }
                        if !lenient {
                            return .malformed(.textAfterClosingQuote, offset: i, line: line, column: count + 1,
                                              quoteLine: fieldLine < line ? fieldLine : nil)
                        }
                        // Lenient: the rest up to the delimiter is literal text, quotes included.
                        while true {
                            while i < end && unquoted[Int(base[i])] == 0 { i += 1 }
                            if i >= end {
                                if !eof { return .needMore }
                                break
                            }
                            let t = base[i]
                            if t == delimiter || t == lf || t == cr { break }
                            if t == 0 { return .malformed(.nulByte, offset: i, line: line, column: count + 1) }
                            if t >= 0x80 { sawHigh = true }
                            i += 1
                        }
                        appendField(count, start: fieldStart, end: i, line: fieldLine, flag: 2)
                        count += 1
                        if i < end && base[i] == delimiter { i += 1; continue fields }
                        recordEnd = i
                        break fields
                    }
                    if c == lf {
                        line += 1
                        i += 1
                    } else if c == cr {
                        if i + 1 < end {
                            i += base[i + 1] == lf ? 2 : 1
                        } else if !eof {
                            return .needMore
                        } else {
                            i += 1
                        }
                        line += 1
                    } else if c == 0 {
                        return .malformed(.nulByte, offset: i, line: line, column: count + 1)
                    } else {
                        sawHigh = true
                        i += 1
                    }
                }
            } else {
                while true {
                    while i < end && unquoted[Int(base[i])] == 0 { i += 1 }
                    if i >= end {
                        if !eof { return .needMore }
                        appendField(count, start: fieldStart, end: end, line: fieldLine, flag: 0)
                        count += 1
                        recordEnd = end
                        break fields
                    }
                    let c = base[i]
                    if c == delimiter {
                        appendField(count, start: fieldStart, end: i, line: fieldLine, flag: 0)
                        count += 1
                        i += 1
                        continue fields
                    }
                    if c == lf || c == cr {
                        appendField(count, start: fieldStart, end: i, line: fieldLine, flag: 0)
                        count += 1
                        recordEnd = i
                        break fields
                    }
                    if c == quote {
                        if !lenient {
                            return .malformed(.quoteInUnquotedField, offset: i, line: line, column: count + 1)
                        }
                        i += 1
                    } else if c == 0 {
                        return .malformed(.nulByte, offset: i, line: line, column: count + 1)
                    } else {
                        sawHigh = true
                        i += 1
                    }
                }
            }
        }

        // Consume the line ending, if any.
        if i < end {
            if base[i] == lf {
                i += 1
                line += 1
            } else if base[i] == cr {
                if i + 1 < end {
                    i += base[i + 1] == lf ? 2 : 1
                } else if !eof {
                    return .needMore
                } else {
                    i += 1
                }
                line += 1
            }
        }
        state.pointee.fieldCount = count
        recordHasHighBytes = sawHigh
        state.pointee.line = fieldLines[0]
        pos = i
        nextLine = line
        return .record
    }

    /// The fast path of ``scanRecord()`` for a record that ends inside the buffer and has no
    /// NUL bytes, no lone CRs, and no quotes except around whole fields that hold no doubled
    /// quotes or line breaks: it classifies 32 bytes at a time and visits
    /// only the bytes that may end a field. Returns `false`, having changed nothing but the
    /// fields table, when the record needs the byte-by-byte scan, which then scans it again
    /// from `start`.
    ///
    /// The bit masks number a chunk's bytes from the low end of each 64-bit word, which holds
    /// on little-endian machines (x86_64, arm64); elsewhere every record takes the
    /// byte-by-byte scan.
    @inline(__always)
    private func scanPlainRecord(from start: Int, line: Int) -> Bool {
        #if _endian(big)
        return false
        #else
        let base = buffer
        let end = dataEnd
        let delimiter = delimiterByte
        let delimiters = SIMD32<UInt8>(repeating: delimiter)
        let quotes = SIMD32<UInt8>(repeating: Self.quote)
        // Bytes below 0x0E: NUL, LF and CR among them; the others (a tab that is not the
        // delimiter, say) are field text and are passed over.
        let controls = SIMD32<UInt8>(repeating: 0x0E)
        var chunk = start
        var fieldStart = start
        var count = 0
        var sawHigh = false
        let quoted = UnsafePointer(quotedStops)
        chunks: while chunk + 32 <= end {
            let bytes = UnsafeRawPointer(base + chunk).loadUnaligned(as: SIMD32<UInt8>.self)
            var stops = ByteMask.bits((bytes .== delimiters) .| (bytes .== quotes) .| (bytes .< controls))
            // High bytes need a UTF-8 check; one past the record's end only costs that check.
            if ByteMask.anyHigh(bytes) { sawHigh = true }
            while stops != 0 {
                let at = chunk &+ stops.trailingZeroBitCount
                stops &= stops &- 1
                let byte = base[at]
                if byte == delimiter {
                    appendField(count, start: fieldStart, end: at, line: line, flag: 0)
                    count += 1
                    fieldStart = at + 1
                    continue
                }
                var next = at + 1
                if byte == Self.lineFeed {
                    // The record's end.
                } else if byte == Self.carriageReturn {
                    // CR LF ends the record; a lone CR, or a CR at the buffer's end, is left
                    // to the byte-by-byte scan.
                    guard next < end && base[next] == Self.lineFeed else { return false }
                    next += 1
                } else if byte == Self.quote {
                    // A quoted field with no doubled quotes or line breaks is read here; any
                    // other quote is left to the byte-by-byte scan.
                    guard at == fieldStart else { return false }
                    var close = at + 1
                    while close < end && quoted[Int(base[close])] == 0 { close += 1 }
                    while close < end && base[close] >= 0x80 {
                        sawHigh = true
                        close += 1
                        while close < end && quoted[Int(base[close])] == 0 { close += 1 }
                    }
                    guard close + 1 < end && base[close] == Self.quote else { return false }
                    let after = base[close + 1]
                    if after == delimiter {
                        appendField(count, start: at + 1, end: close, line: line, flag: 0)
                        count += 1
                        fieldStart = close + 2
                        chunk = fieldStart
                        continue chunks
                    }
                    // The record's last field.
                    var next = close + 2
                    if after == Self.carriageReturn {
                        guard next < end && base[next] == Self.lineFeed else { return false }
                        next += 1
                    } else if after != Self.lineFeed {
                        return false
                    }
                    appendField(count, start: at + 1, end: close, line: line, flag: 0)
                    finishPlainRecord(fields: count + 1, end: close + 1, next: next, line: line, sawHigh: sawHigh)
                    return true
                } else if byte == 0 {
                    return false
                } else {
                    continue
                }
                appendField(count, start: fieldStart, end: at, line: line, flag: 0)
                finishPlainRecord(fields: count + 1, end: at, next: next, line: line, sawHigh: sawHigh)
                return true
            }
            chunk += 32
        }
        return false
        #endif
    }

    /// Ends a record ``scanPlainRecord(from:line:)`` has read: `end` is where its line end
    /// starts and `next` where the next record starts, on the next line.
    @inline(__always)
    private func finishPlainRecord(fields: Int, end: Int, next: Int, line: Int, sawHigh: Bool) {
        state.pointee.fieldCount = fields
        recordEnd = end
        recordHasHighBytes = sawHigh
        state.pointee.line = line
        pos = next
        nextLine = line + 1
    }

    /// Checks the field count and UTF-8 of the record just scanned.
    private func checkRecord() throws(CSVError) {
        if let expected = expectedFieldCount, fieldCount != expected {
            let column = min(fieldCount, expected) + 1
            let position: SourcePosition
            if fieldCount > expected {
                position = fieldPosition(expected)
            } else {
                // Where the missing field would begin: the end of the record, which a quoted last
                // field may have moved to a later line than the one it starts on.
                let last = fieldCount - 1
                let tail = UnsafeBufferPointer(start: buffer + fieldStarts[last], count: max(0, recordEnd - fieldStarts[last]))
                position = SourcePosition(line: fieldLines[last] + lineBreaks(tail), column: column,
                                          byteOffset: bufferFileOffset + recordEnd)
            }
            let found = fieldCount
            rejectCurrentRecord()
            throw CSVError(.unequalFieldCount(expected: expected, found: found), position: position,
                           file: file, columnName: columnName(column - 1))
        }
        // The fields lie inside the record and only ASCII separates them, so the record is
        // valid UTF-8 exactly when every field is; the fields are looked at one by one only to
        // place an error.
        if recordHasHighBytes && options.encoding == .utf8
            && TextDecoding.firstInvalidUTF8(UnsafeBufferPointer(start: buffer + recordStart, count: recordEnd - recordStart)) != nil {
            for index in 0..<fieldCount {
                let start = fieldStarts[index], end = fieldEnds[index]
                let bytes = UnsafeBufferPointer(start: buffer + start, count: end - start)
                if let bad = TextDecoding.firstInvalidUTF8(bytes) {
                    var position = fieldPosition(index)
                    position.byteOffset = bufferFileOffset + start + bad
                    // The physical line of the bad byte, as for a NUL byte, in a quoted field
                    // that runs over several lines.
                    position.line += lineBreaks(UnsafeBufferPointer(rebasing: bytes[..<bad]))
                    let found = TextDecoding.excerpt(UnsafeBufferPointer(rebasing: bytes[bad...]), limit: 8)
                    rejectCurrentRecord()
                    throw CSVError(.invalidUTF8, position: position, file: file,
                                   columnName: columnName(index), found: found)
                }
            }
        }
    }

    /// The line breaks in `bytes`: LF, CR LF or CR.
    private func lineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for (k, b) in bytes.enumerated() where b == Self.lineFeed || b == Self.carriageReturn {
            if b == Self.lineFeed && k > 0 && bytes[k - 1] == Self.carriageReturn { continue }
            count += 1
        }
        return count
    }

    private func rejectCurrentRecord() {
        rejectedRecord = Array(UnsafeBufferPointer(start: buffer + recordStart, count: recordEnd - recordStart))
        state.pointee.fieldCount = 0
    }

    /// After a malformed record: moves past the end of the physical line where the error
    /// was found, keeping the record's raw bytes in `rejectedRecord`.
    private func skipBadRecord(errorOffset: Int) throws(CSVError) {
        let lf = Self.lineFeed, cr = Self.carriageReturn
        var relative = errorOffset - recordStart
        while true {
            var i = recordStart + relative
            while i < dataEnd && buffer[i] != lf && buffer[i] != cr { i += 1 }
            if i >= dataEnd && !atEOF {
                relative = i - recordStart
                pos = recordStart
                try refill()
                continue
            }
            if i < dataEnd && buffer[i] == cr && i + 1 >= dataEnd && !atEOF {
                relative = i - recordStart
                pos = recordStart
                try refill()
                continue
            }
            let rawEnd = i
            if i < dataEnd {
                i += (buffer[i] == cr && i + 1 < dataEnd && buffer[i + 1] == lf) ? 2 : 1
            }
            // Count the physical lines the rejected bytes spanned.
            var lines = 0
            var k = recordStart
            while k < i {
                if buffer[k] == lf { lines += 1 }
                else if buffer[k] == cr { lines += 1; if k + 1 < i && buffer[k + 1] == lf { k += 1 } }
                k += 1
            }
            rejectedRecord = Array(UnsafeBufferPointer(start: buffer + recordStart, count: rawEnd - recordStart))
            nextLine += lines
            pos = i
            state.pointee.fieldCount = 0
            return
        }
    }

    private func excerpt(at offset: Int) -> String? {
        guard offset < dataEnd else { return nil }
        var end = offset
        while end < dataEnd && end - offset < 24 && buffer[end] != Self.lineFeed && buffer[end] != Self.carriageReturn { end += 1 }
        return TextDecoding.excerpt(UnsafeBufferPointer(start: buffer + offset, count: end - offset), limit: 20)
    }

    // MARK: - Fields

    /// Decodes a quoted (or, in lenient mode, quote-holding) field into `scratch`: `""` inside
    /// quotes is one quote, the opening and closing quotes go, and anything after the closing
    /// quote is kept as written. Runs between quotes are copied in bulk, into a local array so
    /// that the class's exclusivity check is paid once per field, not once per byte.
    private func decodeField(_ index: Int) {
        let start = fieldStarts[index], end = fieldEnds[index]
        let quoted = fieldFlags[index] == 2
        var out: [UInt8] = []
        swap(&out, &scratch)
        out.removeAll(keepingCapacity: true)
        var i = quoted ? start + 1 : start
        var inQuotes = true
        while i < end {
            var j = i
            if inQuotes {
                while j < end && buffer[j] != Self.quote { j += 1 }
            } else {
                j = end
            }
            if j > i { out.append(contentsOf: UnsafeBufferPointer(start: buffer + i, count: j - i)) }
            i = j
            guard i < end else { break }
            // A quote inside quotes: doubled, it is one quote; alone, it closes a quoted field.
            if i + 1 < end && buffer[i + 1] == Self.quote {
                out.append(Self.quote)
                i += 2
            } else if quoted {
                inQuotes = false
                i += 1
            } else {
                out.append(Self.quote)
                i += 1
            }
        }
        swap(&out, &scratch)
    }

    private func growFields() {
        let newCapacity = fieldCapacity * 2
        func grow<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
            new.moveInitialize(from: old, count: fieldCapacity)
            old.deallocate()
            return new
        }
        fieldStarts = grow(fieldStarts)
        fieldEnds = grow(fieldEnds)
        fieldLines = grow(fieldLines)
        fieldFlags = grow(fieldFlags)
        fieldCapacity = newCapacity
    }

    // MARK: - Buffer

    /// Keeps the bytes from `pos` on, moves them to the front and reads more after them,
    /// growing the buffer only when one record fills it.
    private func refill() throws(CSVError) {
        // A block shared out among readers that ends inside a record may be followed, for this
        // reader, only by the end of the input.
        let partRecordAtBlockEnd = dataEnd > pos && source.isAtBlockEnd
        if pos > 0 {
            let keep = dataEnd - pos
            if keep > 0 { buffer.update(from: buffer + pos, count: keep) }
            bufferFileOffset += pos
            recordStart = max(0, recordStart - pos)
            dataEnd = keep
            pos = 0
        }
        if dataEnd == capacity {
            let newCapacity = capacity * 2
            let newBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBuffer.update(from: buffer, count: dataEnd)
            buffer.deallocate()
            buffer = newBuffer
            capacity = newCapacity
        }
        let n = try source.read(into: buffer + dataEnd, count: capacity - dataEnd)
        if n > 0 && partRecordAtBlockEnd {
            // The records this reader would make of that block and the next are not the file's.
            throw CSVError(.io(message: "a shared block ended inside a record"),
                           position: SourcePosition(line: nextLine, column: 1, byteOffset: bufferFileOffset + pos), file: file)
        }
        if n == 0 { atEOF = true } else { dataEnd += n }
    }

    /// Fills the buffer with at least `bytes` bytes (or the whole input, if shorter).
    private func fill(atLeast bytes: Int) throws(CSVError) {
        while !atEOF && dataEnd - pos < bytes && dataEnd < capacity {
            let n = try source.read(into: buffer + dataEnd, count: capacity - dataEnd)
            if n == 0 { atEOF = true } else { dataEnd += n }
        }
    }

    // MARK: - Preamble: BOM, sep= line, delimiter, header

    private func readPreamble() throws(CSVError) {
        try fill(atLeast: min(capacity, 64 * 1024))
        if let encoding = wideEncoding() {
            throw CSVError(.unsupportedEncoding(encoding), position: SourcePosition(line: 1, column: 1, byteOffset: 0), file: file)
        }
        if dataEnd >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            dialect.hadByteOrderMark = true
            pos = 3
        }
        var delimiter = options.delimiter
        // Excel's "sep=;" line names the delimiter and is not part of the data.
        if let sep = sepLineDelimiter() {
            dialect.hadSepLine = true
            if delimiter == nil { delimiter = sep.delimiter }
            pos = sep.next
            nextLine = 2
        }
        if let delimiter {
            dialect.delimiter = delimiter
        } else {
            dialect.delimiter = sniffDelimiter()
            dialect.delimiterWasSniffed = true
        }
        delimiterByte = dialect.delimiter.rawValue
        buildStopTables()

        let headerStart = bufferFileOffset + pos
        guard try next() else {
            throw CSVError(.missingHeader, position: SourcePosition(line: nextLine, column: 1, byteOffset: bufferFileOffset + pos), file: file)
        }
        state.pointee.recordsRead = 0
        header = record
        headerLine = line
        expectedFieldCount = fieldCount
        dialect.lineEnding = lineEnding(after: headerStart)
        state.pointee.fieldCount = 0
    }

    /// UTF-16 or UTF-32, by a byte order mark at the start, or UTF-16 by NUL bytes between the
    /// first ASCII characters (Excel's "Unicode text" is UTF-16); `nil` otherwise. Such a file
    /// would fail on its first NUL byte anyway: this says why.
    private func wideEncoding() -> String? {
        let b = buffer, n = dataEnd
        guard n >= 2 else { return nil }
        func ascii(_ byte: UInt8) -> Bool { byte != 0 && byte < 0x80 }
        if n >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0 { return "UTF-32 (little-endian, with a byte order mark)" }
        if n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF { return "UTF-32 (big-endian, with a byte order mark)" }
        if b[0] == 0xFF && b[1] == 0xFE { return "UTF-16 (little-endian, with a byte order mark)" }
        if b[0] == 0xFE && b[1] == 0xFF { return "UTF-16 (big-endian, with a byte order mark)" }
        guard n >= 4 else { return nil }
        if ascii(b[0]) && b[1] == 0 && ascii(b[2]) && b[3] == 0 { return "UTF-16 (little-endian, without a byte order mark)" }
        if b[0] == 0 && ascii(b[1]) && b[2] == 0 && ascii(b[3]) { return "UTF-16 (big-endian, without a byte order mark)" }
        return nil
    }

    private func sepLineDelimiter() -> (delimiter: CSVDelimiter, next: Int)? {
        let p = pos
        guard dataEnd - p >= 5 else { return nil }
        let s = buffer[p] | 0x20, e = buffer[p + 1] | 0x20, q = buffer[p + 2] | 0x20
        guard s == 0x73, e == 0x65, q == 0x70, buffer[p + 3] == 0x3D else { return nil }
        guard let delimiter = CSVDelimiter(byte: buffer[p + 4]) else { return nil }
        var next = p + 5
        if next < dataEnd && buffer[next] == Self.carriageReturn { next += 1 }
        if next < dataEnd && buffer[next] == Self.lineFeed { next += 1 }
        guard next == dataEnd || next > p + 5 else { return nil }
        return (delimiter, next)
    }

    /// Picks the candidate delimiter whose count per line (outside quotes) is positive on the
    /// first line and the same on the most of the first 20 lines; ties go to more fields,
    /// then to the order comma, semicolon, tab, pipe. Comma when none occurs.
    private func sniffDelimiter() -> CSVDelimiter {
        let candidates = CSVDelimiter.allCases
        var lines: [[Int]] = []
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var i = pos
        let limit = min(dataEnd, pos + 64 * 1024)
        var lineHasContent = false
        while i < limit && lines.count < 20 {
            let c = buffer[i]
            if c == Self.quote { inQuotes.toggle(); lineHasContent = true }
            else if !inQuotes && (c == Self.lineFeed || c == Self.carriageReturn) {
                if lineHasContent { lines.append(counts) }
                counts = [Int](repeating: 0, count: candidates.count)
                lineHasContent = false
            } else {
                lineHasContent = true
                if !inQuotes, let k = candidates.firstIndex(where: { $0.rawValue == c }) { counts[k] += 1 }
            }
            i += 1
        }
        if lineHasContent && (atEOF && limit == dataEnd) { lines.append(counts) }
        guard let first = lines.first else { return .comma }
        var best: (index: Int, agreeing: Int, fields: Int)?
        for k in candidates.indices where first[k] > 0 {
            let agreeing = lines.filter { $0[k] == first[k] }.count
            if let current = best {
                if agreeing > current.agreeing || (agreeing == current.agreeing && first[k] > current.fields) {
                    best = (k, agreeing, first[k])
                }
            } else {
                best = (k, agreeing, first[k])
            }
        }
        return best.map { candidates[$0.index] } ?? .comma
    }

    private func buildStopTables() {
        unquotedStops.initialize(repeating: 0, count: 256)
        quotedStops.initialize(repeating: 0, count: 256)
        for b in [delimiterByte, Self.quote, Self.lineFeed, Self.carriageReturn, 0] { unquotedStops[Int(b)] = 1 }
        for b in [Self.quote, Self.lineFeed, Self.carriageReturn, 0] { quotedStops[Int(b)] = 1 }
        if options.encoding == .utf8 {
            for b in 0x80...0xFF { unquotedStops[b] = 1; quotedStops[b] = 1 }
        }
    }

    private func lineEnding(after start: Int) -> CSVDialect.LineEnding {
        // The header's bytes are still in the buffer: find its first line ending outside quotes.
        var i = max(0, start - bufferFileOffset)
        var inQuotes = false
        while i < dataEnd {
            let c = buffer[i]
            if c == Self.quote { inQuotes.toggle() }
            else if !inQuotes && c == Self.carriageReturn {
                return i + 1 < dataEnd && buffer[i + 1] == Self.lineFeed ? .crlf : .cr
            } else if !inQuotes && c == Self.lineFeed {
                return .lf
            }
            i += 1
        }
        return .none
    }
}

/// The reader's mutable scanning state (see ``CSVReader``).
private struct ReaderState {
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var dataEnd = 0
    var pos = 0
    var atEOF = false
    var bufferFileOffset = 0
    var nextLine = 1
    var delimiterByte: UInt8 = CSVDelimiter.comma.rawValue
    var fieldCapacity: Int
    var fieldStarts: UnsafeMutablePointer<Int>
    var fieldEnds: UnsafeMutablePointer<Int>
    var fieldLines: UnsafeMutablePointer<Int>
    /// 0: bytes as they are; 1: quoted with doubled quotes to undo; 2: lenient text after a
    /// closing quote, decoded from the raw span.
    var fieldFlags: UnsafeMutablePointer<UInt8>
    var recordStart = 0
    var recordEnd = 0
    var recordHasHighBytes = false
    var expectedFieldCount: Int?
    var fieldCount = 0
    var line = 0
    var recordsRead = 0

    /// A state over `buffer`, with room for 64 fields to begin with, behind a new pointer.
    static func allocate(buffer: UnsafeMutablePointer<UInt8>, capacity: Int) -> UnsafeMutablePointer<ReaderState> {
        let fieldCapacity = 64
        let state = UnsafeMutablePointer<ReaderState>.allocate(capacity: 1)
        state.initialize(to: ReaderState(
            buffer: buffer, capacity: capacity,
            fieldCapacity: fieldCapacity, fieldStarts: .allocate(capacity: fieldCapacity), fieldEnds: .allocate(capacity: fieldCapacity),
            fieldLines: .allocate(capacity: fieldCapacity), fieldFlags: .allocate(capacity: fieldCapacity)))
        return state
    }

    init(buffer: UnsafeMutablePointer<UInt8>, capacity: Int, fieldCapacity: Int, fieldStarts: UnsafeMutablePointer<Int>,
         fieldEnds: UnsafeMutablePointer<Int>, fieldLines: UnsafeMutablePointer<Int>, fieldFlags: UnsafeMutablePointer<UInt8>) {
        self.buffer = buffer
        self.capacity = capacity
        self.fieldCapacity = fieldCapacity
        self.fieldStarts = fieldStarts
        self.fieldEnds = fieldEnds
        self.fieldLines = fieldLines
        self.fieldFlags = fieldFlags
    }
}

/// Not `Sendable`: a reader's position and buffer change with every record; use one reader per thread.
@available(*, unavailable)
extension CSVReader: Sendable {}

/// Bit masks of 32-byte vectors, one bit per byte, from portable SIMD: the standard library
/// has no "move mask", so each 8-byte quarter's top bits are gathered with one multiplication.
private enum ByteMask {
    /// Bit k is set when byte k of the mask is set.
    @inline(__always)
    static func bits(_ mask: SIMDMask<SIMD32<Int8>>) -> UInt64 {
        let words = unsafeBitCast(mask, to: SIMD4<UInt64>.self)
        return gather(words[0]) | gather(words[1]) << 8 | gather(words[2]) << 16 | gather(words[3]) << 24
    }

    /// Whether any byte is 0x80 or above.
    @inline(__always)
    static func anyHigh(_ bytes: SIMD32<UInt8>) -> Bool {
        let words = unsafeBitCast(bytes, to: SIMD4<UInt64>.self)
        return (words[0] | words[1] | words[2] | words[3]) & 0x8080_8080_8080_8080 != 0
    }

    /// The top bit of each of the 8 bytes of `word`, as 8 bits (byte k's at bit k). The
    /// multiplier's terms put the top bit of byte k at bit 56 + k; no two terms meet, so
    /// there are no carries.
    @inline(__always)
    private static func gather(_ word: UInt64) -> UInt64 {
        ((word & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56
    }
}
