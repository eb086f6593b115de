import Testing

@testable import RateLimit

@Suite struct DenialTests {
    @Test func denialsDescribeTheLimitNotTheKey() throws {
        let harness = Harness()
        let quota = limits(requests: BucketLimit(perMinute: 60, burst: 1))
        _ = harness.admit("flint_secretish", key: quota)
        let denial = try #require(harness.admit("flint_secretish", key: quota).failure)
        #expect(denial.description == "key requests limit of 60 per minute (burst 1): reached; retry after 1000 ms")
        let tooBig = try #require(harness.admit(key: limits(daily: 10), tokens: 11).failure)
        #expect(tooBig.description.contains("never"))
        #expect(!denial.description.contains("flint_"))
    }

    @Test func theMostBindingDenialWins() {
        func denial(_ reason: Denial.Reason, _ wait: UInt64?) -> Denial {
            Denial(scope: .key, kind: .tokens, reason: reason, limit: 1, burst: 1, requested: 1, retryAfterMs: wait)
        }
        let short = denial(.exhausted, 10)
        let long = denial(.exhausted, 20)
        let daily = denial(.dailyCapReached, 5)
        let never = denial(.exceedsCapacity, nil)
        #expect(Denial.mostBinding(short, long) == long)
        #expect(Denial.mostBinding(long, short) == long)
        #expect(Denial.mostBinding(long, daily) == daily)
        #expect(Denial.mostBinding(daily, never) == never)
        #expect(Denial.mostBinding(nil, short) == short)
        #expect(Denial.mostBinding(nil, nil) == nil)
        #expect(short.retryable && !daily.retryable && !never.retryable)
    }
}
