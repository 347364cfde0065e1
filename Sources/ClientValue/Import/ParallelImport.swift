#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Reads one large export on several threads, with the same result as one ``RecordReader``
/// reading it from start to end, or not at all.
///
/// The header and dialect are read as usual; the rest of the file is loaded into memory and
/// cut into parts at line feeds that, counting quotes from the start of the data, lie outside
/// quoted fields. Each part is read on its own thread by its own ``CSVReader`` (over the bytes
/// in place), ``ImportCursor`` and string tables. The caller merges the parts in file order.
///
/// Why the result is exact: a part that begins where a record begins is read exactly as the
/// sequential reader reads those bytes, up to the part's end (its last byte is a line feed, so
/// no look-ahead crosses it); if that end were inside a quoted field the part would fail with
/// an unterminated quote. So when every part reads without error, every part began at a
/// record start, by induction from the first, and the parts hold the sequential reader's
/// records. What can still differ is what a part learns from earlier rows: day-month order
/// inferred from the dates (checked: parts must not infer different orders, and a part that
/// could not read an ambiguous date failed), string codes (renumbered when merging) and line
/// numbers (shifted when merging). Anything else, any error included, gives `nil`, and the
/// caller reads the file sequentially from the start, so errors, rejects files and summaries
/// are exactly those of the sequential path.
///
/// Only regular UTF-8 files of at least ``Plan/minimumFileSize`` bytes, with strict quoting,
/// LF or CRLF line ends and no rejects file qualify.
///
/// Used by ``SurveyTable/read(_:file:options:)`` through ``readCoded(_:file:options:plan:as:decode:)``,
/// with the decoding loop of its sequential read as the per-part `decode`, and its own merge
/// of the parts' values.
///
/// The billing and contacts readers (``TransactionSummaryBuilder/read(_:file:importOptions:options:)``,
/// ``FirmMetricsBuilder/read(_:file:importOptions:year:fiscalYearStartMonth:thresholds:)``,
/// ``ClientBilling``, ``ContactFrequencyBuilder/read(_:file:options:)``) use
/// ``readShared(_:file:options:plan:as:decode:)`` instead, which never holds the file: its
/// threads share out the file's blocks, and the merge takes the blocks back in file order.
enum ParallelImport {
    /// Files smaller than this (4 MiB) are read sequentially: threads and merging would cost
    /// more than they save.
    static let minimumFileSize = 4 << 20
    /// Files larger than this (1 GiB) are streamed sequentially: the parallel read holds the
    /// whole file in memory, and memory must stay bounded whatever the input.
    static let maximumFileSize = 1 << 30
    /// At most this many parts, however many processors there are.
    static let maximumPartCount = 8

    /// When to read in parallel, and in how many parts.
    struct Plan: Sendable, Hashable {
        /// The smallest file read in parallel, in bytes.
        var minimumFileSize: Int
        /// How many parts to cut the data into; `nil` for one per processor, at most
        /// ``ParallelImport/maximumPartCount``. Fewer when the data has fewer lines.
        var partCount: Int?
        /// The size of the blocks a file is shared out in when the readers share out its
        /// blocks (``ParallelImport/readShared(_:file:options:plan:as:decode:)``), in bytes.
        var blockSize = ParallelImport.blockSize

        /// Files of 4 MiB or more, one part per processor.
        static let automatic = Plan(minimumFileSize: ParallelImport.minimumFileSize, partCount: nil)
        /// Never in parallel.
        static let sequential = Plan(minimumFileSize: .max, partCount: 1)
    }

    /// One part's decoded value, and what to add to the line numbers in it (which count from 1
    /// at the part's first byte) to get the file's.
    struct Part<Value: Sendable>: Sendable {
        var value: Value
        var lineShift: Int
    }

    /// The parts of a file in file order, with the summary the sequential read would give.
    struct Result<Value: Sendable>: Sendable {
        var parts: [Part<Value>]
        var summary: ImportSummary
    }

