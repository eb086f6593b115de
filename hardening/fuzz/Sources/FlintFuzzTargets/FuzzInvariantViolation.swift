/// An input made the code under test break one of its invariants.
///
/// The fuzzer turns it into a crash (so libFuzzer saves the input); the corpus replay test
/// turns it into a test failure.
public struct FuzzInvariantViolation: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Throws a ``FuzzInvariantViolation`` saying `message` unless `condition` holds.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzInvariantViolation) {
    guard condition else { throw FuzzInvariantViolation(message()) }
}
