import Foundation

/// Reads an upload that arrives as an `AsyncSequence` of byte chunks with any of the library's
/// readers, in bounded memory.
///
/// The readers (``SurveyTable/read(_:file:options:)``, ``ImportedTable/read(_:file:options:)``,
/// ``ContactFrequencyBuilder/read(_:file:options:)``, ``RecordReader``, ``CSVReader``, ...) are
/// synchronous and pull their bytes from a ``ByteSourceKind``. A server receives an upload as
/// an asynchronous sequence of chunks instead. ``read(_:bufferedChunks:isolation:_:)`` joins
/// the two: it runs the reader on a thread of its own, not on the Swift concurrency pool, and
/// feeds it the chunks through a ``ByteChunkChannel`` as they arrive, a few at a time.
public enum StreamedBytes: Sendable {
    /// Runs a synchronous reader over an upload that arrives as an `AsyncSequence` of byte
    /// chunks, and returns what the reader returns.
    ///
    /// `body` gets a ``ByteSourceKind/chunks(_:)`` source to read, once, with any reader; it
    /// runs on a thread of its own (it blocks while it waits for chunks), while the calling task
    /// takes the chunks from `chunks` and passes them on. At most `bufferedChunks` chunks wait
    /// for the reader; the task suspends, without blocking a thread, until the reader has
    /// taken some. Empty chunks are skipped, and an empty upload reads as an empty file.
    ///
    /// ```swift
    /// // In a server's upload handler, `request.body` being an AsyncSequence of byte buffers:
    /// let table = try await StreamedBytes.read(request.body) { source in
    ///     try SurveyTable.read(source, file: "surveys.csv")
    /// }
    /// print(table.count)   // 1204
    /// ```
    ///
    /// How it ends:
    /// - The reader returns or throws before the upload's end (a bad header, a bad row with
    ///   ``ErrorPolicy/fail``): no more chunks are taken from `chunks` (the one being awaited,
    ///   if any, is the last), and the reader's value or error is the result.
    /// - `chunks` throws: the reader's next read throws a ``CSVError`` of kind `io` whose message
    ///   starts `upload failed:` (an ``ImportError`` of kind ``ImportError/Kind/malformedCSV(_:)``
    ///   from the importers), and once the reader has stopped this function rethrows the
    ///   sequence's own error.
    /// - The task is cancelled: no more chunks are sent, the reader's next read throws a
    ///   ``CSVError`` of kind `io` (`upload cancelled`), and once the reader has stopped this
    ///   function throws `CancellationError`. A reader that had already stopped keeps its result.
    ///
    /// - Parameters:
    ///   - chunks: The upload's bytes in order, as chunks of any size: `[UInt8]`,
    ///     `ArraySlice<UInt8>`, Foundation's `Data`, or any other sequence of bytes.
    ///   - bufferedChunks: How many chunks may wait for the reader; 4 by default, at least 1.
    ///     Memory is about this many chunks, plus the one being read and the one being sent.
    ///   - isolation: The actor the chunks are taken on; the caller's, by default.
    ///   - body: The reader, called once on its own thread with the source to read, such as
    ///     `{ try SurveyTable.read($0, file: "upload.csv") }`.
    /// - Returns: What `body` returned.
    /// - Throws: The error `body` threw, as thrown (catch it as ``ImportError`` or ``CSVError``);
    ///   else the error `chunks` threw while the reader was reading; else `CancellationError`
    ///   when the task was cancelled while the reader was reading.
    public static func read<Chunks: AsyncSequence, Value: Sendable>(
        _ chunks: Chunks,
        bufferedChunks: Int = 4,
        isolation: isolated (any Actor)? = #isolation,
        _ body: @escaping @Sendable (ByteSourceKind) throws -> Value
    ) async throws -> Value where Chunks.Element: Sequence<UInt8> {
        precondition(bufferedChunks >= 1, "bufferedChunks must be at least 1")
        let channel = ByteChunkChannel(capacity: bufferedChunks)
        let outcome = ReaderOutcome<Value>()
        let reader = Thread {
            let result = Result { try body(.chunks(channel)) }
            // Whether or not `body` read to the end, it reads no more: the sender stops.
            channel.stopReading()
            outcome.set(result)
        }
        reader.name = "ClientValue.StreamedBytes"
        reader.start()

        return try await withTaskCancellationHandler {
            var uploadError: (any Error)?
            do {
                for try await chunk in chunks {
                    guard await channel.send(Array(chunk)), channel.wantsChunks else { break }
                }
            } catch {
                uploadError = error
            }
            var uploadErrorReachedReader = false
            if let uploadError {
                uploadErrorReachedReader = channel.failWhileReading(uploadError)
            } else if Task.isCancelled {
                // Some sequences end early, without an error, when the task is cancelled: the
                // reader must not take what it has for the whole upload.
                channel.cancel()
            } else {
                channel.finish()
            }
            let result = await outcome.value()
            if let uploadError, uploadErrorReachedReader { throw uploadError }
            if channel.wasCancelledWhileReading { throw CancellationError() }
            return try result.get()
        } onCancel: {
            channel.cancel()
        }
    }
}

// MARK: - The reader's result

/// The reader thread's result, handed over to the task that awaits it.
private final class ReaderOutcome<Value: Sendable>: @unchecked Sendable {
    // `@unchecked Sendable`: `result` and `waiter` are read and written only with `lock` held.
    private let lock = NSLock()
    private var result: Result<Value, any Error>?
    private var waiter: CheckedContinuation<Result<Value, any Error>, Never>?

    /// Hands over the result: to the waiting task, or kept for ``value()``.
    func set(_ result: Result<Value, any Error>) {
        lock.lock()
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.resume(returning: result)
        } else {
            self.result = result
            lock.unlock()
        }
    }

    /// The result, once the reader has returned or thrown.
    func value() async -> Result<Value, any Error> {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let result {
                lock.unlock()
                continuation.resume(returning: result)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }
}
