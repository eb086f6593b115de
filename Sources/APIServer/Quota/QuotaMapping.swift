import RateLimit
import FlintAPI

/// Rate-limiter results in wire terms: response headers and RESOURCE_EXHAUSTED.
enum QuotaMapping {
    static func headers(_ status: QuotaStatus) -> ResponseHeaders {
        ResponseHeaders(requests: status.requests.map(state), tokens: status.tokens.map(state))
    }

    private static func state(_ bucket: BucketStatus) -> RateLimitState {
        RateLimitState(limit: bucket.burst, remaining: bucket.remaining, resetMs: bucket.resetMs)
    }

    /// RESOURCE_EXHAUSTED naming the limit, with `retry_after_ms` exact to the refill; a call
    /// that can never fit (needs more than the burst) is INVALID_ARGUMENT instead.
    static func error(_ denial: Denial) -> RPCError {
        let failure = QuotaFailure(
            scope: denial.scope == .key ? .key : .partner,
            limit: limit(denial.kind),
            limitValue: denial.limit,
            retryable: denial.retryable
        )
        let retryAfter = UInt32(clamping: denial.retryAfterMs ?? 0)
        if case .exceedsCapacity = denial.reason {
            return RPCError(.invalidArgument, "\(denial)", details: [.quotaFailure(failure)])
        }
        return RPCError(.resourceExhausted, "\(denial)", retryAfterMs: retryAfter, details: [.quotaFailure(failure)])
    }

    private static func limit(_ kind: QuotaKind) -> QuotaLimit {
        switch kind {
        case .requests: .requestsPerMinute
        case .tokens: .tokensPerMinute
        case .concurrency: .concurrentStreams
        case .daily: .dailyTokens
        }
    }
}
