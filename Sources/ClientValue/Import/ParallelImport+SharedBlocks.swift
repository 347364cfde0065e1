import Dispatch
import Foundation

// MARK: - Sharing out a file's blocks

extension ParallelImport {
    /// The size of the blocks ``readShared(_:file:options:plan:as:decode:)`` shares out by
    /// default: 512 KiB.
    static let blockSize = 512 << 10

    /// What the readers sharing out a file made: one value per reader, in no particular order,
    /// and the summary the sequential read would give.
    struct SharedResult<Value: Sendable>: Sendable {
        var values: [Value]
        var summary: ImportSummary
    }

    /// Reads `source` on several threads that share out its blocks, in memory bounded by a few
    /// blocks per thread whatever the file's size; `nil` when the file does not qualify or the
    /// read cannot be shown to match the sequential one, as for
    /// ``read(_:file:options:plan:as:decode:)``.
    ///
    /// One thread reads the file after its header into blocks of about ``blockSize`` bytes,
    /// each cut just after the last line feed with an even number of quotes between the start
    /// of the data and it, and queues them; each of the reader threads takes the next block whenever it
    /// has read its last, so a reader reads some of the blocks, in file order but with gaps, as
    /// one input. Each reader has its own ``CSVReader``, ``ImportCursor`` and string tables,
    /// and `decode` reads it to the end.
    ///
    /// Why the records are the sequential reader's, when no reader meets an error: by
    /// induction over the blocks in file order, each block starts at a record start for the
    /// reader that takes it (its first block, or the one after a block that ended at a record
    /// end) and for the sequential reader, so both read its bytes alike. With strict quoting a
    /// reader that meets no error is inside a quoted field exactly when an odd number of quotes
    /// lie between the record start and where it is; the block's first and last bytes follow an
    /// even number of quotes from the start of the data, so its last byte, a line feed, is
    /// outside quotes and ends a record. So the readers hold the sequential reader's records
    /// between them, in some order.
    ///
    /// Which reader reads which block changes from run to run, and line numbers in the records
    /// are not the file's. A value that depends on the order of the records is put back in file
    /// order by its caller: `decode` notes where each block begins (``BlockStarts``), and the
    /// merge takes the blocks in file order (``blocksInFileOrder(_:rowCounts:codeCounts:)``),
    /// numbering string codes by first appearance (``CodeMerger``). As with
    /// ``read(_:file:options:plan:as:decode:)``, any error
    /// gives `nil`, and the caller reads the file sequentially from the start, so errors,
    /// rejects files and summaries are exactly those of the sequential path.
    ///
    /// - Complexity: O(n) for n bytes, on up to ``maximumPartCount`` reader threads and one
    ///   thread that reads the file; memory O((``Plan/blockSize`` + the longest record) × threads)
    ///   for the bytes, plus what the values hold.
    static func readShared<Record: ImportableRecord, Value: Sendable>(
        _ source: ByteSourceKind, file: String?, options: ImportOptions, plan: Plan, as record: Record.Type = Record.self,
        decode: @Sendable (RecordReader<Record>) throws(ImportError) -> Value
    ) -> SharedResult<CodedPart<Value>>? {
        guard case .file(let path) = source,
              options.csv.encoding == .utf8, options.csv.quoting == .strict,
              !(options.onError == .skip && options.rejectsPath != nil) else { return nil }
        let readers = min(plan.partCount ?? min(processorCount, maximumPartCount), 1024)
        guard readers >= 2, let size = regularFileSize(path), size >= plan.minimumFileSize else { return nil }

        guard let headerReader = try? CSVReader(source, file: file, options: options.csv),
              headerReader.dialect.lineEnding == .lf || headerReader.dialect.lineEnding == .crlf,
              (try? ColumnLayout(header: headerReader.header, columns: Record.columns, columnMap: options.columnMap,
                                 file: headerReader.file, alternatives: Record.alternativeColumns)) != nil else { return nil }
        var partOptions = options
        partOptions.onError = .fail
        partOptions.rejectsPath = nil
        let context = SharedContext(header: headerReader.header, dialect: headerReader.dialect, file: headerReader.file,
                                    options: partOptions, dataOffset: headerReader.bytesConsumed,
                                    dataFirstLine: headerReader.nextRecordLine)

        let queue = BlockQueue(capacity: 2 * readers)
        let shared = HandedOver(headerReader)
        let producerDone = DispatchSemaphore(value: 0)
        let producer = Thread {
            // The header reader is this thread's alone from here on.
            if !shareOut(shared.value, to: queue, blockSize: max(1, plan.blockSize)) { queue.cancel() }
            producerDone.signal()
        }
        producer.name = "ClientValue.ParallelImport"
        producer.start()

        let outcomes = Slots<PartOutcome<CodedPart<Value>>>(count: readers)
        // Each iteration makes, uses and hands over its own reader and cursor, and writes only
        // its slot, read after `concurrentPerform` has returned. The queue is thread-safe.
        DispatchQueue.concurrentPerform(iterations: readers) { k in
            let outcome = readBlocks(of: queue, context: context, as: Record.self, decode: decode)
            if outcome == nil { queue.cancel() }
            outcomes.store(outcome, at: k)
        }
        // Every reader has stopped, so the queue ended (the producer finished or the queue was
        // cancelled); the producer stops at its next `put` if it has not.
        queue.cancel()
        producerDone.wait()
        guard !queue.endedEarly,
              let combined = combine(outcomes.values(), options: options, firstLine: context.dataFirstLine) else { return nil }
        return SharedResult(values: combined.parts.map(\.value), summary: combined.summary)
    }

