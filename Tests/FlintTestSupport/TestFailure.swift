/// A test's own failure, with what went wrong, for a `throw` where a value is missing.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
