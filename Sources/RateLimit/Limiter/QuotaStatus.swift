/// One bucket as a caller sees it, for response headers (`x-ratelimit-*` style).
public struct BucketStatus: Hashable, Sendable {
    /// The configured rate, per minute.
    public var limit: UInt64
    /// The configured capacity.
    public var burst: UInt64
    /// Whole tokens available now; 0 while the bucket is in debt.
    public var remaining: UInt64
    /// Milliseconds until the bucket is full again, rounded up; 0 if it is full.
    public var resetMs: UInt64

    public init(limit: UInt64, burst: UInt64, remaining: UInt64, resetMs: UInt64) {
        self.limit = limit
        self.burst = burst
        self.remaining = remaining
        self.resetMs = resetMs
    }
}

/// The state of one key's or one partner's limits.
public struct SubjectStatus: Hashable, Sendable {
    /// The request bucket, if requests are limited.
    public var requests: BucketStatus?
    /// The token bucket, if tokens are limited.
    public var tokens: BucketStatus?
    /// Calls in flight.
    public var streamsInFlight: UInt64
    /// The cap on calls in flight, if any.
    public var streamLimit: UInt64?
    /// Tokens counted today (estimates of calls in flight included), if a daily cap is set.
    public var dailyTokensUsed: UInt64?
    /// The daily cap, if any.
    public var dailyTokenLimit: UInt64?

    public init(
        requests: BucketStatus? = nil,
        tokens: BucketStatus? = nil,
        streamsInFlight: UInt64 = 0,
        streamLimit: UInt64? = nil,
        dailyTokensUsed: UInt64? = nil,
        dailyTokenLimit: UInt64? = nil
    ) {
        self.requests = requests
        self.tokens = tokens
        self.streamsInFlight = streamsInFlight
        self.streamLimit = streamLimit
        self.dailyTokensUsed = dailyTokensUsed
        self.dailyTokenLimit = dailyTokenLimit
    }
}

/// A key's and its partner's limits, for the response headers of one call.
public struct QuotaStatus: Hashable, Sendable {
    public var key: SubjectStatus
    public var partner: SubjectStatus

    public init(key: SubjectStatus, partner: SubjectStatus) {
        self.key = key
        self.partner = partner
    }

    /// The request bucket that binds: the one with fewer remaining (on a tie, the later
    /// reset), key or partner.
    public var requests: BucketStatus? { Self.tighter(self.key.requests, self.partner.requests) }

    /// The token bucket that binds, chosen like ``requests``.
    public var tokens: BucketStatus? { Self.tighter(self.key.tokens, self.partner.tokens) }

    private static func tighter(_ first: BucketStatus?, _ second: BucketStatus?) -> BucketStatus? {
        guard let first else { return second }
        guard let second else { return first }
        if first.remaining != second.remaining {
            return first.remaining < second.remaining ? first : second
        }
        return second.resetMs > first.resetMs ? second : first
    }
}
