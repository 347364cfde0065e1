import Testing
@testable import ClientValue

/// The failure of a parse that should have failed; records an issue (at the caller) and
/// returns `nil` when it succeeded instead.
func expectFailure<T>(_ result: Result<T, FieldParseFailure>, sourceLocation: SourceLocation = #_sourceLocation) -> FieldParseFailure? {
    guard case .failure(let failure) = result else {
        Issue.record("expected a failure, got \(result)", sourceLocation: sourceLocation)
        return nil
    }
    return failure
}

/// Expects `result` to fail with a problem containing `problem` and, if given, a hint containing `hint`.
func expectFailure<T>(_ result: Result<T, FieldParseFailure>, problem: String, hint: String? = nil,
                      sourceLocation: SourceLocation = #_sourceLocation) {
    guard let failure = expectFailure(result, sourceLocation: sourceLocation) else { return }
    #expect(failure.problem.contains(problem), "\(failure)", sourceLocation: sourceLocation)
    if let hint {
        #expect(failure.hint?.contains(hint) == true, "\(failure)", sourceLocation: sourceLocation)
    }
}

/// Expects a parser's fast path, where it reads `field`, to read it as the general parser
/// does, and the parser as a whole (fast path, then general) to read what the general parser
/// reads. Returns whether the fast path read the field, so a test can count how often its
/// fields took it.
func expectFastPathAgrees<T: Equatable>(_ field: UnsafeBufferPointer<UInt8>,
                                        fast: (UnsafeBufferPointer<UInt8>) -> T?,
                                        general: (UnsafeBufferPointer<UInt8>) -> Result<T, FieldParseFailure>,
                                        whole: (UnsafeBufferPointer<UInt8>) -> Result<T, FieldParseFailure>,
                                        sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    let expected = general(field)
    #expect(whole(field) == expected, "\(String(decoding: field, as: UTF8.self))", sourceLocation: sourceLocation)
    guard let read = fast(field) else { return false }
    #expect(expected == .success(read), "\(String(decoding: field, as: UTF8.self))", sourceLocation: sourceLocation)
    return true
}
