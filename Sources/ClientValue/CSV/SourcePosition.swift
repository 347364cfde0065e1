/// Where something sits in an input file.
///
/// `line` is the 1-based physical line (a quoted field that spans lines moves it on),
/// `column` is the 1-based field number within the record, and `byteOffset` is the
/// 0-based offset of the field's first byte from the start of the file (a BOM counts).
/// A position with `line == 0` means "the file as a whole" (it could not be opened).
public struct SourcePosition: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 1-based physical line, as an editor numbers it; 0 for the file as a whole.
    public var line: Int
    /// The 1-based field number within the record (the column in a spreadsheet).
    public var column: Int
    /// The 0-based offset in bytes of the field's first byte (its opening quote, if quoted)
    /// from the start of the file, byte order mark included.
    public var byteOffset: Int

    /// A position in a file.
    ///
    /// - Parameters:
    ///   - line: The 1-based physical line, or 0 for the file as a whole.
    ///   - column: The 1-based field number.
    ///   - byteOffset: The 0-based byte offset from the start of the file.
    public init(line: Int, column: Int, byteOffset: Int) {
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }

    /// `LINE:COLUMN`, such as `1204:6`.
    public var description: String { "\(line):\(column)" }
}

/// An error that points at a place in an input file.
///
/// Both ``CSVError`` and ``ImportError`` conform, so a caller renders either the same
/// way: `billing.csv:1204:6: error: column 'amount': "12,3x" is not an amount`.
public protocol PositionedError: Error, CustomStringConvertible {
    /// The file name as given by the caller, or `nil` for in-memory input.
    var file: String? { get }
    /// Where the problem is: 1-based line and field number, and the byte offset.
    var position: SourcePosition { get }
    /// The message without the file and position, in plain words.
    var message: String { get }
}

extension PositionedError {
    /// `FILE:LINE:COLUMN: error: MESSAGE`, the form compilers and editors use.
    public var diagnostic: String {
        let name = file ?? "<input>"
        if position.line == 0 { return "\(name): error: \(message)" }
        return "\(name):\(position.line):\(position.column): error: \(message)"
    }

    /// The same as ``PositionedError/diagnostic``.
    public var description: String { diagnostic }
}
