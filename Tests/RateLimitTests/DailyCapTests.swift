import Testing

@testable import RateLimit

@Suite struct DailyCapTests {
    let day: Int64 = 86_400_000

    @Test func capReachedIsNotRetryableUntilUTCMidnight() throws {
        let harness = Harness()
        let quota = limits(daily: 1_000)
        let reservation = try #require(harness.admit(key: quota, tokens: 800).success)
        harness.limiter.settle(reservation, actualTokens: 800)
        let denial = try #require(harness.admit(key: quota, tokens: 201).failure)
        #expect(denial.kind == .daily)
        #expect(denial.reason == .dailyCapReached)
        #expect(!denial.retryable)
        #expect(denial.limit == 1_000)
        // The wall clock is at noon: twelve hours to midnight.
        #expect(denial.retryAfterMs == 43_200_000)
        #expect(harness.admit(key: quota, tokens: 200).success != nil)
    }

    @Test func theCountResetsAtUTCMidnightExactly() throws {
        let harness = Harness()
        let quota = limits(daily: 100)
        _ = try #require(harness.admit(key: quota, tokens: 100).success)
        let denial = try #require(harness.admit(key: quota, tokens: 1).failure)
        harness.wall.advance(byMs: Int64(try #require(denial.retryAfterMs)) - 1)
        #expect(harness.admit(key: quota, tokens: 1).failure?.kind == .daily)
        harness.wall.advance(byMs: 1)
        #expect(harness.wall.unixMs % self.day == 0)
        #expect(harness.admit(key: quota, tokens: 100).success != nil)
    }

    @Test func settleCountsTheActualTokens() throws {
        let harness = Harness()
        let quota = limits(daily: 1_000)
        let first = try #require(harness.admit(key: quota, tokens: 900).success)
        #expect(harness.admit(key: quota, tokens: 200).failure?.kind == .daily)
        harness.limiter.settle(first, actualTokens: 300)
        let second = try #require(harness.admit(key: quota, tokens: 200).success)
        harness.limiter.settle(second, actualTokens: 650)
        // 300 + 650 = 950 used.
        #expect(
            harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited).key
                .dailyTokensUsed == 950)
        #expect(harness.admit(key: quota, tokens: 51).failure?.kind == .daily)
        #expect(harness.admit(key: quota, tokens: 50).success != nil)
    }

    @Test func partnerDailyCapSpansItsKeys() throws {
        let harness = Harness()
        let partner = limits(daily: 100)
        _ = try #require(harness.admit("a", partner: partner, tokens: 60).success)
        let denial = try #require(harness.admit("b", partner: partner, tokens: 60).failure)
        #expect(denial.scope == .partner)
        #expect(denial.kind == .daily)
        #expect(harness.admit("c", of: "other", partner: partner, tokens: 60).success != nil)
    }

    @Test func aCallLargerThanTheDailyCapIsNeverAdmitted() throws {
        let harness = Harness()
        let denial = try #require(harness.admit(key: limits(daily: 100), tokens: 101).failure)
        #expect(denial.kind == .daily)
        #expect(denial.reason == .exceedsCapacity)
        #expect(denial.retryAfterMs == nil)
    }

    @Test func anOverrunSettledAfterMidnightCountsForTheNewDay() throws {
        let harness = Harness()
        let quota = limits(daily: 1_000)
        let reservation = try #require(harness.admit(key: quota, tokens: 400).success)
        harness.wall.advance(byMs: self.day)
        harness.limiter.settle(reservation, actualTokens: 500)
        let status = harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(status.key.dailyTokensUsed == 100)
    }

    @Test func aWallClockSteppingBackResetsNothing() throws {
        let harness = Harness()
        let quota = limits(daily: 100)
        _ = try #require(harness.admit(key: quota, tokens: 100).success)
        harness.wall.advance(byMs: -self.day)
        let denial = try #require(harness.admit(key: quota, tokens: 1).failure)
        #expect(denial.kind == .daily)
        // The count belongs to the later day: it resets when that day ends.
        #expect(denial.retryAfterMs == UInt64(self.day + 43_200_000))
    }

    @Test func daysBeforeTheEpochRoundDown() {
        #expect(DailyUsage.day(ofUnixMs: -1) == -1)
        #expect(DailyUsage.day(ofUnixMs: 0) == 0)
        #expect(DailyUsage.day(ofUnixMs: 86_399_999) == 0)
        #expect(DailyUsage(day: -1).msUntilReset(atUnixMs: -1) == 1)
    }
}
