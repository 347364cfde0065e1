import Foundation
import Testing
import ClientValue

// Issue 12: any reader fed from an AsyncSequence of byte chunks, as a server streams an
// upload, reads what it reads from memory, in bounded memory, and stops cleanly on every path.

// MARK: - Uploads

/// The sample exports, read once.
private enum Samples {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleData")

    static func bytes(_ name: String) -> [UInt8] {
        Array((try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data())
    }

    static let surveys = bytes("surveys.csv")
    static let contacts = bytes("contacts.csv")
    static let billing = bytes("billing.csv")
}

/// A count shared between the task that takes chunks and the reader's thread.
///
/// `@unchecked Sendable`: `count` is read and written only with `lock` held.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }
}

/// Something a reader saw, kept for the test to look at after the read.
///
/// `@unchecked Sendable`: `stored` is read and written only with `lock` held.
private final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func set(_ value: Value) {
        lock.lock()
        stored = value
        lock.unlock()
    }
}

/// How an upload is cut into chunks.
enum Split: Sendable, CustomTestStringConvertible {
    /// Chunks of `size` bytes (the last one shorter).
    case fixed(Int)
    /// Chunks of 1 to `maximum` bytes from a seeded generator, with an empty chunk now and then.
    case random(seed: UInt64, maximum: Int)

    var testDescription: String {
        switch self {
        case .fixed(let size): "\(size)-byte chunks"
        case .random(let seed, let maximum): "random chunks of 1-\(maximum) bytes (seed \(seed))"
        }
    }
}

/// The upload failed on the way, as a network read can.
private struct UploadFailure: Error, Equatable {
    var afterBytes: Int
}

/// `bytes` as an upload, cut by `split` as it is taken; counts the chunks taken, and throws
/// ``UploadFailure`` after `failAfter` bytes if given.
private struct Upload: AsyncSequence {
    typealias Element = ArraySlice<UInt8>

    let bytes: [UInt8]
    let split: Split
    var pulled = Counter()
    var failAfter: Int?

    struct AsyncIterator: AsyncIteratorProtocol {
        let upload: Upload
        var offset = 0
        var random: SplitMix64

        mutating func next() async throws -> ArraySlice<UInt8>? {
            let end = Swift.min(upload.failAfter ?? .max, upload.bytes.count)
            if offset >= end {
                if let failAfter = upload.failAfter { throw UploadFailure(afterBytes: failAfter) }
                return nil
            }
            upload.pulled.increment()
            let size: Int
            switch upload.split {
            case .fixed(let fixed):
                size = fixed
            case .random(_, let maximum):
                if random.next() % 8 == 0 { return [] }
                size = 1 + Int(random.uniform(below: UInt64(maximum)))
            }
            let chunk = upload.bytes[offset ..< Swift.min(end, offset + size)]
            offset = chunk.endIndex
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        var seed: UInt64 = 0
        if case .random(let s, _) = split { seed = s }
        return AsyncIterator(upload: self, random: SplitMix64(seed: seed))
    }
}

/// An upload too large to hold, made as it is taken: a survey header, then one row per chunk
/// (the row numbered `badRow` with a score of 11). Counts the chunks taken.
private struct EndlessSurveys: AsyncSequence {
    typealias Element = [UInt8]

    var header = "client_id,response_date,score\n"
    var badRow: Int?
    var pulled = Counter()

    struct AsyncIterator: AsyncIteratorProtocol {
        let upload: EndlessSurveys
        var row = 0

        mutating func next() async -> [UInt8]? {
            upload.pulled.increment()
            row += 1
            if row == 1 { return Array(upload.header.utf8) }
            let score = row - 1 == upload.badRow ? 11 : (row - 1) % 11
            return Array("C\(row % 97),2024-03-05,\(score)\n".utf8)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(upload: self) }
}

/// Chunks given in advance, as an upload.
private struct Replay: AsyncSequence {
    typealias Element = [UInt8]
    let chunks: [[UInt8]]

    init(_ chunks: [[UInt8]]) { self.chunks = chunks }

    struct AsyncIterator: AsyncIteratorProtocol {
        var rest: ArraySlice<[UInt8]>

