import Foundation
import Testing

@testable import RateLimit

@Suite struct SnapshotTests {
    let keyQuota = limits(
        requests: BucketLimit(perMinute: 60, burst: 10),
        tokens: BucketLimit(perMinute: 600, burst: 1_000),
        streams: 5,
        daily: 100_000
    )

    func status(_ harness: Harness, _ quota: QuotaLimits) -> SubjectStatus {
        harness.limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited).key
    }

    /// Spends all 10 requests and all 1 000 tokens of key "k".
    func drain(_ harness: Harness) throws {
        for _ in 0..<10 {
            let reservation = try #require(harness.admit(key: self.keyQuota, tokens: 100).success)
            harness.limiter.settle(reservation, actualTokens: 100)
        }
        #expect(harness.admit(key: self.keyQuota).failure != nil)
    }

    @Test func aRestartRefillsForTheElapsedWallTimeOnly() throws {
        let before = Harness()
        try self.drain(before)
        let encoded = try JSONEncoder().encode(before.limiter.snapshot())
        let states = try JSONDecoder().decode([BucketState].self, from: encoded)

        // The new process: another monotonic origin, 5 s of wall time later.
        let after = Harness()
        after.clock.set(ms: 987_654)
        after.wall.set(ms: before.wall.unixMs + 5_000)
        #expect(after.limiter.restore(states) == 1)
        let status = self.status(after, self.keyQuota)
        #expect(status.requests?.remaining == 5)
        #expect(status.tokens?.remaining == 50)
        #expect(status.dailyTokensUsed == 1_000)
        #expect(status.streamsInFlight == 0)
        for _ in 0..<5 {
            #expect(after.admit(key: self.keyQuota).success != nil)
        }
        #expect(after.admit(key: self.keyQuota).failure?.retryAfterMs == 1_000)
    }

    @Test func snapshotFormatIsExactUnits() throws {
        let harness = Harness()
        let quota = limits(requests: BucketLimit(perMinute: 7, burst: 2))
        _ = try #require(harness.admit(key: quota).success)
        harness.clock.advance(byMs: 1)
        let states = harness.limiter.snapshot()
        #expect(
            states == [
                BucketState(
                    scope: .key, subject: "k", readAtUnixMs: harness.wall.unixMs,
                    value: .requests(limit: BucketLimit(perMinute: 7, burst: 2), levelUnits: 60_007)
                )
            ]
        )
        #expect(BucketState.unitsPerToken == 60_000)
    }

    @Test func fullBucketsAndIdleSubjectsAreLeftOut() throws {
        let harness = Harness()
        try self.drain(harness)
        harness.wall.advance(byMs: 86_400_000)
        harness.clock.advance(byMs: 600_000)
        #expect(harness.limiter.snapshot().isEmpty)
    }

    @Test func callsInFlightCountAsSettledAtTheirEstimate() throws {
        let harness = Harness()
        let held = try #require(harness.admit(key: self.keyQuota, tokens: 400).success)
        let states = harness.limiter.snapshot()
        harness.limiter.restore(states)
        // The slot is free, the estimate stays charged, and the old reservation is inert.
        #expect(!harness.limiter.settle(held, actualTokens: 0))
        let status = self.status(harness, self.keyQuota)
        #expect(status.streamsInFlight == 0)
        #expect(status.tokens?.remaining == 600)
        #expect(status.requests?.remaining == 9)
        #expect(status.dailyTokensUsed == 400)
    }

    @Test func dailyCountsOfEarlierDaysDoNotSurvive() throws {
        let before = Harness()
        _ = try #require(before.admit(key: limits(daily: 1_000), tokens: 900).success)
        let states = before.limiter.snapshot()
        let sameDay = Harness()
        sameDay.wall.set(ms: before.wall.unixMs + 1_000)
        sameDay.limiter.restore(states)
        #expect(sameDay.admit(key: limits(daily: 1_000), tokens: 101).failure?.kind == .daily)
        let nextDay = Harness()
        nextDay.wall.set(ms: before.wall.unixMs + 86_400_000)
        #expect(nextDay.limiter.restore(states) == 0)
        #expect(nextDay.admit(key: limits(daily: 1_000), tokens: 1_000).success != nil)
    }

    @Test func aSnapshotFromTheFutureRefillsNothing() throws {
        let before = Harness()
        try self.drain(before)
        let states = before.limiter.snapshot()
        let after = Harness()
        after.wall.set(ms: before.wall.unixMs - 60_000)
        after.limiter.restore(states)
        #expect(self.status(after, self.keyQuota).requests?.remaining == 0)
    }

    @Test func aDailyCountFromALaterDayIsClampedToToday() throws {
        let before = Harness()
        _ = try #require(before.admit(key: limits(daily: 1_000), tokens: 900).success)
        let states = before.limiter.snapshot()
        // The restarted server's wall clock is a day behind the one that wrote the snapshot.
        let after = Harness()
        after.wall.set(ms: before.wall.unixMs - 86_400_000)
        #expect(after.limiter.restore(states) == 1)
        let msToMidnight = 86_400_000 - after.wall.unixMs % 86_400_000
        let denial = try #require(after.admit(key: limits(daily: 1_000), tokens: 101).failure)
        #expect(denial.kind == .daily)
        #expect(denial.retryAfterMs == UInt64(msToMidnight))
        // When that (earlier) day ends, the count resets.
        after.wall.advance(byMs: msToMidnight)
        #expect(after.admit(key: limits(daily: 1_000), tokens: 1_000).success != nil)
    }

    @Test func invalidEntriesAreSkippedAndLevelsClamped() {
        let harness = Harness()
        let now = harness.wall.unixMs
        let states = [
            BucketState(
                scope: .key, subject: "zero", readAtUnixMs: now,
                value: .requests(limit: BucketLimit(perMinute: 0, burst: 5), levelUnits: 0)),
            BucketState(
                scope: .key, subject: "huge", readAtUnixMs: now,
                value: .tokens(limit: BucketLimit(perMinute: .max, burst: 5), levelUnits: 0)),
            BucketState(
                scope: .key, subject: "k", readAtUnixMs: now,
                value: .requests(limit: BucketLimit(perMinute: 60, burst: 5), levelUnits: .min)),
            BucketState(
                scope: .partner, subject: "p", readAtUnixMs: .min,
                value: .tokens(limit: BucketLimit(perMinute: 60, burst: 5), levelUnits: .max)),
        ]
        #expect(harness.limiter.restore(states) == 1)
        let quota = limits(requests: BucketLimit(perMinute: 60, burst: 5))
        let denial = harness.admit(key: quota).failure
        #expect(denial?.kind == .requests)
        #expect(denial?.retryAfterMs == UInt64(TokenBucket.maxDebtUnits / 60) + 1_000)
    }

    @Test func restoreRespectsTheTableBound() {
        let harness = Harness(RateLimiter.Configuration(maxSubjects: 10))
        let states = (0..<100).map { index in
            BucketState(
                scope: .key, subject: "k\(index)", readAtUnixMs: harness.wall.unixMs,
                value: .requests(limit: BucketLimit(perMinute: 60, burst: 5), levelUnits: 0)
            )
        }
        #expect(harness.limiter.restore(states) == 10)
        #expect(harness.limiter.subjectCount == 10)
    }
}