    /// What every reader of shared blocks needs to know; immutable, so threads share it.
    private struct SharedContext: Sendable {
        var header: [String]
        var dialect: CSVDialect
        var file: String?
        var options: ImportOptions
        var dataOffset: Int
        var dataFirstLine: Int
    }

    /// One reader's blocks, decoded; `nil` on any error.
    private static func readBlocks<Record: ImportableRecord, Value: Sendable>(
        of queue: BlockQueue, context: SharedContext, as record: Record.Type,
        decode: @Sendable (RecordReader<Record>) throws(ImportError) -> Value
    ) -> PartOutcome<CodedPart<Value>>? {
        do {
            let csv = CSVReader(continuing: context.header, dialect: context.dialect, options: context.options.csv,
                                file: context.file, blocks: queue, firstLine: context.dataFirstLine,
                                byteOffset: context.dataOffset)
            // The reader's line count is not the file's: nothing uses it for shared blocks.
            return try decodePart(csv, options: context.options, as: Record.self) { reader throws(ImportError) in
                CodedPart(value: try decode(reader), cursor: HandedOver(reader.cursor))
            }
        } catch {
            return nil
        }
    }

    /// Reads the rest of `reader`'s input into blocks of about `blockSize` bytes cut at
    /// record ends (see ``readShared(_:file:options:plan:as:decode:)``) and queues them, then
    /// finishes the queue; `false` when the input cannot be read or the queue was cancelled.
    /// A block holds at least one record, so a record longer than `blockSize` makes a longer block.
    private static func shareOut(_ reader: CSVReader, to queue: BlockQueue, blockSize: Int) -> Bool {
        var capacity = 2 * blockSize
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        // Invariant: `buffer[0]` follows an even number of quotes from the start of the data.
        var filled = 0
        var atEnd = false
        /// Reads once more into the buffer, doubling it first if it is full; `false` on a read error.
        func readMore() -> Bool {
            if filled == capacity {
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                larger.initialize(from: buffer, count: filled)
                buffer.deallocate()
                buffer = larger
                capacity *= 2
            }
            guard let n = try? reader.readRemainingInput(into: buffer + filled, count: capacity - filled) else { return false }
            if n == 0 { atEnd = true } else { filled += n }
            return true
        }
        while true {
            while !atEnd && filled < blockSize {
                guard readMore() else { return false }
            }
            if filled == 0 { break }
            var cut = filled
            if !atEnd {
                guard let end = lastRecordEnd(buffer, count: filled) else {
                    // No record ends in the buffer yet: read on.
                    guard readMore() else { return false }
                    continue
                }
                cut = end
            }
            guard queue.put(Array(UnsafeBufferPointer(start: buffer, count: cut))) else { return false }
            filled -= cut
            if filled > 0 { buffer.update(from: buffer + cut, count: filled) }
        }
        queue.finish()
        return true
    }