    /// Reads `source` in parts on several threads, each part decoded by `decode`, which must
    /// read its reader to the end; `nil` when the file does not qualify or the parallel read
    /// cannot be shown to match the sequential one (see ``ParallelImport``).
    ///
    /// - Complexity: O(n) for n bytes, on up to ``maximumPartCount`` threads; the data is
    ///   held in memory while the parts are read.
    static func read<Record: ImportableRecord, Value: Sendable>(
        _ source: ByteSourceKind, file: String?, options: ImportOptions, plan: Plan, as record: Record.Type = Record.self,
        decode: @Sendable (RecordReader<Record>) throws(ImportError) -> Value
    ) -> Result<Value>? {
        // Files only: standard input, memory and an upload's chunks are read sequentially.
        guard case .file(let path) = source,
              options.csv.encoding == .utf8, options.csv.quoting == .strict,
              !(options.onError == .skip && options.rejectsPath != nil) else { return nil }
        let wanted = min(plan.partCount ?? min(processorCount, maximumPartCount), 1024)
        guard wanted >= 2, let size = regularFileSize(path), size >= plan.minimumFileSize, size <= maximumFileSize else { return nil }

        // The header: any problem there is left to the sequential read to report.
        guard let headerReader = try? CSVReader(source, file: file, options: options.csv),
              headerReader.dialect.lineEnding == .lf || headerReader.dialect.lineEnding == .crlf,
              (try? ColumnLayout(header: headerReader.header, columns: Record.columns, columnMap: options.columnMap,
                                 file: headerReader.file, alternatives: Record.alternativeColumns)) != nil else { return nil }
        let dataOffset = headerReader.bytesConsumed
        let dataFirstLine = headerReader.nextRecordLine
        guard let data = try? LoadedBytes(rest: headerReader, expectedCount: size - dataOffset) else { return nil }
        let cuts = data.withBytes { cutPoints($0, parts: wanted) }
        guard cuts.count >= 3 else { return nil }

        // Each part reads as if the policy were `fail`: its first bad row ends it, and the
        // whole read falls back to the sequential one.
        var partOptions = options
        partOptions.onError = .fail
        partOptions.rejectsPath = nil
        let context = PartContext(header: headerReader.header, dialect: headerReader.dialect, file: headerReader.file,
                                  options: partOptions, dataOffset: dataOffset, cuts: cuts)
        let outcomes = Slots<PartOutcome<Value>>(count: cuts.count - 1)
        withExtendedLifetime(data) {
            // Safe to share: `data` and `context` are immutable, and part k writes only slot k
            // of `outcomes`, which is read only after `concurrentPerform` has returned (it
            // returns after every iteration has finished). Every reader, cursor and string
            // table is created and used by one iteration only, until the iteration hands
            // what it made over in its slot and touches it no more.
            DispatchQueue.concurrentPerform(iterations: cuts.count - 1) { k in
                outcomes.store(readPart(k, of: data, context: context, as: Record.self, decode: decode), at: k)
            }
        }
        return merge(outcomes.values(), options: options, firstLine: dataFirstLine)
    }

    // MARK: - Parts

    /// What every part needs to know; immutable, so threads share it.
    private struct PartContext: Sendable {
        var header: [String]
        var dialect: CSVDialect
        var file: String?
        var options: ImportOptions
        /// The file offset of the first data byte.
        var dataOffset: Int
        /// Part k is data bytes `cuts[k] ..< cuts[k + 1]`.
        var cuts: [Int]
    }

    /// What reading one part gave.
    struct PartOutcome<Value: Sendable>: Sendable {
        var value: Value
        var summary: ImportSummary
        /// Per column slot, the day-month order the part inferred.
        var inferredOrders: [DateOrder?]
        /// The physical lines the part spans.
        var lineCount: Int
    }

    /// Reads part `k`; `nil` on any error.
    private static func readPart<Record: ImportableRecord, Value: Sendable>(
        _ k: Int, of data: LoadedBytes, context: PartContext, as record: Record.Type,
        decode: @Sendable (RecordReader<Record>) throws(ImportError) -> Value
    ) -> PartOutcome<Value>? {
        let start = context.cuts[k], end = context.cuts[k + 1]
        return data.withBytes { all -> PartOutcome<Value>? in
            do {
                let csv = try CSVReader(continuing: context.header, dialect: context.dialect, options: context.options.csv,
                                        file: context.file, bytes: UnsafeBufferPointer(rebasing: all[start..<end]),
                                        firstLine: 1, byteOffset: context.dataOffset + start)
                return try decodePart(csv, options: context.options, as: Record.self, decode: decode)
            } catch {
                return nil
            }
        }
    }

    /// What `decode` makes of a part read by `csv`, with the part's summary, the day-month
    /// orders it inferred and the lines it spans.
    static func decodePart<Record: ImportableRecord, Value: Sendable>(
        _ csv: CSVReader, options: ImportOptions, as record: Record.Type,
        decode: (RecordReader<Record>) throws(ImportError) -> Value
    ) throws(ImportError) -> PartOutcome<Value> {
        let reader = try RecordReader<Record>(reader: csv, options: options)
        let value = try decode(reader)
        let orders = (0..<Record.columns.count).map { reader.cursor.inferredOrders[$0] }
        return PartOutcome(value: value, summary: reader.summary, inferredOrders: orders, lineCount: csv.nextRecordLine - 1)
    }

