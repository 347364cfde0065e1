import Foundation

/// Foundation's `JSONEncoder` with the options ``JSONText`` promises to match: the reference
/// our own encoder is compared with, byte for byte.
enum FoundationJSON {
    static func encode(_ value: any Encodable, convertingKeys: Bool) throws -> String {
        let encoder = JSONEncoder()
        if convertingKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
