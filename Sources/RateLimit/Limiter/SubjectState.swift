/// Everything the limiter knows about one key, or one partner: its buckets, its daily
/// count and its calls in flight, under the limits last applied.
///
/// A value: admission works on copies and stores them only if every check passes.
struct SubjectState: Sendable {
    private(set) var limits: QuotaLimits
    private(set) var requests: TokenBucket?
    private(set) var tokens: TokenBucket?
    private(set) var daily: DailyUsage?
    private(set) var inFlight: UInt64
    /// The monotonic time of the last admission or settlement, for eviction order.
    private(set) var lastUsedMs: Int64

    /// A subject never seen before (or forgotten while it carried no information).
    init(atMs now: Int64) {
        self.limits = .unlimited
        self.inFlight = 0
        self.lastUsedMs = now
    }

    /// A subject rebuilt from a snapshot.
    init(restoring requests: TokenBucket?, tokens: TokenBucket?, daily: DailyUsage?, atMs now: Int64) {
        self.init(atMs: now)
        self.requests = requests
        self.tokens = tokens
        self.daily = daily
    }

    /// Applies `limits` and counts refill up to `moment`. A bucket appears full when its
    /// limit appears, follows ``TokenBucket/reconfigure(to:atMs:)`` when it changes, and is
    /// dropped when its limit goes; the daily count is kept only while a cap is set.
    mutating func apply(_ limits: QuotaLimits, at moment: Moment) {
        self.limits = limits
        self.requests = Self.bucket(self.requests, limits.requests, at: moment)
        self.tokens = Self.bucket(self.tokens, limits.tokens, at: moment)
        guard limits.dailyTokens != nil else {
            self.daily = nil
            return
        }
        var daily = self.daily ?? DailyUsage(day: moment.utcDay)
        daily.roll(to: moment.utcDay)
        self.daily = daily
    }

    private static func bucket(_ bucket: TokenBucket?, _ limit: BucketLimit?, at moment: Moment) -> TokenBucket? {
        guard let limit else { return nil }
        guard var bucket else { return TokenBucket(limit: limit, atMs: moment.latestMs) }
        bucket.reconfigure(to: limit, atMs: moment.monotonicMs)
        bucket.refill(toMs: moment.monotonicMs)
        return bucket
    }
}

extension SubjectState {
    /// Takes one request, `estimatedTokens` and a stream slot; the caller has checked
    /// ``denial(estimatedTokens:scope:at:concurrencyRetryAfterMs:)`` first.
    mutating func take(estimatedTokens: UInt64, at moment: Moment) -> Charge {
        self.requests?.take(units: TokenBucket.unitsPerToken)
        self.tokens?.take(units: Self.units(estimatedTokens))
        self.daily?.add(estimatedTokens)
        self.inFlight += 1
        self.lastUsedMs = moment.monotonicMs
        return Charge(tokens: self.tokens != nil, dailyDay: self.daily?.day)
    }

    /// Ends a call admitted with `charge`: frees its stream slot, gives back unused
    /// estimated tokens or charges the overrun, and counts the actual tokens for the day.
    /// An overrun settled after the UTC day of admission ended is added to the new day.
    mutating func settle(_ charge: Charge, estimated: UInt64, actual: UInt64, at moment: Moment) {
        self.inFlight = self.inFlight > 0 ? self.inFlight - 1 : 0
        self.lastUsedMs = max(self.lastUsedMs, moment.monotonicMs)
        if charge.tokens, var bucket = self.tokens {
            bucket.refill(toMs: moment.monotonicMs)
            bucket.settle(reservedUnits: Self.units(estimated), actualUnits: Self.units(actual))
            self.tokens = bucket
        }
        if let day = charge.dailyDay, var daily = self.daily {
            daily.roll(to: moment.utcDay)
            if daily.day == day {
                daily.remove(estimated)
                daily.add(actual)
            } else if actual > estimated {
                daily.add(actual - estimated)
            }
            self.daily = daily
        }
    }

    /// Marks the subject used at `moment`, for eviction order.
    mutating func touch(at moment: Moment) {
        self.lastUsedMs = max(self.lastUsedMs, moment.monotonicMs)
    }

    /// Tokens in bucket units; counts above ``QuotaLimits/maxValue`` count as that much.
    static func units(_ tokens: UInt64) -> Int64 {
        Int64(min(tokens, QuotaLimits.maxValue)) * TokenBucket.unitsPerToken
    }
}

extension SubjectState {
    /// Whether the subject carries no information: nothing in flight, every bucket full,
    /// nothing counted today. Forgetting it changes nothing, since a subject never seen
    /// before starts exactly like this.
    func isDormant(at moment: Moment) -> Bool {
        guard self.inFlight == 0 else { return false }
        if let bucket = self.requests, !bucket.refilled(toMs: moment.monotonicMs).isFull { return false }
        if let bucket = self.tokens, !bucket.refilled(toMs: moment.monotonicMs).isFull { return false }
        if let daily = self.daily, daily.used > 0, daily.day >= moment.utcDay { return false }
        return true
    }

    /// The subject as a caller sees it, for response headers.
    func status(at moment: Moment) -> SubjectStatus {
        SubjectStatus(
            requests: self.requests?.status(atMs: moment.monotonicMs),
            tokens: self.tokens?.status(atMs: moment.monotonicMs),
            streamsInFlight: self.inFlight,
            streamLimit: self.limits.concurrentStreams,
            dailyTokensUsed: self.daily?.used,
            dailyTokenLimit: self.limits.dailyTokens
        )
    }
}

extension SubjectState {
    /// Why `tokens` more cannot be taken for a call charged with `charge`, if they cannot.
    func extensionDenial(_ tokens: UInt64, _ charge: Charge, scope: QuotaScope, at moment: Moment) -> Denial? {
        self.tokenDenial(tokens, scope: scope, at: moment, charge: charge)
    }

    /// Takes `tokens` more from the limits `charge` covers.
    mutating func takeMore(_ tokens: UInt64, _ charge: Charge, at moment: Moment) {
        if charge.tokens { self.tokens?.take(units: Self.units(tokens)) }
        if let day = charge.dailyDay, self.daily?.day == day { self.daily?.add(tokens) }
        self.touch(at: moment)
    }
}