    /// The parts with their line shifts and the summary of the whole file; `nil` when a part
    /// failed or two parts inferred different day-month orders for a column.
    private static func merge<Value: Sendable>(_ outcomes: [PartOutcome<Value>?], options: ImportOptions,
                                               firstLine: Int) -> Result<Value>? {
        guard let combined = combine(outcomes, options: options, firstLine: firstLine) else { return nil }
        let parts = zip(combined.parts, combined.lineShifts).map { Part(value: $0.value, lineShift: $1) }
        return Result(parts: parts, summary: combined.summary)
    }

    /// Parts' outcomes checked and added up.
    struct Combined<Value: Sendable> {
        /// The parts, in the order given.
        var parts: [PartOutcome<Value>]
        /// What to add to each part's line numbers, if the parts are consecutive in file order.
        var lineShifts: [Int]
        /// The summary of the whole file.
        var summary: ImportSummary
    }

    /// The parts with the summary of the whole file; `nil` when a part failed or two parts
    /// inferred different day-month orders for a column.
    static func combine<Value: Sendable>(_ outcomes: [PartOutcome<Value>?], options: ImportOptions,
                                         firstLine: Int) -> Combined<Value>? {
        var parts: [PartOutcome<Value>] = []
        for outcome in outcomes {
            guard let outcome else { return nil }
            parts.append(outcome)
        }
        guard let first = parts.first else { return nil }
        // Sequentially, the first order inferred in a column holds for the rest of the file;
        // a part that inferred another would have had rows rejected.
        var orders = first.inferredOrders
        for part in parts.dropFirst() {
            for (slot, order) in part.inferredOrders.enumerated() {
                guard let order else { continue }
                if let earlier = orders[slot] {
                    if earlier != order { return nil }
                } else {
                    orders[slot] = order
                }
            }
        }
        var summary = first.summary
        summary.rowsRead = 0
        summary.rowsAccepted = 0
        summary.rowsRejected = 0
        summary.emptyRowsSkipped = 0
        summary.issues = []
        var lineShifts: [Int] = []
        var line = firstLine
        for part in parts {
            summary.rowsRead += part.summary.rowsRead
            summary.rowsAccepted += part.summary.rowsAccepted
            summary.rowsRejected += part.summary.rowsRejected
            summary.emptyRowsSkipped += part.summary.emptyRowsSkipped
            lineShifts.append(line - 1)
            line += part.lineCount
        }
        summary.dateOrder = options.dateOrder ?? orders.lazy.compactMap { $0 }.first
        return Combined(parts: parts, lineShifts: lineShifts, summary: summary)
    }

    // MARK: - Cutting

    /// Where to cut `bytes` into about `parts` parts of equal size: `[0, c1, ..., bytes.count]`,
    /// each inner cut just after a line feed with an even number of quotes before it (outside
    /// any quoted field, in well-formed CSV). Fewer parts when there are too few such line feeds.
    static func cutPoints(_ bytes: UnsafeBufferPointer<UInt8>, parts: Int) -> [Int] {
        let count = bytes.count
        var cuts = [0]
        guard let base = bytes.baseAddress, parts > 1 else { return cuts + [count] }
        let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n")
        var position = 0
        var insideQuotes = false  // the parity of the quotes in `0 ..< position`
        for k in 1..<parts {
            let target = count / parts * k + count % parts * k / parts
            guard target > position else { continue }
            if quoteCount(base + position, target - position) & 1 == 1 { insideQuotes.toggle() }
            var i = target
            while i < count {
                let c = base[i]
                if c == quote { insideQuotes.toggle() } else if c == lineFeed && !insideQuotes { break }
                i += 1
            }
            guard i + 1 < count else { break }
            position = i + 1
            cuts.append(position)
        }
        cuts.append(count)
        return cuts
    }

    /// The number of `"` bytes in `count` bytes from `start`.
    static func quoteCount(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int {
        // Counted 255 bytes at a time in 8-bit lanes, which the compiler vectorises.
        var total = 0
        var i = 0
        while i < count {
            let blockEnd = min(count, i + 255)
            var block: UInt8 = 0
            while i < blockEnd {
                block &+= start[i] == 0x22 ? 1 : 0
                i += 1
            }
            total += Int(block)
        }
        return total
    }

    // MARK: - System

    /// The number of processors online, at least 1.
    static var processorCount: Int { ChunkedWork.activeProcessorCount }

    /// The size of the file at `path` if it is a regular file (not a pipe or a device).
    static func regularFileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_mode) & Int(S_IFMT) == Int(S_IFREG) else { return nil }
        return Int(info.st_size)
    }
}

// MARK: - Shared memory

