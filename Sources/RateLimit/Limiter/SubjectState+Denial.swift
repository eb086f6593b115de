extension SubjectState {
    /// The most binding reason not to admit a call estimated at `estimatedTokens`, or
    /// `nil` if every limit of this subject admits it. Call after ``apply(_:at:)``.
    func denial(
        estimatedTokens: UInt64,
        scope: QuotaScope,
        at moment: Moment,
        concurrencyRetryAfterMs: UInt64
    ) -> Denial? {
        var denial: Denial?
        if let bucket = self.requests {
            denial = Denial.mostBinding(denial, Self.denial(bucket, 1, .requests, scope, moment))
        }
        if let cap = self.limits.concurrentStreams, self.inFlight >= cap {
            let full = Denial(
                scope: scope, kind: .concurrency, reason: .exhausted, limit: cap, burst: nil,
                requested: 1, retryAfterMs: concurrencyRetryAfterMs
            )
            denial = Denial.mostBinding(denial, full)
        }
        return Denial.mostBinding(denial, self.tokenDenial(estimatedTokens, scope: scope, at: moment))
    }

    /// The most binding reason the token bucket or the daily cap denies `tokens`, if any.
    /// With `charge`, only the limits that charge covers (an extension of an admitted call).
    func tokenDenial(_ tokens: UInt64, scope: QuotaScope, at moment: Moment, charge: Charge? = nil) -> Denial? {
        var denial: Denial?
        if let bucket = self.tokens, charge?.tokens ?? true {
            denial = Denial.mostBinding(denial, Self.denial(bucket, tokens, .tokens, scope, moment))
        }
        if let cap = self.limits.dailyTokens, let daily = self.daily, charge.map({ $0.dailyDay == daily.day }) ?? true {
            denial = Denial.mostBinding(denial, Self.denial(daily, cap, tokens, scope, moment))
        }
        return denial
    }

    private static func denial(
        _ bucket: TokenBucket,
        _ requested: UInt64,
        _ kind: QuotaKind,
        _ scope: QuotaScope,
        _ moment: Moment
    ) -> Denial? {
        let limit = bucket.limit
        guard requested <= limit.burst else {
            return Denial(
                scope: scope, kind: kind, reason: .exceedsCapacity, limit: limit.perMinute,
                burst: limit.burst, requested: requested, retryAfterMs: nil
            )
        }
        let waitMs = bucket.waitMs(untilUnits: Self.units(requested), atMs: moment.monotonicMs)
        guard waitMs > 0 else { return nil }
        return Denial(
            scope: scope, kind: kind, reason: .exhausted, limit: limit.perMinute,
            burst: limit.burst, requested: requested, retryAfterMs: UInt64(waitMs)
        )
    }

    private static func denial(
        _ daily: DailyUsage,
        _ cap: UInt64,
        _ requested: UInt64,
        _ scope: QuotaScope,
        _ moment: Moment
    ) -> Denial? {
        guard requested <= cap else {
            return Denial(
                scope: scope, kind: .daily, reason: .exceedsCapacity, limit: cap, burst: nil,
                requested: requested, retryAfterMs: nil
            )
        }
        guard !daily.admits(requested, cap: cap) else { return nil }
        return Denial(
            scope: scope, kind: .daily, reason: .dailyCapReached, limit: cap, burst: nil,
            requested: requested, retryAfterMs: UInt64(daily.msUntilReset(atUnixMs: moment.unixMs))
        )
    }
}
