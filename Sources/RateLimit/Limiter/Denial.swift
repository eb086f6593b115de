/// Why a call was not admitted: the one limit that binds, and when to come back.
///
/// When several limits deny a call at once, the denial reported is the most binding: a
/// call that can never be admitted, then a reached daily cap, then the longest wait. So
/// ``retryAfterMs`` of a retryable denial is the earliest time at which the call would be
/// admitted, if nothing else spends in between.
public struct Denial: Error, Hashable, Sendable {
    /// What kind of "no" this is.
    public enum Reason: Hashable, Sendable {
        /// The limit is used up for now. Retry after ``Denial/retryAfterMs``.
        case exhausted
        /// The daily token cap is reached. It resets at the next UTC midnight,
        /// ``Denial/retryAfterMs`` from now; retrying earlier is pointless.
        case dailyCapReached
        /// The call asks for more than the limit can ever hold (more estimated tokens
        /// than the bucket's burst or the daily cap). It will never be admitted as it is.
        case exceedsCapacity
    }

    /// Whose limit binds.
    public var scope: QuotaScope
    /// Which limit binds.
    public var kind: QuotaKind
    /// What kind of "no" this is.
    public var reason: Reason
    /// The configured limit: per minute for requests and tokens, streams for
    /// concurrency, tokens per UTC day for daily.
    public var limit: UInt64
    /// The bucket's capacity for requests and tokens; `nil` for concurrency and daily.
    public var burst: UInt64?
    /// What the call asked of this limit: 1 request, its estimated tokens, or 1 stream.
    public var requested: UInt64
    /// Milliseconds until the call could be admitted, rounded up: exact to the bucket's
    /// refill for requests and tokens; the limiter's configured hint for concurrency
    /// (a slot frees when some call ends, which nobody can predict); the time until UTC
    /// midnight for the daily cap. `nil` when the call can never be admitted.
    public var retryAfterMs: UInt64?

    /// Whether retrying the same call after ``retryAfterMs`` can succeed within the day.
    public var retryable: Bool {
        switch self.reason {
        case .exhausted: true
        case .dailyCapReached, .exceedsCapacity: false
        }
    }

    public init(
        scope: QuotaScope,
        kind: QuotaKind,
        reason: Reason,
        limit: UInt64,
        burst: UInt64?,
        requested: UInt64,
        retryAfterMs: UInt64?
    ) {
        self.scope = scope
        self.kind = kind
        self.reason = reason
        self.limit = limit
        self.burst = burst
        self.requested = requested
        self.retryAfterMs = retryAfterMs
    }
}

extension Denial {
    /// How binding a denial is: higher binds more.
    private var severity: (Int, UInt64) {
        switch self.reason {
        case .exceedsCapacity: (2, 0)
        case .dailyCapReached: (1, 0)
        case .exhausted: (0, self.retryAfterMs ?? 0)
        }
    }

    /// The more binding of two denials; on a tie, the first.
    static func mostBinding(_ first: Denial?, _ second: Denial?) -> Denial? {
        guard let first else { return second }
        guard let second else { return first }
        return second.severity > first.severity ? second : first
    }
}

extension Denial: CustomStringConvertible {
    /// A human-readable message for the RESOURCE_EXHAUSTED status, naming the limit and
    /// never the key itself.
    public var description: String {
        "\(self.scope) \(self.kind) limit \(self.limitDescription): \(self.outcomeDescription)"
    }

    private var limitDescription: String {
        switch self.kind {
        case .requests, .tokens: "of \(self.limit) per minute (burst \(self.burst ?? self.limit))"
        case .concurrency: "of \(self.limit) concurrent streams"
        case .daily: "of \(self.limit) tokens per UTC day"
        }
    }

    private var outcomeDescription: String {
        switch self.reason {
        case .exhausted: "reached; retry after \(self.retryAfterMs ?? 0) ms"
        case .dailyCapReached: "reached; resets at UTC midnight, in \(self.retryAfterMs ?? 0) ms"
        case .exceedsCapacity: "is smaller than the \(self.requested) the call needs; it can never be admitted"
        }
    }
}