/// The rest of a file after its header, in memory. Immutable once loaded, so threads may
/// read it at the same time; `@unchecked` because it holds a raw pointer.
final class LoadedBytes: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    let count: Int

    /// Reads what `reader` has not consumed, to the end of its input.
    init(rest reader: CSVReader, expectedCount: Int) throws(CSVError) {
        // One byte more than expected, so the read that finds the end needs no larger buffer.
        var capacity = max(expectedCount + 1, 1 << 16)
        guard var base = Self.allocate(capacity) else { throw Self.outOfMemory }
        var count = 0
        do throws(CSVError) {
            while true {
                if count == capacity {
                    guard let larger = Self.allocate(capacity * 2) else { throw Self.outOfMemory }
                    larger.initialize(from: base, count: count)
                    free(base)
                    base = larger
                    capacity *= 2
                }
                let n = try reader.readRemainingInput(into: base + count, count: capacity - count)
                if n == 0 { break }
                count += n
            }
        } catch {
            free(base)
            throw error
        }
        self.base = base
        self.count = count
    }

    deinit { free(base) }

    private static var outOfMemory: CSVError {
        CSVError(.io(message: "out of memory"), position: SourcePosition(line: 0, column: 0, byteOffset: 0))
    }

    /// `capacity` bytes, freed with `free`; `nil` when memory runs out.
    ///
    /// Buffers of 32 MiB or more are aligned to 2 MiB and, on Linux, asked to be backed by
    /// huge pages: the kernel then maps them 2 MiB per page fault instead of 4 KiB, and the
    /// page faults of fresh memory were most of the cost of loading a large file (measured on
    /// a 227 MB billing file: 0.11 s less per read, whole job 0.75 s to 0.63 s; no gain on a
    /// 20 MB file, so smaller buffers keep ordinary pages). Only a hint: the kernel may ignore it.
    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<UInt8>? {
        let hugePage = 2 << 20
        let useHugePages = capacity >= 32 << 20
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, useHugePages ? hugePage : 64, capacity) == 0, let raw else { return nil }
        #if canImport(Glibc)
        if useHugePages { _ = madvise(raw, capacity, MADV_HUGEPAGE) }
        #endif
        return raw.bindMemory(to: UInt8.self, capacity: capacity)
    }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}

/// A value made on one thread and handed to another, which alone uses it from then on.
/// `@unchecked Sendable` because `Value` need not be: it is safe only when the thread that made
/// it never touches it again (as a part's reader once the part is read).
final class HandedOver<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}

/// One result slot per parallel iteration. `@unchecked Sendable` because the slots are raw
/// memory: iteration k writes only slot k, and nobody reads until every iteration is done.
final class Slots<Value: Sendable>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func store(_ value: Value?, at index: Int) { base[index] = value }

    func values() -> [Value?] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

// MARK: - Parts with string codes

extension ParallelImport {
    /// A part's value with the cursor whose string tables numbered the codes in it, handed over
    /// once the part is read. Only the cursor's string tables are used afterwards: its reader
    /// points into bytes that are freed by then.
    struct CodedPart<Value: Sendable>: Sendable {
        var value: Value
        var cursor: HandedOver<ImportCursor>

        /// The part's string table `table`: its values, indexed by the part's codes.
        func values(table: Int) -> [String] { cursor.value.values(table: table) }
    }

    /// ``read(_:file:options:plan:as:decode:)`` for readers that keep text as codes of the
    /// reader's string tables: each part comes with the cursor that numbered its codes, for
    /// the caller to renumber them (``ImportCursor/recode(_:table:)``) when it merges.
    ///
    /// The usual merge, which gives the codes a sequential read gives: keep the first part's
    /// codes and string tables, and for each later part in file order map its codes through
    /// `first.cursor.recode(part.values(table: t), table: t)`.
    static func readCoded<Record: ImportableRecord, Value: Sendable>(
        _ source: ByteSourceKind, file: String?, options: ImportOptions, plan: Plan, as record: Record.Type = Record.self,
        decode: @Sendable (RecordReader<Record>) throws(ImportError) -> Value
    ) -> Result<CodedPart<Value>>? {
        read(source, file: file, options: options, plan: plan, as: record) { reader throws(ImportError) in
            // The cursor is made, used and handed over by this part's thread alone; the merge,
            // on the caller's thread, starts after every part is done (see `read`).
            CodedPart(value: try decode(reader), cursor: HandedOver(reader.cursor))
        }
    }
}

extension ImportCursor {
    /// The codes in string table `table` of `values`, another part's values of the same table
    /// indexed by that part's codes: `result[c]` is the code here of the other part's code `c`.
    /// Values new to the table are added in the order given.
    ///
    /// A table that has numbered part 1 and then recodes the values of part 2, then part 3 and
    /// so on, in file order, numbers every value by its first appearance in the file (each
    /// part's values are in order of first appearance in the part), exactly as one reader
    /// numbers them; values are told apart by their bytes, as when reading. The values came
    /// from UTF-8 text that was checked valid, so their UTF-8 is the bytes read.
    func recode(_ values: [String], table: Int) -> [Int32] {
        values.map { value in
            var text = value
            return text.withUTF8 { code($0, table: table) }
        }
    }
}
