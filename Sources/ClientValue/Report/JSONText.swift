/// Small helpers for writing JSON by hand where output is streamed (rows of a large file).
///
/// Most results are written with ``encode(_:convertingKeys:)``, which gives stable,
/// snake_case, sorted-key JSON; ``quoted(_:)`` and ``array(_:)`` serve code that writes JSON
/// one row at a time.
///
/// ```swift
/// print(JSONText.quoted("Smith \"Jr\"\nLLP"))        // "Smith \"Jr\"\nLLP"
/// print(JSONText.array(["billing.csv", "surveys.csv"]))  // ["billing.csv", "surveys.csv"]
/// let json = try JSONText.encode(SampleSummary(clients: 10))   // sorted keys: "billing_lines" : 0, "clients" : 10, ...
/// ```
public enum JSONText: Sendable {
    /// `text` as a JSON string literal, with quotes, backslashes and control characters escaped.
    ///
    /// Other characters, non-ASCII ones included, are written as they are (UTF-8).
    ///
    /// - Parameter text: any text, such as a client name or a survey comment.
    /// - Returns: the literal, with its surrounding double quotes.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A JSON array of strings on one line.
    ///
    /// - Parameter items: the strings, in order; each is escaped as ``quoted(_:)`` does.
    /// - Returns: the array, such as `["a", "b"]`, or `[]` when `items` is empty.
    public static func array(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }
}