        mutating func next() async -> [UInt8]? { rest.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: chunks[...]) }
}

extension Result {
    /// The error, for a failure.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}

/// Either the value or the error a read gives.
private func outcome<Value>(_ read: () throws -> Value) -> Result<Value, any Error> {
    Result { try read() }
}

/// Checks that two survey tables hold the same responses and summary.
private func expectSame(_ streamed: SurveyTable, _ memory: SurveyTable, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(streamed.count == memory.count, sourceLocation: sourceLocation)
    #expect(streamed.responses == memory.responses, sourceLocation: sourceLocation)
    #expect(streamed.summary == memory.summary, sourceLocation: sourceLocation)
    #expect(streamed.extraColumns == memory.extraColumns, sourceLocation: sourceLocation)
}

private let splits: [Split] = [.fixed(1), .fixed(7), .fixed(4096), .fixed(65536),
                               .random(seed: 12, maximum: 64), .random(seed: 0x5EED, maximum: 20_000)]

// MARK: - StreamedBytes

@Suite("StreamedBytes")
struct StreamedBytesTests {
    // MARK: Same results as from memory

    @Test("SurveyTable reads an upload as it reads the bytes in memory", arguments: splits)
    func surveys(split: Split) async throws {
        let memory = try SurveyTable.read(.memory(Samples.surveys), file: "surveys.csv")
        let upload = Upload(bytes: Samples.surveys, split: split)
        let streamed = try await StreamedBytes.read(upload) { try SurveyTable.read($0, file: "surveys.csv") }
        expectSame(streamed, memory)
        #expect(memory.count > 500)
    }

    @Test("ContactFrequencyBuilder reads an upload as it reads the bytes in memory", arguments: splits)
    func contacts(split: Split) async throws {
        let memory = try ContactFrequencyBuilder.read(.memory(Samples.contacts), file: "contacts.csv")
        let upload = Upload(bytes: Samples.contacts, split: split)
        let streamed = try await StreamedBytes.read(upload) { try ContactFrequencyBuilder.read($0, file: "contacts.csv") }
        #expect(streamed.builder == memory.builder)
        #expect(streamed.importSummary == memory.importSummary)
        #expect(memory.builder.count > 1000)
    }

    @Test("ImportedTable<BillingLine> reads an upload as it reads the bytes in memory", arguments: splits)
    func billing(split: Split) async throws {
        let memory = try ImportedTable<BillingLine>.read(.memory(Samples.billing), file: "billing.csv")
        let upload = Upload(bytes: Samples.billing, split: split)
        let streamed = try await StreamedBytes.read(upload) { try ImportedTable<BillingLine>.read($0, file: "billing.csv") }
        #expect(streamed.records == memory.records)
        #expect(streamed.summary == memory.summary)
        #expect(memory.records.count > 1000)
    }

    @Test("Data, ArraySlice and [UInt8] chunks read the same", arguments: [1, 4, 64])
    func chunkTypes(bufferedChunks: Int) async throws {
        let memory = try SurveyTable.read(.memory(Samples.surveys), file: "surveys.csv")
        let read: @Sendable (ByteSourceKind) throws -> SurveyTable = { try SurveyTable.read($0, file: "surveys.csv") }
        let upload = Upload(bytes: Samples.surveys, split: .random(seed: 7, maximum: 5000))
        expectSame(try await StreamedBytes.read(upload, bufferedChunks: bufferedChunks, read), memory)
        expectSame(try await StreamedBytes.read(upload.map { Data($0) }, bufferedChunks: bufferedChunks, read), memory)
        expectSame(try await StreamedBytes.read(upload.map { Array($0) }, bufferedChunks: bufferedChunks, read), memory)
    }

    @Test("a plain CSVReader reads an upload's records and lines, named <upload> by default")
    func csvReader() async throws {
        let text = "client,note\nC1,\"two\nlines\"\nC2,plain\n"
        let upload = Upload(bytes: Array(text.utf8), split: .fixed(3))
        let (file, rows, lines) = try await StreamedBytes.read(upload) { source in
            let reader = try CSVReader(source)
            var rows: [[String]] = [], lines: [Int] = []
            while try reader.next() {
                rows.append(reader.record)
                lines.append(reader.line)
            }
            return (reader.file, rows, lines)
        }
        #expect(file == "<upload>")
        #expect(rows == [["C1", "two\nlines"], ["C2", "plain"]])
        #expect(lines == [2, 4])
    }

