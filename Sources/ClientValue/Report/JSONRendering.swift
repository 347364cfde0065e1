extension JSONText {
    /// Encodes a result as pretty-printed JSON with snake_case keys in sorted order, so that
    /// output is stable for scripts. Days encode as `"2024-03-05"`, money as a number.
    ///
    /// The bytes are those Foundation's `JSONEncoder` writes with `.prettyPrinted`,
    /// `.sortedKeys`, `.withoutEscapingSlashes` and `.convertToSnakeCase`, written by
    /// ClientValue's own encoder, which is several times faster on long per-client lists.
    /// - Parameter value: the result to encode, such as an ``NPSAnalysis`` or a
    ///   ``LifetimeValueForecast``.
    /// - Parameter convertingKeys: false when the value's coding keys are already the JSON
    ///   names (for keys such as `T` that snake_case conversion would change).
    /// - Throws: `EncodingError.invalidValue` for a non-finite number, or for a value that
    ///   encodes nothing at all.
    public static func encode<T: Encodable>(_ value: T, convertingKeys: Bool = true) throws -> String {
        if let reference = JSONReferenceEncoding.encode { return try reference(value, convertingKeys) }
        let document = SortedJSONDocument(convertsKeys: convertingKeys)
        let root = SortedJSONValueEncoder(document: document, codingPath: [])
        guard let piece = try root.pieceIfEncoded(for: value, key: nil) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(document.arena.count * 2 + 64)
        document.render(piece, level: 0, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A hook for tests: while `encode` is bound, ``JSONText/encode(_:convertingKeys:)`` hands the
/// value to it instead, so a test can run a command with Foundation's `JSONEncoder` and
/// compare the bytes with ClientValue's own encoder.
package enum JSONReferenceEncoding {
    @TaskLocal package static var encode: (@Sendable (any Encodable, Bool) throws -> String)?
}
