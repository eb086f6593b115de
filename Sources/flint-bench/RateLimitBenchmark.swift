import RateLimit

/// Admission decisions per second: one core uncontended, and two cores on one key.
enum RateLimitBenchmark {
    static let limits = try! QuotaLimits(
        requests: BucketLimit(perMinute: 1_000_000_000_000),
        tokens: BucketLimit(perMinute: 1_000_000_000_000),
        concurrentStreams: 1_000_000,
        dailyTokens: nil
    )

    static func run(count: Int) async -> [Result] {
        let limiter = RateLimiter()
        let single = Measure.rate(count: count) { _ in admitAndSettle(limiter) }
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask { for _ in 0..<count { admitAndSettle(limiter) } }
            }
        }
        let contended = Double(2 * count) / Measure.seconds(ContinuousClock.now - start)
        let denying = RateLimiter()
        let tight = try! QuotaLimits(requests: BucketLimit(perMinute: 1, burst: 1))
        let denials = Measure.rate(count: count) { _ in
            _ = denying.admit(key: "k", partner: "p", keyLimits: tight, partnerLimits: .unlimited, estimatedTokens: 0)
        }
        return [
            Result(name: "ratelimit: admit+settle, 1 task, 1 key", value: single, unit: "decisions/s"),
            Result(name: "ratelimit: admit+settle, 2 tasks contending on 1 key", value: contended, unit: "decisions/s"),
            Result(name: "ratelimit: denials, 1 task, 1 key at its limit", value: denials, unit: "decisions/s"),
        ]
    }

    private static func admitAndSettle(_ limiter: RateLimiter) {
        if case .success(let reservation) = limiter.admit(key: "key", partner: "partner", keyLimits: limits, partnerLimits: limits, estimatedTokens: 100) {
            limiter.settle(reservation, actualTokens: 80)
        }
    }
}
