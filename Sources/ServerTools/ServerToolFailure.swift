/// A tool error the model sees as the tool result (bad input, a bound exceeded), never a crash.
public struct ServerToolFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A clear, model-readable explanation of what went wrong and, where possible, how to fix the call.
    public var message: String

    /// Creates a failure with its message.
    public init(_ message: String) {
        self.message = message
    }

    /// Creates a failure with its message.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
