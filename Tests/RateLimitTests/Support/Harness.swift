@testable import RateLimit

/// A limiter on two manual clocks: a monotonic one starting at 0, and a wall clock
/// starting at noon UTC on day 20 000 (2024-10-04), far from midnight.
struct Harness {
    static let noonDay20000: Int64 = 20_000 * 86_400_000 + 43_200_000

    let clock = ManualClock(ms: 0)
    let wall = ManualClock(ms: Harness.noonDay20000)
    let limiter: RateLimiter

    init(_ configuration: RateLimiter.Configuration = RateLimiter.Configuration()) {
        self.limiter = RateLimiter(configuration: configuration, clock: self.clock, wallClock: self.wall)
    }

    /// Admits a call for `key` of `partner` (default "p").
    func admit(
        _ key: String = "k",
        of partner: String = "p",
        key keyLimits: QuotaLimits = .unlimited,
        partner partnerLimits: QuotaLimits = .unlimited,
        tokens: UInt64 = 0
    ) -> Result<Reservation, Denial> {
        self.limiter.admit(
            key: key, partner: partner, keyLimits: keyLimits, partnerLimits: partnerLimits,
            estimatedTokens: tokens
        )
    }
}

extension Result {
    var success: Success? {
        guard case .success(let value) = self else { return nil }
        return value
    }

    var failure: Failure? {
        guard case .failure(let error) = self else { return nil }
        return error
    }
}

/// Limits that are known valid; a test fails loudly if they are not.
func limits(
    requests: BucketLimit? = nil,
    tokens: BucketLimit? = nil,
    streams: UInt64? = nil,
    daily: UInt64? = nil
) -> QuotaLimits {
    do {
        return try QuotaLimits(requests: requests, tokens: tokens, concurrentStreams: streams, dailyTokens: daily)
    } catch {
        fatalError("invalid test limits: \(error)")
    }
}

/// A small deterministic generator (SplitMix64), so property tests replay exactly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