    /// Just past the last line feed in `count` bytes from `start` with an even number of
    /// quotes before it; `nil` when there is none.
    static func lastRecordEnd(_ start: UnsafePointer<UInt8>, count: Int) -> Int? {
        var odd = quoteCount(start, count) & 1 == 1  // the parity of the quotes up to byte i
        var i = count - 1
        while i >= 0 {
            let byte = start[i]
            if byte == 0x0A && !odd { return i + 1 }
            if byte == 0x22 { odd.toggle() }
            i -= 1
        }
        return nil
    }
}

// MARK: - The queue of blocks

/// Blocks of a file on their way from the thread that reads it to the threads that decode
/// it: one thread puts, any thread takes, and at most ``capacity`` blocks wait.
///
/// `@unchecked Sendable`: every `var` is read and written only with `condition` locked.
final class BlockQueue: @unchecked Sendable {
    let capacity: Int
    private let condition = NSCondition()
    private var blocks: [[UInt8]] = []
    private var first = 0
    /// How many blocks have been taken: the number of the next one to be taken.
    private var takenCount = 0
    private var finished = false
    private var cancelled = false

    /// A queue that holds up to `capacity` blocks (at least 1).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Queues `block`, which must not be empty, waiting while the queue is full; `false`
    /// when the queue was cancelled, and the block was not queued.
    func put(_ block: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while blocks.count - first >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        if first > capacity {
            blocks.removeFirst(first)
            first = 0
        }
        blocks.append(block)
        condition.broadcast()
        return true
    }

    /// A block as taken from the queue: its bytes, and its number in the order the blocks
    /// were put (0, 1, 2, ...), which is their order in the file.
    struct Block {
        var number: Int
        var bytes: [UInt8]
    }

    /// The next block, waiting for one; `nil` once the queue is finished and empty, or cancelled.
    func take() -> Block? {
        condition.lock()
        defer { condition.unlock() }
        while first == blocks.count && !finished && !cancelled { condition.wait() }
        if cancelled || first == blocks.count { return nil }
        let bytes = blocks[first]
        blocks[first] = []
        first += 1
        takenCount += 1
        condition.broadcast()
        return Block(number: takenCount - 1, bytes: bytes)
    }

    /// No more blocks will come: readers take those queued, then reach the end.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the queue: queued blocks are dropped, `put` refuses and `take` returns `nil`.
    /// After ``finish()``, when every block was taken, this changes nothing.
    func cancel() {
        condition.lock()
        if !(finished && first == blocks.count) { cancelled = true }
        blocks = []
        first = 0
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the queue was cancelled before every block put in it was taken and it was
    /// finished: then some reader did not see the whole input.
    var endedEarly: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}

// MARK: - Putting shared blocks back in file order

extension ParallelImport {
    /// Where one block begins in what a reader of shared blocks made of it: how many rows the
    /// reader had made before it, and how many values each of its string tables held.
    struct BlockStart: Sendable {
        /// The block's number: its place among the blocks, in file order.
        var block: Int
        /// The rows the reader had made before the block.
        var rows: Int
        /// Per string table asked for, the values it held before the block.
        var codes: [Int]
    }

