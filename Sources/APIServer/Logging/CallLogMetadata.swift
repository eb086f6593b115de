import Logging

/// The request id of the call a task works for, put on every log line written while the
/// call runs, also by loggers that never saw the call (the model backend's, the tool
/// services'): `LoggingSystem.bootstrap` takes ``provider``.
public enum CallLogMetadata {
    /// The running call's request id; set by the server around each call.
    @TaskLocal static var requestID: String?

    /// Adds `request.id` to a line logged inside a call.
    public static let provider = Logger.MetadataProvider {
        guard let requestID else { return [:] }
        return ["request.id": .string(requestID)]
    }
}
