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
