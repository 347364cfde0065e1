#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where the bytes of a CSV file come from: a file, standard input, memory, or an upload
/// arriving in chunks.
///
/// A source hands out bytes in the order they appear; the reader asks for at most one
/// buffer's worth at a time, so memory stays bounded however large the input is.
///
/// ```swift
/// let fromFile = try CSVReader(.file(path: "SampleData/billing.csv"))
/// let fromMemory = try CSVReader(.memory(Array("client,amount\nC1,100\n".utf8)))
/// ```
public enum ByteSourceKind: Sendable, Hashable {
    /// The file at `path`, opened read-only; a path that cannot be opened is a ``CSVError``
    /// of kind `io`.
    case file(path: String)
    /// The process's standard input, read to its end (`clientvalue inspect -`, a pipe).
    case standardInput
    /// Bytes already in memory, such as a file's contents or a test's literal.
    case memory([UInt8])
    /// The chunks sent into a ``ByteChunkChannel``, read as they arrive, in bounded memory:
    /// an upload a server streams to a reader. ``StreamedBytes/read(_:bufferedChunks:isolation:_:)``
    /// makes the channel, feeds it from an `AsyncSequence` and runs the reader.
    ///
    /// A channel is read once, by one reader; messages name it `<upload>` unless the reader
    /// is given a `file` name. A failed or cancelled upload is a ``CSVError`` of kind `io`.
    case chunks(ByteChunkChannel)
}

/// Reads raw bytes from a file descriptor, from memory or from a ``ByteChunkChannel``.
final class ByteSource {
    private var descriptor: Int32
    private let ownsDescriptor: Bool
    /// The bytes in memory, or the chunk being read from `channel`.
    private var memory: [UInt8]
    private var memoryOffset = 0
    private let isMemory: Bool
    /// The channel read chunk by chunk into `memory`, for `.chunks`.
    private let channel: ByteChunkChannel?
    /// The queue whose blocks are read one by one into `memory`, for one of the readers
    /// sharing out a file (``ParallelImport``).
    private let blocks: BlockQueue?
    /// For a source of blocks: the number of the block being read (its place in the file
    /// among the blocks), -1 before the first.
    private(set) var blockNumber = -1
    /// For a source of blocks: whether the block being read has been read to its end, so that
    /// the next read takes another.
    var isAtBlockEnd: Bool { blocks != nil && memoryOffset == memory.count }

    /// Opens `kind` for reading.
    /// - Throws: `CSVError` with kind `.io` when the file cannot be opened.
    init(_ kind: ByteSourceKind, displayName: String?) throws(CSVError) {
        switch kind {
        case .file(let path):
            let fd = open(path, O_RDONLY)
            if fd < 0 {
                throw CSVError(.io(message: "cannot open file: \(SystemCalls.lastErrorDescription())"),
                               position: SourcePosition(line: 0, column: 0, byteOffset: 0), file: displayName ?? path)
            }
            descriptor = fd
            ownsDescriptor = true
            memory = []
            isMemory = false
            channel = nil
            blocks = nil
        case .standardInput:
            descriptor = 0
            ownsDescriptor = false
            memory = []
            isMemory = false
            channel = nil
            blocks = nil
        case .memory(let bytes):
            descriptor = -1
            ownsDescriptor = false
            memory = bytes
            isMemory = true
            channel = nil
            blocks = nil
        case .chunks(let chunks):
            try chunks.startReading(displayName: displayName)
            descriptor = -1
            ownsDescriptor = false
            memory = []
            isMemory = true
            channel = chunks
            blocks = nil
        }
    }

    /// A source of the blocks a reader takes from `blocks`, one after another.
    init(blocks: BlockQueue, displayName: String?) {
        descriptor = -1
        ownsDescriptor = false
        memory = []
        isMemory = true
        channel = nil
        self.blocks = blocks
    }

    deinit {
        if ownsDescriptor { _ = SystemCalls.close(descriptor) }
        // A reader that is done, or gave up, wants no more chunks: the sender stops.
        channel?.stopReading()
    }