    @Test("an empty upload, or one of empty chunks only, reads as an empty file", arguments: [0, 1, 5])
    func emptyUpload(emptyChunks: Int) async throws {
        let chunks = Replay([[UInt8]](repeating: [], count: emptyChunks))
        let memoryError = try #require(outcome { try SurveyTable.read(.memory([]), file: "empty.csv") }.failure as? ImportError)
        let error = await #expect(throws: ImportError.self) {
            try await StreamedBytes.read(chunks) { try SurveyTable.read($0, file: "empty.csv") }
        }
        #expect(error == memoryError)

        let memoryCSVError = try #require(outcome { try CSVReader(.memory([]), file: "empty.csv") }.failure as? CSVError)
        let csvError = await #expect(throws: CSVError.self) {
            try await StreamedBytes.read(chunks) { source in _ = try CSVReader(source, file: "empty.csv") }
        }
        #expect(csvError == memoryCSVError)
        #expect(csvError?.kind == .missingHeader)
    }

    // MARK: Errors

    @Test("a bad row is the same ImportError, at the same line and column, as from memory", arguments: splits)
    func badRow(split: Split) async throws {
        let text = String(decoding: Samples.surveys, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The score (column 4) of the 700th line feed's row becomes 11 (the reader's line can be
        // later: the sample has lone carriage returns, which also end a line).
        var fields = lines[699].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[3] = "11"
        let bad = Array((lines[..<699] + [Substring(fields.joined(separator: ","))] + lines[700...]).joined(separator: "\n").utf8)

        let memoryError = try #require(outcome { try SurveyTable.read(.memory(bad), file: "surveys.csv") }.failure as? ImportError)
        #expect(memoryError.position.line >= 700)
        #expect(memoryError.position.column == 4)
        #expect(memoryError.columnName == "score")
        let streamedError = await #expect(throws: ImportError.self) {
            try await StreamedBytes.read(Upload(bytes: bad, split: split)) { try SurveyTable.read($0, file: "surveys.csv") }
        }
        #expect(streamedError == memoryError)
        #expect(streamedError?.position == memoryError.position)
    }

    @Test("the reader's typed errors can be caught as they were thrown")
    func typedErrors() async throws {
        let noHeader = Upload(bytes: Array("\n\n".utf8), split: .fixed(1))
        do {
            try await StreamedBytes.read(noHeader) { _ = try CSVReader($0, file: "blank.csv") }
            Issue.record("a file of blank lines has no header")
        } catch let error as CSVError {
            #expect(error.kind == .missingHeader)
            #expect(error.file == "blank.csv")
        }
        do {
            let upload = Upload(bytes: Array("client_id,score\nC1,9\n".utf8), split: .fixed(4))
            _ = try await StreamedBytes.read(upload) { try ImportedTable<SurveyResponse>.read($0, file: "surveys.csv") }
            Issue.record("response_date is required")
        } catch let error as ImportError {
            #expect(error.kind == .missingColumn(field: "response_date"))
        }
    }

    @Test("an upload that throws ends the reader with an io error, and its own error is rethrown",
          arguments: [0, 1, 5000, 30000])
    func failingUpload(afterBytes: Int) async throws {
        let seen = Box<ImportError>()
        let upload = Upload(bytes: Samples.surveys, split: .fixed(512), failAfter: afterBytes)
        let thrown = await #expect(throws: UploadFailure.self) {
            try await StreamedBytes.read(upload) { source in
                do throws(ImportError) {
                    return try SurveyTable.read(source, file: "surveys.csv")
                } catch {
                    seen.set(error)
                    throw error
                }
            }
        }
        #expect(thrown == UploadFailure(afterBytes: afterBytes))
        let readerError = try #require(seen.value)
        guard case .malformedCSV(.io(let message)) = readerError.kind else {
            Issue.record("expected an io error, got \(readerError.kind)")
            return
        }
        #expect(message.hasPrefix("upload failed: "))
        #expect(message.contains("UploadFailure"))
        #expect(readerError.file == "surveys.csv")
    }

