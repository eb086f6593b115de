import Testing

@testable import RateLimit

/// Random interleavings of admit, settle and clock moves (forwards and backwards), checked
/// against the one promise that matters: no bucket ever admits more than its capacity plus
/// its refill over the elapsed time.
@Suite struct PropertyTests {
    /// What one bucket subject has been charged: requests admitted, and tokens (actual
    /// tokens of settled calls plus estimates of calls in flight).
    struct Ledger {
        var requests: Int64 = 0
        var tokens: Int64 = 0

        /// Checks both against `limits` after `elapsedMs` of refill.
        func check(_ limits: QuotaLimits, elapsedMs: Int64, sourceLocation: SourceLocation = #_sourceLocation) {
            let unit = TokenBucket.unitsPerToken
            if let bucket = limits.requests {
                let bound = Int64(bucket.burst) * unit + elapsedMs * Int64(bucket.perMinute)
                #expect(self.requests * unit <= bound, sourceLocation: sourceLocation)
            }
            if let bucket = limits.tokens {
                let bound = Int64(bucket.burst) * unit + elapsedMs * Int64(bucket.perMinute)
                #expect(self.tokens * unit <= bound, sourceLocation: sourceLocation)
            }
        }
    }

    /// Four keys: three of partner P0, one of P1.
    static let keys = ["k0", "k1", "k2", "k3"]
    static func partner(of key: String) -> String { key == "k3" ? "P1" : "P0" }

    static func bucket<G: RandomNumberGenerator>(
        _ rng: inout G, rates: ClosedRange<UInt64>, bursts: ClosedRange<UInt64>
    ) -> BucketLimit? {
        guard Bool.random(using: &rng) || Bool.random(using: &rng) else { return nil }
        return BucketLimit(perMinute: .random(in: rates, using: &rng), burst: .random(in: bursts, using: &rng))
    }

    static func quota<G: RandomNumberGenerator>(_ rng: inout G, streams: Bool) -> QuotaLimits {
        limits(
            requests: Self.bucket(&rng, rates: 1...3_000, bursts: 1...20),
            tokens: Self.bucket(&rng, rates: 1...60_000, bursts: 80...600),
            streams: streams && Bool.random(using: &rng) ? .random(in: 1...4, using: &rng) : nil,
            daily: Bool.random(using: &rng) ? .random(in: 500...20_000, using: &rng) : nil
        )
    }

    @Test(arguments: 0..<40 as Range<UInt64>)
    func serialInterleavingsStayWithinTheBound(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        // Odd seeds: no stream caps, so every retryable denial can be checked for exactness.
        let streams = seed % 2 == 0
        var limitsOf: [Subject: QuotaLimits] = [:]
        for key in Self.keys {
            limitsOf[Subject(scope: .key, id: key)] = Self.quota(&rng, streams: streams)
        }
        for partner in ["P0", "P1"] {
            limitsOf[Subject(scope: .partner, id: partner)] = Self.quota(&rng, streams: streams)
        }
        let harness = Harness()
        var ledgers: [Subject: Ledger] = [:]
        var inFlight: [Reservation] = []
        var latestMs: Int64 = 0
        for _ in 0..<1_500 {
            switch rng.next() % 20 {
            case 0..<10:
                let key = Self.keys.randomElement(using: &rng)!
                let subjects = [Subject(scope: .key, id: key), Subject(scope: .partner, id: Self.partner(of: key))]
                let request = AdmissionRequest(
                    key: key, partner: Self.partner(of: key), keyLimits: limitsOf[subjects[0]]!,
                    partnerLimits: limitsOf[subjects[1]]!, estimatedTokens: .random(in: 0...120, using: &rng)
                )
                let before = harness.limiter.state.withLock { $0 }
                switch harness.admit(
                    key, of: request.partner, key: request.keyLimits, partner: request.partnerLimits,
                    tokens: request.estimatedTokens)
                {
                case .success(let reservation):
                    inFlight.append(reservation)
                    for subject in subjects {
                        ledgers[subject, default: Ledger()].requests += 1
                        ledgers[subject, default: Ledger()].tokens += Int64(request.estimatedTokens)
                        ledgers[subject]!.check(limitsOf[subject]!, elapsedMs: latestMs)
                    }
                case .failure(let denial):
                    guard !streams, denial.reason == .exhausted else { continue }
                    try Self.expectExactRetry(denial, before, request, harness)
                }
            case 10..<16:
                guard !inFlight.isEmpty else { continue }
                let reservation = inFlight.remove(at: .random(in: 0..<inFlight.count, using: &rng))
                let actual = UInt64.random(in: 0...(2 * reservation.estimatedTokens + 10), using: &rng)
                #expect(harness.limiter.settle(reservation, actualTokens: actual))
                for subject in [
                    Subject(scope: .key, id: reservation.key), Subject(scope: .partner, id: reservation.partner),
                ] {
                    ledgers[subject]!.tokens += Int64(actual) - Int64(reservation.estimatedTokens)
                }
            case 16..<19:
                harness.clock.advance(byMs: .random(in: 0...2_000, using: &rng))
            default:
                harness.clock.set(ms: max(0, harness.clock.nowMs + .random(in: -3_000...1_000, using: &rng)))
            }
            latestMs = max(latestMs, harness.clock.nowMs)
        }
    }

    /// On a copy of the state before the denial: still denied 1 ms before
    /// `retryAfterMs`, admitted exactly at it.
    static func expectExactRetry(
        _ denial: Denial, _ before: QuotaState, _ request: AdmissionRequest, _ harness: Harness
    ) throws {
        let wait = Int64(try #require(denial.retryAfterMs))
        let now = harness.clock.nowMs
        var early = before
        var exact = before
        let unixMs = harness.wall.unixMs
        #expect(early.admit(request, at: Moment(monotonicMs: now + wait - 1, unixMs: unixMs)).failure != nil)
        #expect(exact.admit(request, at: Moment(monotonicMs: now + wait, unixMs: unixMs)).success != nil)
    }
}
