import RateLimit

/// A rate limiter with limits no benchmark run reaches, so every admission succeeds and
/// takes the full path: both buckets of the key and of its partner, the stream slot, and
/// the settlement that gives back the unused estimate.
struct AdmissionFixture {
    static let key = "bench-key"
    static let partner = "bench-partner"
    static let limits = try! QuotaLimits(
        requests: BucketLimit(perMinute: 1_000_000_000_000),
        tokens: BucketLimit(perMinute: 1_000_000_000_000),
        concurrentStreams: 1_000_000,
        dailyTokens: nil
    )

    let limiter = RateLimiter()

    /// One admission of a call estimated at 100 tokens, settled at 80; a denial stops the run.
    func admitAndSettle(key: String, partner: String) {
        switch limiter.admit(key: key, partner: partner, keyLimits: Self.limits, partnerLimits: Self.limits, estimatedTokens: 100) {
        case .success(let reservation): limiter.settle(reservation, actualTokens: 80)
        case .failure(let denial): fatalError("the benchmark call was denied: \(denial)")
        }
    }
}
