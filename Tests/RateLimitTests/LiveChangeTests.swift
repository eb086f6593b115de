import Testing

@testable import RateLimit

@Suite struct LiveChangeTests {
    func remaining(_ harness: Harness, _ quota: QuotaLimits) -> SubjectStatus {
        harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited).key
    }

    @Test func raisingTheBurstAddsTheDifference() throws {
        let harness = Harness()
        let small = limits(requests: BucketLimit(perMinute: 60, burst: 5))
        for _ in 0..<5 {
            _ = try #require(harness.admit(key: small).success)
        }
        let large = limits(requests: BucketLimit(perMinute: 60, burst: 20))
        #expect(self.remaining(harness, large).requests?.remaining == 15)
        for _ in 0..<15 {
            #expect(harness.admit(key: large).success != nil)
        }
        #expect(harness.admit(key: large).failure != nil)
    }

    @Test func loweringTheBurstClampsTheLevel() throws {
        let harness = Harness()
        let large = limits(requests: BucketLimit(perMinute: 60, burst: 20))
        _ = try #require(harness.admit(key: large).success)
        let small = limits(requests: BucketLimit(perMinute: 60, burst: 3))
        for _ in 0..<3 {
            #expect(harness.admit(key: small).success != nil)
        }
        #expect(harness.admit(key: small).failure?.retryAfterMs == 1_000)
    }

    @Test func aNewRateAppliesFromTheNextCall() throws {
        let harness = Harness()
        let slow = limits(requests: BucketLimit(perMinute: 1, burst: 1))
        _ = try #require(harness.admit(key: slow).success)
        #expect(harness.admit(key: slow).failure?.retryAfterMs == 60_000)
        let fast = limits(requests: BucketLimit(perMinute: 600, burst: 1))
        #expect(harness.admit(key: fast).failure?.retryAfterMs == 100)
    }

    @Test func removingAndAddingALimit() throws {
        let harness = Harness()
        let limited = limits(requests: BucketLimit(perMinute: 60, burst: 1))
        _ = try #require(harness.admit(key: limited).success)
        #expect(harness.admit(key: limited).failure != nil)
        #expect(harness.admit(key: .unlimited).success != nil)
        // The bucket was dropped with its limit; it comes back full.
        #expect(harness.admit(key: limited).success != nil)
    }

    @Test func loweringTheStreamCapKeepsCallsInFlight() throws {
        let harness = Harness()
        let wide = limits(streams: 3)
        let held = try (0..<3).map { _ in try #require(harness.admit(key: wide).success) }
        let narrow = limits(streams: 1)
        #expect(harness.admit(key: narrow).failure?.kind == .concurrency)
        harness.limiter.settle(held[0], actualTokens: 0)
        harness.limiter.settle(held[1], actualTokens: 0)
        #expect(harness.admit(key: narrow).failure?.kind == .concurrency)
        harness.limiter.settle(held[2], actualTokens: 0)
        #expect(harness.admit(key: narrow).success != nil)
    }

    @Test func settlingAfterTheTokenLimitWentAwayIsHarmless() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 60, burst: 100))
        let reservation = try #require(harness.admit(key: quota, tokens: 80).success)
        _ = try #require(harness.admit(key: .unlimited).success)
        #expect(harness.limiter.settle(reservation, actualTokens: 1_000))
        // The limit is back: a fresh, full bucket, untouched by the earlier overrun.
        #expect(self.remaining(harness, quota).tokens?.remaining == 100)
    }
}
