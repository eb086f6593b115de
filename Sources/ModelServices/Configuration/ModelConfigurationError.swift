/// A configuration file that cannot be used: what is wrong and where.
public struct ModelConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Dotted path of the offending value (`models.gemma.urls[0]`); empty for the whole file.
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "model configuration: \(message)" : "model configuration: \(path): \(message)"
    }
}
