/// Rate limits (proto `flint.v1.Quota`). A key is held to its own quota and to its
/// partner's, and a call must pass both. Every field: 0 means "use the default": for a
/// key, its partner's value; for a partner, the server's configured default.
public struct Quota: Sendable, Equatable {
    /// Refill rate of the request bucket, in calls per minute.
    public var requestsPerMinute: UInt64
    /// Capacity of the request bucket: calls allowed at once after a quiet spell.
    public var requestBurst: UInt64
    /// Refill rate of the model-token bucket (input + output tokens), per minute.
    public var tokensPerMinute: UInt64
    /// Capacity of the model-token bucket. A call needs prompt + max_tokens tokens in it to
    /// start.
    public var tokenBurst: UInt64
    /// Streams (calls in progress) open at once.
    public var maxConcurrentStreams: UInt64
    /// Model tokens per UTC day. Whether the server default caps days at all is its
    /// configuration.
    public var dailyTokens: UInt64

    public init(
        requestsPerMinute: UInt64 = 0,
        requestBurst: UInt64 = 0,
        tokensPerMinute: UInt64 = 0,
        tokenBurst: UInt64 = 0,
        maxConcurrentStreams: UInt64 = 0,
        dailyTokens: UInt64 = 0
    ) {
        self.requestsPerMinute = requestsPerMinute
        self.requestBurst = requestBurst
        self.tokensPerMinute = tokensPerMinute
        self.tokenBurst = tokenBurst
        self.maxConcurrentStreams = maxConcurrentStreams
        self.dailyTokens = dailyTokens
    }
}