    @Test("a CSVReader sees a failed upload as a CSVError of kind io")
    func failingUploadCSVError() async throws {
        let seen = Box<CSVError>()
        let upload = Upload(bytes: Samples.contacts, split: .fixed(100), failAfter: 20_000)
        await #expect(throws: UploadFailure.self) {
            try await StreamedBytes.read(upload) { source in
                do throws(CSVError) {
                    let reader = try CSVReader(source)
                    while try reader.next() {}
                } catch {
                    seen.set(error)
                    throw error
                }
            }
        }
        let error = try #require(seen.value)
        #expect(error.kind.name == "io")
        #expect(error.message.contains("upload failed"))
        #expect(error.file == "<upload>")
    }

    // MARK: Stopping early

    @Test("a reader that stops early stops the upload: few chunks are taken from an endless one",
          arguments: [1, 4, 32])
    func earlyExit(bufferedChunks: Int) async throws {
        // A bad header: the reader fails after its first fill (64 KiB at most).
        let badHeader = EndlessSurveys(header: "client_id,when,score\n")
        let missing = await #expect(throws: ImportError.self) {
            try await StreamedBytes.read(badHeader, bufferedChunks: bufferedChunks) { try SurveyTable.read($0, file: "surveys.csv") }
        }
        #expect(missing?.kind == .missingColumn(field: "response_date"))
        let rowBytes = "C1,2024-03-05,1\n".utf8.count
        #expect(badHeader.pulled.value <= 2 + (64 << 10) / rowBytes + bufferedChunks + 1)

        // A bad row 500: the reader fails a buffer's worth later at most.
        let badRow = EndlessSurveys(badRow: 500)
        let invalid = await #expect(throws: ImportError.self) {
            try await StreamedBytes.read(badRow, bufferedChunks: bufferedChunks) { try SurveyTable.read($0, file: "surveys.csv") }
        }
        #expect(invalid?.position.line == 501)
        #expect(badRow.pulled.value <= 2 + (64 << 10) / rowBytes + bufferedChunks + 1)

        // A reader that takes ten records and returns, with a small buffer.
        let taker = EndlessSurveys()
        let options = ImportOptions(csv: CSVReadOptions(chunkSize: 64))
        let ten = try await StreamedBytes.read(taker, bufferedChunks: bufferedChunks) { source in
            let reader = try RecordReader<SurveyResponse>(source, file: "surveys.csv", options: options)
            return try (0..<10).compactMap { _ in try reader.next() }
        }
        #expect(ten.count == 10)
        #expect(taker.pulled.value <= 11 + 64 / 5 + bufferedChunks + 2)

        // A reader that throws without reading.
        struct NotToday: Error {}
        let unread = EndlessSurveys()
        await #expect(throws: NotToday.self) {
            try await StreamedBytes.read(unread, bufferedChunks: bufferedChunks) { _ in throw NotToday() }
        }
        #expect(unread.pulled.value <= bufferedChunks + 1)
    }

    @Test("the sender is never more than bufferedChunks ahead of the reader", arguments: [1, 2, 4, 16])
    func boundedBuffering(bufferedChunks: Int) async throws {
        let rows = 2000
        let upload = EndlessSurveys()
        let pulled = upload.pulled
        let prefix = upload.prefix(rows + 1)
        let (stalledAt, heldAfter, largestLead, count) = try await StreamedBytes.read(prefix, bufferedChunks: bufferedChunks) { source in
            // Before reading anything: the sender fills the buffer, takes one chunk more and waits.
            let deadline = Date().addingTimeInterval(10)
            while pulled.value < bufferedChunks + 1 && Date() < deadline { usleep(1000) }
            let stalledAt = pulled.value
            usleep(100_000)
            let heldAfter = pulled.value
            // While reading with a 64-byte buffer: chunks taken less rows read stays bounded.
            let options = ImportOptions(csv: CSVReadOptions(chunkSize: 64))
            let reader = try RecordReader<SurveyResponse>(source, file: "surveys.csv", options: options)
            var count = 0, largestLead = 0
            while try reader.next() != nil {
                count += 1
                largestLead = max(largestLead, pulled.value - count)
            }
            return (stalledAt, heldAfter, largestLead, count)
        }
        #expect(stalledAt == bufferedChunks + 1)
        #expect(heldAfter == bufferedChunks + 1)
        #expect(count == rows)
        // The header, the reader's 64 bytes (rows of 5 bytes or more), the queue, one in hand.
        #expect(largestLead <= 1 + 64 / 5 + 2 + bufferedChunks + 1)
    }

    // MARK: Cancellation

    @Test("cancelling the task while the upload waits for data ends the reader and throws CancellationError")
    func cancelWhileWaiting() async throws {
        let (chunks, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        continuation.yield(Array("client_id,response_date,score\nC1,2024-03-05,9\n".utf8))
        let seen = Box<ImportError>()
        let started = Counter()
        let task = Task {
            try await StreamedBytes.read(chunks) { source in
                started.increment()
                do throws(ImportError) {
                    return try SurveyTable.read(source, file: "surveys.csv")
                } catch {
                    seen.set(error)
                    throw error
                }
            }
        }
        while started.value == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        if case .malformedCSV(.io(let message))? = seen.value?.kind {
            #expect(message == "upload cancelled")
        } else {
            Issue.record("expected the reader to fail with an io error, got \(String(describing: seen.value))")
        }
        continuation.finish()
    }

    @Test("cancelling the task while an endless upload streams stops both sides")
    func cancelWhileStreaming() async throws {
        let upload = EndlessSurveys()
        let reading = Counter()
        let task = Task {
            try await StreamedBytes.read(upload) { source in
                let reader = try RecordReader<SurveyResponse>(source, file: "surveys.csv")
                while try reader.next() != nil { reading.increment() }
                return reading.value
            }
        }
        while reading.value < 1000 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        let pulled = upload.pulled.value
        try await Task.sleep(for: .milliseconds(50))
        #expect(upload.pulled.value == pulled)
    }

    @Test("an upload read twice gives the second reader an io error")
    func readTwice() async throws {
        let upload = Upload(bytes: Array("client,amount\nC1,1\n".utf8), split: .fixed(5))
        let second = try await StreamedBytes.read(upload) { source in
            let first = try CSVReader(source)
            while try first.next() {}
            return outcome { _ = try CSVReader(source) }
        }
        let error = try #require(second.failure as? CSVError)
        #expect(error.kind.name == "io")
    }
}