    /// The block starts of one reader of shared blocks, noted as it reads.
    struct BlockStarts: Sendable {
        /// The string tables whose counts are noted.
        let tables: [Int]
        private(set) var starts: [BlockStart] = []

        init(tables: [Int]) {
            self.tables = tables
        }

        /// Notes a block start if the current record of `reader` is the first of a block;
        /// call it for each row before its values are coded, with the rows made so far.
        @inline(__always)
        mutating func note<Record: ImportableRecord>(_ reader: RecordReader<Record>, rows: Int) {
            let block = reader.cursor.reader.blockNumber
            if starts.last?.block != block {
                starts.append(BlockStart(block: block, rows: rows, codes: tables.map { reader.cursor.valueCount(table: $0) }))
            }
        }
    }

    /// A piece of one reader's rows that came from one block.
    struct OrderedBlock: Sendable {
        /// Which reader read the block.
        var reader: Int
        /// The reader's rows from the block.
        var rows: Range<Int>
        /// Per noted string table, the reader's codes first given in the block.
        var newCodes: [Range<Int>]
    }

    /// Every reader's blocks in file order.
    ///
    /// - Parameters:
    ///   - starts: per reader, its block starts.
    ///   - rowCounts: per reader, how many rows it made in all.
    ///   - codeCounts: per reader, per noted table, how many values the table held at the end.
    static func blocksInFileOrder(_ starts: [BlockStarts], rowCounts: [Int], codeCounts: [[Int]]) -> [OrderedBlock] {
        var blocks: [(number: Int, block: OrderedBlock)] = []
        for (reader, noted) in starts.enumerated() {
            let list = noted.starts
            for (k, start) in list.enumerated() {
                let next = k + 1 < list.count ? list[k + 1] : nil
                let rowEnd = next?.rows ?? rowCounts[reader]
                let codeEnds = next?.codes ?? codeCounts[reader]
                blocks.append((start.block, OrderedBlock(reader: reader, rows: start.rows..<rowEnd,
                                                         newCodes: zip(start.codes, codeEnds).map { $0..<$1 })))
            }
        }
        blocks.sort { $0.number < $1.number }
        return blocks.map(\.block)
    }

    /// Renumbers the codes of several readers' string table (one column) as one reader of the
    /// whole file would have numbered them: by first appearance in the file, values told
    /// apart by their bytes. Feed it each block's new codes in file order
    /// (``blocksInFileOrder(_:rowCounts:codeCounts:)``).
    struct CodeMerger {
        private var table = StringInterner()
        /// Per reader: the merged code of each of its codes, for the codes numbered so far.
        private(set) var maps: [[Int32]]

        init(readers: Int) {
            maps = [[Int32]](repeating: [], count: readers)
        }

        /// Numbers `codes` of `reader`, whose table's values are `values`: the codes the reader
        /// first gave in a block, the blocks taken in file order.
        mutating func number(_ codes: Range<Int>, of reader: Int, values: [String]) {
            for code in codes {
                var text = values[code]
                let merged = text.withUTF8 { bytes in table.code(bytes) { _ in values[code] } }
                maps[reader].append(merged)
            }
        }

        /// The merged table's values, indexed by merged code.
        var values: [String] { table.values }

        /// Appends `codes` (a reader's codes, -1 for no value) to `target` as merged codes
        /// through `map`, that reader's ``maps`` entry; -1 stays -1. A loop over the columns'
        /// storage: appending a lazily mapped slice calls the mapping closure through a thunk
        /// per element.
        static func append(_ codes: ArraySlice<Int32>, mappedThrough map: [Int32], to target: inout [Int32]) {
            let start = target.count
            target.append(contentsOf: repeatElement(-1, count: codes.count))
            target.withUnsafeMutableBufferPointer { merged in
                var k = start
                for code in codes {
                    if code >= 0 { merged[k] = map[Int(code)] }
                    k += 1
                }
            }
        }
    }
}
