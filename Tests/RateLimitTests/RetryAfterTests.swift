import Testing

@testable import RateLimit

@Suite struct RetryAfterTests {
    /// Denied now with `retryAfterMs`; denied 1 ms before it; admitted exactly at it.
    func expectAdmittedExactlyAtRetryAfter(
        _ harness: Harness,
        key: QuotaLimits = .unlimited,
        partner: QuotaLimits = .unlimited,
        tokens: UInt64 = 0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Denial {
        let denial = try #require(
            harness.admit(key: key, partner: partner, tokens: tokens).failure, sourceLocation: sourceLocation)
        let wait = Int64(try #require(denial.retryAfterMs, sourceLocation: sourceLocation))
        #expect(wait > 0, sourceLocation: sourceLocation)
        harness.clock.advance(byMs: wait - 1)
        #expect(
            harness.admit(key: key, partner: partner, tokens: tokens).failure != nil, sourceLocation: sourceLocation)
        harness.clock.advance(byMs: 1)
        #expect(
            harness.admit(key: key, partner: partner, tokens: tokens).success != nil, sourceLocation: sourceLocation)
        return denial
    }

    @Test func requestsRetryAfterIsExact() throws {
        let harness = Harness()
        let quota = limits(requests: BucketLimit(perMinute: 7, burst: 2))
        _ = harness.admit(key: quota)
        _ = harness.admit(key: quota)
        let denial = try self.expectAdmittedExactlyAtRetryAfter(harness, key: quota)
        #expect(denial.retryAfterMs == 8_572)  // 60 000 / 7 = 8 571.43, rounded up
        #expect(denial.kind == .requests)
        #expect(denial.limit == 7)
        #expect(denial.burst == 2)
        #expect(denial.retryable)
    }

    @Test func partialRefillCountsTowardsTheWait() throws {
        let harness = Harness()
        let quota = limits(requests: BucketLimit(perMinute: 60, burst: 1))
        _ = harness.admit(key: quota)
        harness.clock.advance(byMs: 400)
        let denial = try self.expectAdmittedExactlyAtRetryAfter(harness, key: quota)
        #expect(denial.retryAfterMs == 600)
    }

    @Test func tokensRetryAfterIsTheTimeUntilTheNeededTokensRefill() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 1_000, burst: 1_000))
        _ = harness.admit(key: quota, tokens: 900)
        // 100 left, 350 needed: 250 tokens at 1 000 per minute = 15 000 ms.
        let denial = try self.expectAdmittedExactlyAtRetryAfter(harness, key: quota, tokens: 350)
        #expect(denial.retryAfterMs == 15_000)
        #expect(denial.requested == 350)
    }

    @Test func theLongerOfKeyAndPartnerWaitsIsReported() throws {
        let harness = Harness()
        let key = limits(requests: BucketLimit(perMinute: 60, burst: 1))
        let partner = limits(tokens: BucketLimit(perMinute: 600, burst: 100))
        _ = harness.admit(key: key, partner: partner, tokens: 100)
        // Key requests: 1 000 ms. Partner tokens: 50 tokens at 10 per second = 5 000 ms.
        let denial = try self.expectAdmittedExactlyAtRetryAfter(harness, key: key, partner: partner, tokens: 50)
        #expect(denial.scope == .partner)
        #expect(denial.kind == .tokens)
        #expect(denial.retryAfterMs == 5_000)
    }

    @Test func debtIsPaidBeforeTheNextCall() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 60, burst: 10))
        let reservation = try #require(harness.admit(key: quota, tokens: 5).success)
        harness.limiter.settle(reservation, actualTokens: 25)
        // Level -15: one token needs 16 seconds.
        let denial = try self.expectAdmittedExactlyAtRetryAfter(harness, key: quota, tokens: 1)
        #expect(denial.retryAfterMs == 16_000)
    }

    @Test func clockGoingBackwardsNeverAddsTokensNorCrashes() throws {
        let harness = Harness()
        let quota = limits(
            requests: BucketLimit(perMinute: 60, burst: 2), tokens: BucketLimit(perMinute: 60, burst: 100))
        harness.clock.set(ms: 100_000)
        _ = harness.admit(key: quota, tokens: 100)
        _ = harness.admit(key: quota)
        harness.clock.set(ms: 40_000)
        #expect(harness.admit(key: quota).failure != nil)
        harness.clock.set(ms: -1_000_000)
        #expect(harness.admit(key: quota).failure != nil)
        harness.clock.set(ms: 99_999)
        #expect(harness.admit(key: quota).failure != nil)
        // Back at 100 000 nothing has refilled yet; the wait counts from there.
        harness.clock.set(ms: 40_000)
        let denial = try self.expectAdmittedExactlyAtRetryAfter(harness, key: quota)
        #expect(denial.kind == .requests)
        #expect(denial.retryAfterMs == 61_000)
        #expect(harness.clock.nowMs == 101_000)
    }

    @Test func clockJumpingFarForwardRefillsOnlyToCapacity() throws {
        let harness = Harness()
        let quota = limits(requests: BucketLimit(perMinute: 1, burst: 3))
        for _ in 0..<3 {
            _ = harness.admit(key: quota)
        }
        harness.clock.set(ms: .max / 2)
        for _ in 0..<3 {
            #expect(harness.admit(key: quota).success != nil)
        }
        #expect(harness.admit(key: quota).failure?.retryAfterMs == 60_000)
    }
}