// MARK: - ByteChunkChannel

@Suite("StreamedBytes: ByteChunkChannel")
struct StreamedBytesChannelTests {
    @Test("channels are equal and hash alike only when they are the same instance")
    func identity() {
        let a = ByteChunkChannel(), b = ByteChunkChannel(capacity: 4)
        #expect(a == a)
        #expect(a != b)
        #expect(ByteSourceKind.chunks(a) == .chunks(a))
        #expect(ByteSourceKind.chunks(a) != .chunks(b))
        #expect(Set([ByteSourceKind.chunks(a), .chunks(a), .chunks(b)]).count == 2)
        #expect(a.capacity == 4)
    }

    @Test("chunks sent by hand reach a reader on its own thread; send reports a stopped reader")
    func byHand() async throws {
        let channel = ByteChunkChannel(capacity: 2)
        let result = Box<Result<[[String]], CSVError>>()
        let done = Counter()
        let thread = Thread {
            let rows = Result { () throws(CSVError) -> [[String]] in
                let reader = try CSVReader(.chunks(channel), file: "hand.csv")
                var rows: [[String]] = []
                while let row = try reader.nextRecord() { rows.append(row) }
                return rows
            }
            result.set(rows)
            done.increment()
        }
        thread.start()
        for part in ["client,amount\nC", "", "1,10\nC2", ",20\n"] {
            #expect(await channel.send(Array(part.utf8)))
        }
        channel.finish()
        #expect(await channel.send(Array("C3,30\n".utf8)) == false)
        while done.value == 0 { try await Task.sleep(for: .milliseconds(2)) }
        #expect(try result.value?.get() == [["C1", "10"], ["C2", "20"]])
    }

    @Test("fail(_:) reaches a reader as a CSVError of kind io naming the upload failure")
    func failByHand() async throws {
        let channel = ByteChunkChannel(capacity: 1)
        let result = Box<CSVError>()
        let done = Counter()
        let thread = Thread {
            do throws(CSVError) {
                let reader = try CSVReader(.chunks(channel), file: "hand.csv")
                while try reader.next() {}
            } catch {
                result.set(error)
            }
            done.increment()
        }
        thread.start()
        #expect(await channel.send(Array("client,amount\nC1,10\n".utf8)))
        channel.fail(UploadFailure(afterBytes: 20))
        while done.value == 0 { try await Task.sleep(for: .milliseconds(2)) }
        let error = try #require(result.value)
        #expect(error.kind == .io(message: "upload failed: UploadFailure(afterBytes: 20)"))
        #expect(error.file == "hand.csv")
    }
}