    /// Reads up to `count` bytes into `destination`; returns 0 at the end of the input.
    func read(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(CSVError) -> Int {
        if isMemory {
            if memoryOffset == memory.count, let channel {
                // The chunk is used up: wait for the next one (never empty), or the end.
                guard let chunk = try channel.receive() else { return 0 }
                memory = chunk
                memoryOffset = 0
            } else if memoryOffset == memory.count, let blocks {
                guard let block = blocks.take() else { return 0 }
                memory = block.bytes
                memoryOffset = 0
                blockNumber = block.number
            }
            let n = min(count, memory.count - memoryOffset)
            if n > 0 {
                memory.withUnsafeBufferPointer { src in
                    guard let base = src.baseAddress else { return }
                    destination.update(from: base + memoryOffset, count: n)
                }
                memoryOffset += n
            }
            return n
        }
        while true {
            let n = SystemCalls.read(descriptor, destination, count)
            if n >= 0 { return n }
            if SystemCalls.isInterrupted { continue }
            throw CSVError(.io(message: "read failed: \(SystemCalls.lastErrorDescription())"),
                           position: SourcePosition(line: 0, column: 0, byteOffset: 0), file: nil)
        }
    }

}

// MARK: - A bounded channel of chunks

/// A bounded channel of byte chunks from an asynchronous sender to a blocking reader: how an
/// upload that arrives piece by piece reaches a synchronous reader as ``ByteSourceKind/chunks(_:)``.
///
/// The sender, a task, calls ``send(_:)`` for each chunk and ``finish()`` at the end (or
/// ``fail(_:)``); it suspends, without blocking a thread, while ``capacity`` chunks are
/// waiting. The reader, on a thread of its own, takes the chunks in order and blocks until the
/// next one arrives. So at most ``capacity`` chunks are held, never the whole upload.
///
/// ``StreamedBytes/read(_:bufferedChunks:isolation:_:)`` does all this for an `AsyncSequence`;
/// use a channel directly only to drive the sending yourself:
///
/// ```swift
/// let channel = ByteChunkChannel(capacity: 4)
/// let reader = Thread { _ = try? SurveyTable.read(.chunks(channel), file: "surveys.csv") }
/// reader.start()
/// for chunk in [Array("client_id,response_date,score\n".utf8), Array("C1,2024-03-05,9\n".utf8)] {
///     guard await channel.send(chunk) else { break }   // false: the reader stopped
/// }
/// channel.finish()
/// ```
///
/// A channel is read once, by one reader. Two channels are equal only when they are the same
/// instance.
public final class ByteChunkChannel: @unchecked Sendable {
    // `@unchecked Sendable`: every `var` below is read and written only with `condition` locked.

    /// How many chunks may wait for the reader before ``send(_:)`` suspends; at least 1.
    public let capacity: Int

    private enum Ending {
        case finished
        case failed(message: String)
    }
    private enum ReaderState {
        case notStarted, reading, stopped
    }

    private let condition = NSCondition()
    private var queue: [[UInt8]] = []
    private var ending: Ending?
    private var readerState = ReaderState.notStarted
    private var readerIsWaiting = false
    private var readerName: String?
    private var bytesReceived = 0
    private var sendersWaiting: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextSenderID = 0
    private var cancelledWhileReading = false

    /// A channel that holds up to `capacity` chunks.
    ///
    /// - Parameter capacity: How many chunks may wait for the reader; 4 by default, and at
    ///   least 1. Memory is about `capacity` chunks, plus the one being read and the one being sent.
    public init(capacity: Int = 4) {
        precondition(capacity >= 1, "a ByteChunkChannel holds at least one chunk")
        self.capacity = capacity
    }

    // MARK: Sending

    /// Queues a chunk for the reader, suspending while the channel is full.
    ///
    /// An empty chunk is skipped. Waiting for space never blocks a thread: the task is resumed
    /// when the reader has taken chunks.
    ///
    /// - Parameter chunk: The next bytes of the input.
    /// - Returns: `true` when the chunk was queued; `false` when it was not, because the reader
    ///   stopped reading (it finished, or threw), the channel was finished or failed, or the task
    ///   was cancelled while waiting for space. Send nothing more once it returns `false`.
    public func send(_ chunk: [UInt8]) async -> Bool {
        while true {
            switch offer(chunk) {
            case .queued: return true
            case .refused: return false
            case .full(let id):
                await withTaskCancellationHandler {
                    await withCheckedContinuation { waiter in wait(waiter, id: id) }
                } onCancel: {
                    resumeSender(id: id)
                }
            }
        }
    }

    /// What ``offer(_:)`` did with a chunk.
    private enum Offer {
        /// The chunk is queued (or was empty).
        case queued
        /// The input has ended, the reader has stopped, or the task is cancelled.
        case refused
        /// The queue is full: wait as sender `id`, then offer the chunk again.
        case full(id: Int)
    }

    /// Queues `chunk` if there is room.
    private func offer(_ chunk: [UInt8]) -> Offer {
        condition.lock()
        defer { condition.unlock() }
        if ending != nil || readerState == .stopped { return .refused }
        if chunk.isEmpty { return .queued }
        if queue.count < capacity {
            queue.append(chunk)
            if readerIsWaiting { condition.signal() }
            return .queued
        }
        if Task.isCancelled { return .refused }
        nextSenderID += 1
        return .full(id: nextSenderID)
    }

    /// Parks sender `id` until the reader frees room, the input ends or the task is cancelled.
    private func wait(_ waiter: CheckedContinuation<Void, Never>, id: Int) {
        condition.lock()
        // Room, an end or a cancellation may have come since `offer` let the lock go.
        if queue.count < capacity || ending != nil || readerState == .stopped || Task.isCancelled {
            condition.unlock()
            waiter.resume()
        } else {
            sendersWaiting[id] = waiter
            condition.unlock()
        }
    }

    /// Resumes sender `id` if it is parked: its task was cancelled.
    private func resumeSender(id: Int) {
        condition.lock()
        let waiter = sendersWaiting.removeValue(forKey: id)
        condition.unlock()
        waiter?.resume()
    }

    /// Ends the input: the reader reads the chunks still queued, then reaches the end.
    public func finish() {
        _ = end(.finished)
    }

