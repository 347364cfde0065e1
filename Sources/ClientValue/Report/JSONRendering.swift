import Foundation

extension JSONText {
    /// Encodes a result as pretty-printed JSON with snake_case keys in sorted order, so that
    /// output is stable for scripts. Days encode as `"2024-03-05"`, money as a number.
    /// - Parameter convertingKeys: false when the value's coding keys are already the JSON
    ///   names (for keys such as `T` that snake_case conversion would change).
    public static func encode<T: Encodable>(_ value: T, convertingKeys: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        if convertingKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
