/// Payload of a server HEADERS frame: response metadata sent before the first message
/// (proto `flint.v1.ResponseHeaders`).
public struct ResponseHeaders: Sendable, Equatable {
    /// The call's request id, the client's or one the server made.
    public var requestID: String
    /// The caller's request bucket; nil on unauthenticated calls.
    public var requests: RateLimitState?
    /// The caller's model-token bucket; nil on unauthenticated calls.
    public var tokens: RateLimitState?
    /// Custom metadata; keys are lower-case ASCII.
    public var metadata: [String: String]

    public init(
        requestID: String = "",
        requests: RateLimitState? = nil,
        tokens: RateLimitState? = nil,
        metadata: [String: String] = [:]
    ) {
        self.requestID = requestID
        self.requests = requests
        self.tokens = tokens
        self.metadata = metadata
    }
}

/// One rate-limit bucket as the caller sees it, like the `x-ratelimit-*` headers of hosted
/// model APIs (proto `flint.v1.RateLimitState`).
public struct RateLimitState: Sendable, Equatable {
    /// Bucket capacity (burst).
    public var limit: UInt64
    /// What the caller may still spend now.
    public var remaining: UInt64
    /// Milliseconds until the bucket is full again.
    public var resetMs: UInt64

    public init(limit: UInt64 = 0, remaining: UInt64 = 0, resetMs: UInt64 = 0) {
        self.limit = limit
        self.remaining = remaining
        self.resetMs = resetMs
    }
}
