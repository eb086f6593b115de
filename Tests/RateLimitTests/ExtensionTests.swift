import Testing

@testable import RateLimit

/// Later steps of one call (a tool loop) reserve more tokens on the call's reservation.
@Suite struct ExtensionTests {
    @Test func extensionTakesTokensAndSettlesWithTheAdmission() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 60, burst: 1_000))
        let reservation = try #require(harness.admit(key: quota, tokens: 300).success)
        let status = try #require(harness.limiter.extend(reservation, byTokens: 400, keyLimits: quota, partnerLimits: .unlimited).success)
        #expect(status.key.tokens?.remaining == 300)
        #expect(reservation.reservedTokens == 700)
        // Both steps used 250 in all: 450 of the 700 reserved come back.
        harness.limiter.settle(reservation, actualTokens: 250)
        let after = harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(after.key.tokens?.remaining == 750)
    }

    @Test func extensionTakesNoRequestAndNoStreamSlot() throws {
        let harness = Harness()
        let quota = limits(requests: BucketLimit(perMinute: 1, burst: 1), tokens: BucketLimit(perMinute: 60, burst: 100), streams: 1)
        let reservation = try #require(harness.admit(key: quota, tokens: 10).success)
        for _ in 0..<5 {
            #expect(harness.limiter.extend(reservation, byTokens: 10, keyLimits: quota, partnerLimits: .unlimited).success != nil)
        }
        #expect(reservation.reservedTokens == 60)
    }

    @Test func deniedExtensionTakesNothingAndNamesTheLimit() throws {
        let harness = Harness()
        let keyQuota = limits(tokens: BucketLimit(perMinute: 60, burst: 1_000))
        let partnerQuota = limits(tokens: BucketLimit(perMinute: 60, burst: 500))
        let reservation = try #require(harness.admit(key: keyQuota, partner: partnerQuota, tokens: 400).success)
        let denial = try #require(harness.limiter.extend(reservation, byTokens: 200, keyLimits: keyQuota, partnerLimits: partnerQuota).failure)
        #expect(denial.scope == .partner)
        #expect(denial.kind == .tokens)
        // 100 left, 200 asked: 100 tokens at 1 per second.
        #expect(denial.retryAfterMs == 100_000)
        #expect(reservation.reservedTokens == 400)
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: keyQuota, partnerLimits: partnerQuota)
        #expect(status.key.tokens?.remaining == 600)
        #expect(status.partner.tokens?.remaining == 100)
    }

    @Test func extensionCountsForTheDailyCap() throws {
        let harness = Harness()
        let quota = limits(daily: 1_000)
        let reservation = try #require(harness.admit(key: quota, tokens: 600).success)
        #expect(harness.limiter.extend(reservation, byTokens: 500, keyLimits: quota, partnerLimits: .unlimited).failure?.kind == .daily)
        #expect(harness.limiter.extend(reservation, byTokens: 400, keyLimits: quota, partnerLimits: .unlimited).success != nil)
        harness.limiter.settle(reservation, actualTokens: 900)
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(status.key.dailyTokensUsed == 900)
    }

    @Test func extendingASettledReservationTakesNothing() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 60, burst: 100))
        let reservation = try #require(harness.admit(key: quota, tokens: 10).success)
        harness.limiter.settle(reservation, actualTokens: 10)
        #expect(harness.limiter.extend(reservation, byTokens: 50, keyLimits: quota, partnerLimits: .unlimited).success != nil)
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(status.key.tokens?.remaining == 90)
    }

    @Test func anUnsettledExtendedReservationSettlesAtItsWholeEstimate() throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 60, burst: 1_000), streams: 1)
        do {
            let reservation = try #require(harness.admit(key: quota, tokens: 100).success)
            _ = harness.limiter.extend(reservation, byTokens: 200, keyLimits: quota, partnerLimits: .unlimited)
        }
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(status.key.tokens?.remaining == 700)
        #expect(status.key.streamsInFlight == 0)
    }
}
