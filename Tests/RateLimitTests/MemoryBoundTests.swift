import Testing

@testable import RateLimit

@Suite struct MemoryBoundTests {
    // One request per ms and ten tokens per ms: a key is full again 1 ms after a call.
    let quota = limits(
        requests: BucketLimit(perMinute: 60_000, burst: 1),
        tokens: BucketLimit(perMinute: 600_000, burst: 100)
    )

    /// Admits and settles one call for each of `keys` distinct keys, moving the clock by
    /// `stepMs` after each; returns the largest table size seen.
    func flood(_ harness: Harness, keys: Int, stepMs: Int64) throws -> Int {
        var largest = 0
        for index in 0..<keys {
            let reservation = try #require(
                harness.admit("k\(index)", of: "p\(index % 8)", key: self.quota, tokens: 10).success)
            harness.limiter.settle(reservation, actualTokens: 10)
            harness.clock.advance(byMs: stepMs)
            largest = max(largest, harness.limiter.subjectCount)
        }
        return largest
    }

    @Test func aHundredThousandKeysBackAtFullAreForgotten() throws {
        let harness = Harness(RateLimiter.Configuration(maxSubjects: 1_000))
        let largest = try self.flood(harness, keys: 100_000, stepMs: 1)
        #expect(largest <= 1_000)
        // The sweep keeps up on its own: the hard bound is never reached.
        #expect(largest < 100)
    }

    @Test func aFrozenClockStillBoundsTheTable() throws {
        let harness = Harness(RateLimiter.Configuration(maxSubjects: 1_000))
        let largest = try self.flood(harness, keys: 100_000, stepMs: 0)
        #expect(largest <= 1_000)
    }

    @Test func rejectedCallsCreateNoState() throws {
        let harness = Harness()
        let one = limits(requests: BucketLimit(perMinute: 1, burst: 1))
        _ = try #require(harness.admit(key: one, partner: one).success)
        #expect(harness.limiter.subjectCount == 2)
        for _ in 0..<10_000 {
            #expect(harness.admit(key: one, partner: one).failure?.scope == .key)
        }
        #expect(harness.limiter.subjectCount == 2)
        // New keys of the exhausted partner, and calls too large for any bucket.
        for index in 0..<10_000 {
            #expect(harness.admit("new\(index)", partner: one).failure?.scope == .partner)
            #expect(
                harness.admit("big\(index)", of: "q\(index)", key: self.quota, tokens: 101).failure?.reason
                    == .exceedsCapacity)
        }
        #expect(harness.limiter.subjectCount == 2)
    }

    @Test func subjectsWithCallsInFlightAreNeverForgotten() throws {
        let harness = Harness(RateLimiter.Configuration(maxSubjects: 4))
        let single = limits(streams: 1)
        let held = try #require(harness.admit("held", of: "hp", key: single).success)
        _ = try self.flood(harness, keys: 1_000, stepMs: 0)
        #expect(harness.admit("held", of: "hp", key: single).failure?.kind == .concurrency)
        harness.limiter.settle(held, actualTokens: 0)
        #expect(harness.admit("held", of: "hp", key: single).success != nil)
    }

    @Test func sweepingKeepsSubjectsThatCarryInformation() throws {
        let harness = Harness(RateLimiter.Configuration(maxSubjects: 100_000))
        let debtor = limits(tokens: BucketLimit(perMinute: 60, burst: 10))
        let reservation = try #require(harness.admit("debtor", key: debtor, tokens: 10).success)
        harness.limiter.settle(reservation, actualTokens: 1_000)
        // 990 tokens of debt at 1 per second: 991 s until 1 token is there.
        _ = try self.flood(harness, keys: 10_000, stepMs: 1)
        #expect(harness.admit("debtor", key: debtor, tokens: 1).failure?.retryAfterMs == 981_000)
    }
}