    /// Ends the input with a failure: the reader's next read throws a ``CSVError`` of kind
    /// `io` whose message is `upload failed: ` and `error`'s description. Queued chunks are dropped.
    ///
    /// - Parameter error: Why the upload failed, such as the network error the sender met.
    public func fail(_ error: any Error) {
        _ = end(.failed(message: "upload failed: \(error)"))
    }

    /// ``fail(_:)``, telling whether the failure came while the reader was still reading.
    ///
    /// - Returns: `false` when the reader had stopped already (or the input had ended), so
    ///   the failure cannot have changed what it read.
    func failWhileReading(_ error: any Error) -> Bool {
        end(.failed(message: "upload failed: \(error)"))
    }

    /// Ends the input because the task was cancelled: the reader's next read throws a
    /// ``CSVError`` of kind `io`, even if the input had been finished, and queued chunks are dropped.
    func cancel() {
        condition.lock()
        let waiters = endLocked(.failed(message: "upload cancelled"), replacingFinished: true)
        if waiters != nil, readerState != .stopped { cancelledWhileReading = true }
        condition.unlock()
        for waiter in waiters ?? [] { waiter.resume() }
    }

    /// Ends the input as `ending`, unless it has ended already.
    ///
    /// - Returns: Whether this call ended it while the reader was still reading.
    private func end(_ ending: Ending) -> Bool {
        condition.lock()
        let waiters = endLocked(ending, replacingFinished: false)
        let reading = waiters != nil && readerState != .stopped
        condition.unlock()
        for waiter in waiters ?? [] { waiter.resume() }
        return reading
    }

    /// Sets the ending, with the lock held; `nil` when the input had already ended, else the
    /// waiting senders, to resume once the lock is let go.
    private func endLocked(_ newEnding: Ending, replacingFinished: Bool) -> [CheckedContinuation<Void, Never>]? {
        switch ending {
        case nil: break
        case .finished? where replacingFinished: break
        default: return nil
        }
        ending = newEnding
        if case .failed = newEnding { queue.removeAll() }
        condition.broadcast()
        return takeWaitingSenders()
    }

    /// Whether the sender should get the next chunk: the input has not ended and the reader
    /// has not stopped.
    var wantsChunks: Bool {
        condition.lock()
        defer { condition.unlock() }
        return ending == nil && readerState != .stopped
    }

    /// Whether ``cancel()`` ended the input before the reader stopped.
    var wasCancelledWhileReading: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelledWhileReading
    }

    // MARK: Reading

    /// Makes the caller the channel's one reader.
    ///
    /// - Throws: ``CSVError`` of kind `io` when the channel has had a reader already.
    func startReading(displayName: String?) throws(CSVError) {
        condition.lock()
        defer { condition.unlock() }
        guard readerState == .notStarted else {
            throw CSVError(.io(message: "cannot read an upload twice: its chunks went to an earlier reader"),
                           position: SourcePosition(line: 0, column: 0, byteOffset: 0), file: displayName)
        }
        readerState = .reading
        readerName = displayName
    }

    /// The next chunk, never empty, waiting for it if need be; `nil` at the end of the input.
    ///
    /// - Throws: ``CSVError`` of kind `io` when the input failed or was cancelled.
    func receive() throws(CSVError) -> [UInt8]? {
        condition.lock()
        while queue.isEmpty && ending == nil {
            readerIsWaiting = true
            condition.wait()
        }
        readerIsWaiting = false
        if case .failed(let message)? = ending {
            let error = CSVError(.io(message: message), position: SourcePosition(line: 0, column: 0, byteOffset: bytesReceived),
                                 file: readerName)
            condition.unlock()
            throw error
        }
        guard !queue.isEmpty else {
            condition.unlock()
            return nil
        }
        let chunk = queue.removeFirst()
        bytesReceived += chunk.count
        // Wake the sender once half the queue is free, not for every chunk.
        let waiters = queue.count <= capacity / 2 ? takeWaitingSenders() : []
        condition.unlock()
        for waiter in waiters { waiter.resume() }
        return chunk
    }

    /// The reader is done, or gave up: queued chunks are dropped and the sender stops.
    func stopReading() {
        condition.lock()
        readerState = .stopped
        queue.removeAll()
        let waiters = takeWaitingSenders()
        condition.unlock()
        for waiter in waiters { waiter.resume() }
    }

    /// Empties the list of waiting senders, with the lock held, and returns them to resume.
    private func takeWaitingSenders() -> [CheckedContinuation<Void, Never>] {
        guard !sendersWaiting.isEmpty else { return [] }
        let waiters = Array(sendersWaiting.values)
        sendersWaiting.removeAll()
        return waiters
    }
}

// MARK: - Hashable by identity

extension ByteChunkChannel: Hashable {
    /// Whether `lhs` and `rhs` are the same channel.
    public static func == (lhs: ByteChunkChannel, rhs: ByteChunkChannel) -> Bool {
        lhs === rhs
    }

    /// Hashes the channel's identity.
    ///
    /// - Parameter hasher: The hasher to feed.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(self))
    }
}
