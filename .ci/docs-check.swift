// Checks that every public symbol declared in a module's sources is documented, from the
// symbol graphs that swift-symbolgraph-extract writes. Compiled and run by .ci/docs.sh; it
// needs only the toolchain (Foundation's JSONDecoder).
//
// Usage: docs-check SYMBOL_GRAPH_DIR MODULE SOURCE_ROOT REPORT_FILE
//
// A symbol counts when it has a source location under SOURCE_ROOT (symbols synthesised by
// the compiler or inherited from a protocol of another module have none). Its problems:
// - "no doc comment": no `///` comment, or an empty one;
// - "no summary": the comment opens with a list (such as `- Parameters:`), code or a heading,
//   so DocC has no first paragraph to show as the summary;
// - "parameter NAME not documented": a function, initializer or subscript whose comment does
//   not describe every parameter with `- Parameter NAME:` or a `- Parameters:` list
//   (operators are exempt: their parameters are the operands);
// - "throws, no - Throws:": a throwing function or initializer whose comment has no
//   `- Throws:` line (`rethrows` is exempt: it throws only what its closure throws).
// Every problem is written to REPORT_FILE as `FILE:LINE: PATH (KIND): PROBLEM`, then a count per
// file is printed. The exit status is 1 when there is any problem, 0 otherwise.

import Foundation

struct SymbolGraph: Decodable {
    var symbols: [Symbol]
}

struct Symbol: Decodable {
    struct Kind: Decodable { var identifier: String; var displayName: String }
    struct Doc: Decodable {
        struct Line: Decodable { var text: String }
        var lines: [Line]
    }
    struct Location: Decodable {
        struct Position: Decodable { var line: Int; var character: Int }
        var uri: String
        var position: Position
    }
    struct Signature: Decodable {
        struct Parameter: Decodable { var name: String; var internalName: String? }
        var parameters: [Parameter]?
    }
    struct Fragment: Decodable { var kind: String; var spelling: String }

    var kind: Kind
    var pathComponents: [String]
    var docComment: Doc?
    var location: Location?
    var functionSignature: Signature?
    var declarationFragments: [Fragment]?
}

struct Problem {
    var file: String
    var line: Int
    var path: String
    var kind: String
    var text: String
}

/// The parameter names a doc comment describes, and whether it has a `- Throws:` line.
func describedParameters(_ lines: [String]) -> (names: Set<String>, documentsThrows: Bool) {
    var names = Set<String>()
    var documentsThrows = false
    var listIndent: Int? = nil   // the indentation of a `- Parameters:` line while in its list
    for line in lines {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        let indent = line.count - trimmed.count
        let lower = trimmed.lowercased()
        if let outer = listIndent {
            if trimmed.isEmpty { continue }
            if indent > outer {
                if trimmed.hasPrefix("- "), let colon = trimmed.firstIndex(of: ":") {
                    let name = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<colon].trimmingCharacters(in: .whitespaces)
                    if !name.isEmpty, !name.contains(" ") { names.insert(name) }
                }
                continue
            }
            listIndent = nil
        }
        if lower.hasPrefix("- parameters:") {
            listIndent = indent
        } else if lower.hasPrefix("- parameter ") {
            let rest = trimmed.dropFirst("- parameter ".count)
            if let colon = rest.firstIndex(of: ":") {
                names.insert(rest[..<colon].trimmingCharacters(in: .whitespaces))
            }
        } else if lower.hasPrefix("- throws:") {
            documentsThrows = true
        }
    }
    return (names, documentsThrows)
}

/// Whether the declaration itself throws (not only a closure parameter): a `throws` keyword
/// outside every parenthesis.
func declarationThrows(_ fragments: [Symbol.Fragment]) -> Bool {
    var depth = 0
    for fragment in fragments {
        if fragment.kind == "keyword", fragment.spelling == "throws", depth == 0 { return true }
        for character in fragment.spelling {
            if character == "(" { depth += 1 } else if character == ")" { depth -= 1 }
        }
    }
    return false
}

let arguments = CommandLine.arguments
guard arguments.count == 5 else {
    FileHandle.standardError.write(Data("usage: docs-check SYMBOL_GRAPH_DIR MODULE SOURCE_ROOT REPORT_FILE\n".utf8))
    exit(64)
}
let (graphDirectory, module, sourceRoot, reportPath) = (arguments[1], arguments[2], arguments[3], arguments[4])
let root = URL(fileURLWithPath: sourceRoot).standardizedFileURL.path + "/"
let repositoryRoot = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path + "/"

