/// The one error type of model services: an extensible code, a message for humans, and the
/// usage already spent when a stream failed part-way (so quotas can be settled).
///
/// Like grpc-swift's `RPCError`, new codes are new static members, so callers that switch
/// over `code.kind` with a `default` branch never break.
public struct ModelServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Code
    public var message: String
    /// Tokens spent before the failure, when generation had started (a stream that died or
    /// passed its deadline part-way). Nil when nothing was generated.
    public var partialUsage: ModelUsage?

    public init(_ code: Code, _ message: String, partialUsage: ModelUsage? = nil) {
        self.code = code
        self.message = message
        self.partialUsage = partialUsage
    }

    public var description: String { "\(code): \(message)" }

    /// What went wrong, in terms a server maps to a status code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String

        private init(_ name: String) { self.name = name }

        /// Every URL of the model refused, failed or timed out before answering, or the
        /// backend died mid-stream. Retryable (gRPC UNAVAILABLE).
        public static let unavailable = Code("unavailable")
        /// The call's deadline passed; the HTTP request was cancelled (DEADLINE_EXCEEDED).
        public static let deadlineExceeded = Code("deadlineExceeded")
        /// The backend answered something that is not the protocol: malformed JSON or SSE,
        /// an over-long line or body (INTERNAL).
        public static let badResponse = Code("badResponse")
        /// The request is wrong: rejected by the backend with a 4xx, or by validation here
        /// (INVALID_ARGUMENT).
        public static let invalidRequest = Code("invalidRequest")
        /// No model of that name is configured (NOT_FOUND).
        public static let notFound = Code("notFound")
        /// The caller cancelled the call (CANCELLED).
        public static let cancelled = Code("cancelled")

        public var description: String { name }
    }
}

extension ModelServiceError {
    static func unavailable(_ message: String, partialUsage: ModelUsage? = nil) -> Self {
        Self(.unavailable, message, partialUsage: partialUsage)
    }

    static func deadlineExceeded(_ message: String, partialUsage: ModelUsage? = nil) -> Self {
        Self(.deadlineExceeded, message, partialUsage: partialUsage)
    }

    static func badResponse(_ message: String, partialUsage: ModelUsage? = nil) -> Self {
        Self(.badResponse, message, partialUsage: partialUsage)
    }

    static func invalidRequest(_ message: String) -> Self {
        Self(.invalidRequest, message)
    }

    static func notFound(_ message: String) -> Self {
        Self(.notFound, message)
    }

    static func cancelled(_ message: String, partialUsage: ModelUsage? = nil) -> Self {
        Self(.cancelled, message, partialUsage: partialUsage)
    }

    /// The same error, carrying `usage` as the tokens spent so far.
    func withPartialUsage(_ usage: ModelUsage?) -> Self {
        var copy = self
        copy.partialUsage = usage
        return copy
    }
}
