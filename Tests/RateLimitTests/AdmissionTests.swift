import Testing

@testable import RateLimit

@Suite struct AdmissionTests {
    @Test func burstThenSteadyRate() {
        let harness = Harness()
        let quota = limits(requests: BucketLimit(perMinute: 60, burst: 3))
        for _ in 0..<3 {
            #expect(harness.admit(key: quota).success != nil)
        }
        #expect(harness.admit(key: quota).failure?.retryAfterMs == 1_000)
        // One per second from now on, never two.
        for _ in 0..<10 {
            harness.clock.advance(byMs: 1_000)
            #expect(harness.admit(key: quota).success != nil)
            #expect(harness.admit(key: quota).failure != nil)
        }
    }

    @Test func unlimitedAdmitsEverything() {
        let harness = Harness()
        for _ in 0..<1_000 {
            #expect(harness.admit(tokens: .max).success != nil)
        }
    }

    @Test func settleReturnsUnusedTokens() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 60, burst: 1_000))
        let reservation = try #require(harness.admit(key: quota, tokens: 800).success)
        #expect(reservation.status.key.tokens?.remaining == 200)
        #expect(harness.admit(key: quota, tokens: 300).failure?.kind == .tokens)
        harness.limiter.settle(reservation, actualTokens: 150)
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(status.key.tokens?.remaining == 850)
        #expect(harness.admit(key: quota, tokens: 850).success != nil)
    }

    @Test func settleChargesOverrunAsDebt() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 60, burst: 100))
        let reservation = try #require(harness.admit(key: quota, tokens: 10).success)
        harness.limiter.settle(reservation, actualTokens: 130)
        // Level: 100 - 130 = -30 tokens; a 1-token call waits for 31 tokens at 1 per second.
        let denial = try #require(harness.admit(key: quota, tokens: 1).failure)
        #expect(denial.kind == .tokens)
        #expect(denial.reason == .exhausted)
        #expect(denial.retryAfterMs == 31_000)
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(status.key.tokens == BucketStatus(limit: 60, burst: 100, remaining: 0, resetMs: 130_000))
    }

    @Test func settlingTwiceIsANoOp() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 60, burst: 100), streams: 1)
        let reservation = try #require(harness.admit(key: quota, tokens: 50).success)
        #expect(!reservation.isSettled)
        #expect(harness.limiter.settle(reservation, actualTokens: 0))
        #expect(reservation.isSettled)
        let second = try #require(harness.admit(key: quota, tokens: 50).success)
        // Settling the first again must neither refund 50 nor free the second's slot.
        #expect(!harness.limiter.settle(reservation, actualTokens: 0))
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(status.key.tokens?.remaining == 50)
        #expect(status.key.streamsInFlight == 1)
        #expect(harness.admit(key: quota).failure?.kind == .concurrency)
        _ = second
    }

    @Test func aReservationOfAnotherLimiterIsIgnored() throws {
        let first = Harness()
        let second = Harness()
        let quota = limits(streams: 1)
        let reservation = try #require(first.admit(key: quota).success)
        let other = try #require(second.admit(key: quota).success)
        #expect(!second.limiter.settle(reservation, actualTokens: 0))
        #expect(second.admit(key: quota).failure?.kind == .concurrency)
        #expect(first.limiter.settle(reservation, actualTokens: 0))
        withExtendedLifetime(other) {}
    }

    @Test func concurrencySlotIsReleasedOnSettle() throws {
        let harness = Harness()
        let quota = limits(streams: 2)
        let first = try #require(harness.admit(key: quota).success)
        let second = try #require(harness.admit(key: quota).success)
        defer { withExtendedLifetime(second) {} }
        let denial = try #require(harness.admit(key: quota).failure)
        #expect(denial.kind == .concurrency)
        #expect(denial.scope == .key)
        #expect(denial.limit == 2)
        #expect(denial.retryable)
        #expect(denial.retryAfterMs == RateLimiter.Configuration().concurrencyRetryAfterMs)
        harness.limiter.settle(first, actualTokens: 0)
        #expect(harness.admit(key: quota).success != nil)
    }

    @Test func partnerConcurrencySpansItsKeys() throws {
        let harness = Harness()
        let partner = limits(streams: 2)
        let first = try #require(harness.admit("a", partner: partner).success)
        defer { withExtendedLifetime(first) {} }
        let held = try #require(harness.admit("b", partner: partner).success)
        let denial = try #require(harness.admit("c", partner: partner).failure)
        #expect(denial.scope == .partner)
        #expect(denial.kind == .concurrency)
        harness.limiter.settle(held, actualTokens: 0)
        #expect(harness.admit("c", partner: partner).success != nil)
    }

    @Test func allOrNothingAcrossKeyAndPartner() throws {
        let harness = Harness()
        let key = limits(
            requests: BucketLimit(perMinute: 60, burst: 10), tokens: BucketLimit(perMinute: 600, burst: 100))
        let partner = limits(
            requests: BucketLimit(perMinute: 60, burst: 10), tokens: BucketLimit(perMinute: 60, burst: 50))
        let held = try #require(harness.admit(key: key, partner: partner, tokens: 40).success)
        defer { withExtendedLifetime(held) {} }
        // The partner has 10 tokens left; the key has 60. The call is refused and the key
        // loses nothing: neither its request nor its tokens.
        let denial = try #require(harness.admit(key: key, partner: partner, tokens: 20).failure)
        #expect(denial.scope == .partner)
        #expect(denial.kind == .tokens)
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: key, partnerLimits: partner)
        #expect(status.key.requests?.remaining == 9)
        #expect(status.key.tokens?.remaining == 60)
        #expect(status.key.streamsInFlight == 1)
        #expect(status.partner.requests?.remaining == 9)
        #expect(status.partner.tokens?.remaining == 10)
    }

    @Test func aKeyDenialTakesNothingFromThePartner() throws {
        let harness = Harness()
        let key = limits(requests: BucketLimit(perMinute: 60, burst: 1))
        let partner = limits(
            requests: BucketLimit(perMinute: 60, burst: 5), tokens: BucketLimit(perMinute: 60, burst: 100))
        _ = try #require(harness.admit(key: key, partner: partner, tokens: 10).success)
        #expect(harness.admit(key: key, partner: partner, tokens: 10).failure?.scope == .key)
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: key, partnerLimits: partner)
        #expect(status.partner.requests?.remaining == 4)
        #expect(status.partner.tokens?.remaining == 90)
    }

    @Test func partnersAreIsolated() throws {
        let harness = Harness()
        let partner = limits(
            requests: BucketLimit(perMinute: 60, burst: 2), tokens: BucketLimit(perMinute: 60, burst: 10), streams: 2)
        let held = try ["a1", "a2"].map {
            try #require(harness.admit($0, of: "A", partner: partner, tokens: 5).success)
        }
        defer { withExtendedLifetime(held) {} }
        #expect(harness.admit("a3", of: "A", partner: partner).failure?.scope == .partner)
        let others = (0..<2).map { harness.admit("b\($0)", of: "B", partner: partner, tokens: 5) }
        #expect(others.allSatisfy { $0.success != nil })
    }

    @Test func keysOfOnePartnerHaveTheirOwnBuckets() throws {
        let harness = Harness()
        let key = limits(requests: BucketLimit(perMinute: 60, burst: 1))
        #expect(harness.admit("a", key: key).success != nil)
        #expect(harness.admit("a", key: key).failure?.scope == .key)
        #expect(harness.admit("b", key: key).success != nil)
    }

    @Test func aCallLargerThanTheBucketCanNeverBeAdmitted() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 1_000, burst: 500))
        let denial = try #require(harness.admit(key: quota, tokens: 501).failure)
        #expect(denial.reason == .exceedsCapacity)
        #expect(denial.kind == .tokens)
        #expect(denial.burst == 500)
        #expect(denial.requested == 501)
        #expect(denial.retryAfterMs == nil)
        #expect(!denial.retryable)
        #expect(harness.limiter.subjectCount == 0)
        #expect(harness.admit(key: quota, tokens: 500).success != nil)
    }

    @Test func exceedingCapacityOutranksAnyWait() throws {
        let harness = Harness()
        let key = limits(requests: BucketLimit(perMinute: 1, burst: 1))
        let partner = limits(tokens: BucketLimit(perMinute: 1_000, burst: 100))
        _ = try #require(harness.admit(key: key).success)
        let denial = try #require(harness.admit(key: key, partner: partner, tokens: 101).failure)
        #expect(denial.scope == .partner)
        #expect(denial.reason == .exceedsCapacity)
    }

    @Test func statusAfterAdmissionIsForHeaders() throws {
        let harness = Harness()
        let key = limits(
            requests: BucketLimit(perMinute: 60, burst: 10), tokens: BucketLimit(perMinute: 6_000, burst: 1_000))
        let partner = limits(requests: BucketLimit(perMinute: 600, burst: 5), daily: 10_000)
        let reservation = try #require(harness.admit(key: key, partner: partner, tokens: 300).success)
        let status = reservation.status
        #expect(status.key.requests == BucketStatus(limit: 60, burst: 10, remaining: 9, resetMs: 1_000))
        #expect(status.key.tokens == BucketStatus(limit: 6_000, burst: 1_000, remaining: 700, resetMs: 3_000))
        #expect(status.partner.requests == BucketStatus(limit: 600, burst: 5, remaining: 4, resetMs: 100))
        #expect(status.partner.tokens == nil)
        #expect(status.partner.dailyTokensUsed == 300)
        #expect(status.partner.dailyTokenLimit == 10_000)
        #expect(status.key.streamsInFlight == 1)
        #expect(status.requests == status.partner.requests)
        #expect(status.tokens == status.key.tokens)
    }

    @Test func statusChangesNothing() {
        let harness = Harness()
        let quota = limits(requests: BucketLimit(perMinute: 60, burst: 10))
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: quota)
        #expect(status.key.requests?.remaining == 10)
        #expect(harness.limiter.subjectCount == 0)
    }

    @Test func aReservationReleasedUnsettledSettlesAtItsEstimate() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 60, burst: 100), streams: 1)
        do {
            let forgotten = try #require(harness.admit(key: quota, tokens: 30).success)
            #expect(harness.admit(key: quota).failure?.kind == .concurrency)
            withExtendedLifetime(forgotten) {}
        }
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(status.key.streamsInFlight == 0)
        #expect(status.key.tokens?.remaining == 70)
        #expect(harness.admit(key: quota, tokens: 70).success != nil)
    }

    @Test func reservationIdsIncrease() throws {
        let harness = Harness()
        let first = try #require(harness.admit().success)
        let second = try #require(harness.admit(tokens: 7).success)
        #expect(second.id > first.id)
        #expect(second.key == "k")
        #expect(second.partner == "p")
        #expect(second.estimatedTokens == 7)
    }
}