let graphFiles = ((try? FileManager.default.contentsOfDirectory(atPath: graphDirectory)) ?? [])
    .filter { ($0 == "\(module).symbols.json" || $0.hasPrefix("\(module)@")) && $0.hasSuffix(".symbols.json") }
    .sorted()
guard graphFiles.contains("\(module).symbols.json") else {
    FileHandle.standardError.write(Data("docs-check: no \(module).symbols.json in \(graphDirectory)\n".utf8))
    exit(2)
}

var problems: [Problem] = []
var checked = 0
for name in graphFiles {
    let data = try Data(contentsOf: URL(fileURLWithPath: graphDirectory).appendingPathComponent(name))
    let graph = try JSONDecoder().decode(SymbolGraph.self, from: data)
    for symbol in graph.symbols {
        guard let location = symbol.location, let url = URL(string: location.uri), url.path.hasPrefix(root) else { continue }
        checked += 1
        var file = url.path
        if file.hasPrefix(repositoryRoot) { file.removeFirst(repositoryRoot.count) }
        let path = symbol.pathComponents.joined(separator: "/")
        let line = location.position.line + 1
        func report(_ text: String) {
            problems.append(Problem(file: file, line: line, path: path, kind: symbol.kind.displayName, text: text))
        }
        let lines = symbol.docComment?.lines.map(\.text) ?? []
        guard lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            report("no doc comment")
            continue
        }
        // DocC's summary is the first paragraph; a comment that opens with a list or code has none.
        let first = lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }!.trimmingCharacters(in: .whitespaces)
        if first.hasPrefix("- ") || first.hasPrefix("* ") || first.hasPrefix("```") || first.hasPrefix("#") {
            report("no summary (the comment opens with a list, code or heading)")
        }
        let described = describedParameters(lines)
        if symbol.kind.identifier != "swift.func.op" {
            // A parameter is described by its internal name (`encoder` in `encode(to encoder:)`) or its label.
            for parameter in symbol.functionSignature?.parameters ?? []
            where !described.names.contains(parameter.internalName ?? parameter.name) && !described.names.contains(parameter.name) {
                report("parameter '\(parameter.internalName ?? parameter.name)' not documented")
            }
        }
        if declarationThrows(symbol.declarationFragments ?? []), !described.documentsThrows {
            report("throws, but no '- Throws:'")
        }
    }
}

problems.sort { ($0.file, $0.line, $0.path, $0.text) < ($1.file, $1.line, $1.path, $1.text) }
let reportText = problems.map { "\($0.file):\($0.line): \($0.path) (\($0.kind)): \($0.text)\n" }.joined()
try Data(reportText.utf8).write(to: URL(fileURLWithPath: reportPath))

let undocumented = problems.filter { $0.text == "no doc comment" }
let withoutSummary = problems.filter { $0.text.hasPrefix("no summary") }
let parameterProblems = problems.filter { $0.text.hasPrefix("parameter ") }
let throwsProblems = problems.filter { $0.text.hasPrefix("throws") }
print("Public symbols declared in \(sourceRoot): \(checked)")
print("  without a doc comment:          \(undocumented.count)")
print("  without a summary:              \(withoutSummary.count)")
print("  with an undocumented parameter: \(Set(parameterProblems.map { "\($0.file):\($0.line):\($0.path)" }).count) (\(parameterProblems.count) parameters)")
print("  throwing, without '- Throws:':  \(throwsProblems.count)")
if !problems.isEmpty {
    print("Per file (no doc comment / no summary / parameters / throws):")
    var perFile: [String: [Int]] = [:]
    for problem in problems {
        let slot = problem.text == "no doc comment" ? 0 : problem.text.hasPrefix("no summary") ? 1 : problem.text.hasPrefix("parameter ") ? 2 : 3
        perFile[problem.file, default: [0, 0, 0, 0]][slot] += 1
    }
    for (file, counts) in perFile.sorted(by: { $0.key < $1.key }) {
        print("  \(file): " + counts.map(String.init).joined(separator: " / "))
    }
    print("Every problem, as FILE:LINE: SYMBOL (KIND): PROBLEM, is in \(reportPath)")
    exit(1)
}
