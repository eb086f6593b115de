import Testing

@testable import RateLimit

@Suite struct TokenBucketTests {
    let unit = TokenBucket.unitsPerToken

    @Test func startsFullAndTakesExactly() {
        var bucket = TokenBucket(limit: BucketLimit(perMinute: 5, burst: 3), atMs: 0)
        #expect(bucket.isFull)
        #expect(bucket.levelUnits == 3 * self.unit)
        bucket.take(units: 2 * self.unit)
        #expect(bucket.levelUnits == self.unit)
        #expect(!bucket.isFull)
    }

    @Test func refillIsExactPerMillisecond() {
        // 5 per minute: one token every 12 000 ms, 5 units per ms.
        var bucket = TokenBucket(limit: BucketLimit(perMinute: 5, burst: 5), levelUnits: 0, atMs: 0)
        bucket.refill(toMs: 11_999)
        #expect(bucket.levelUnits == 11_999 * 5)
        #expect(bucket.levelUnits < self.unit)
        bucket.refill(toMs: 12_000)
        #expect(bucket.levelUnits == self.unit)
    }

    @Test func manySmallRefillsEqualOneLargeOne() {
        // 7 per minute does not divide 60 000 ms: floats would drift, units do not.
        let limit = BucketLimit(perMinute: 7, burst: 1_000)
        var stepped = TokenBucket(limit: limit, levelUnits: 0, atMs: 0)
        var once = stepped
        for ms in stride(from: Int64(1), through: 600_000, by: 1) {
            stepped.refill(toMs: ms)
        }
        once.refill(toMs: 600_000)
        #expect(stepped == once)
        #expect(once.levelUnits == 70 * self.unit)
    }

    @Test func refillStopsAtCapacity() {
        var bucket = TokenBucket(limit: BucketLimit(perMinute: 60, burst: 2), levelUnits: 0, atMs: 0)
        bucket.refill(toMs: 1_000_000_000)
        #expect(bucket.levelUnits == 2 * self.unit)
    }

    @Test func largestLimitsAndLongestGapsDoNotOverflow() {
        let limit = BucketLimit(perMinute: QuotaLimits.maxValue, burst: QuotaLimits.maxValue)
        var bucket = TokenBucket(limit: limit, levelUnits: -TokenBucket.maxDebtUnits, atMs: .min / 2)
        bucket.refill(toMs: .max)
        #expect(bucket.isFull)
        var slow = TokenBucket(limit: BucketLimit(perMinute: 1, burst: QuotaLimits.maxValue), levelUnits: 0, atMs: 0)
        slow.refill(toMs: .max)
        #expect(slow.isFull)
    }

    @Test func waitIsRoundedUpToTheMillisecond() {
        let bucket = TokenBucket(limit: BucketLimit(perMinute: 7, burst: 1), levelUnits: 0, atMs: 0)
        // 60 000 / 7 = 8571.43 ms: wait 8572, and 8571 is not enough.
        #expect(bucket.waitMs(untilUnits: self.unit, atMs: 0) == 8_572)
        #expect(bucket.refilled(toMs: 8_571).levelUnits < self.unit)
        #expect(bucket.refilled(toMs: 8_572).levelUnits >= self.unit)
    }

    @Test func clockGoingBackwardsAddsNothing() {
        var bucket = TokenBucket(limit: BucketLimit(perMinute: 60, burst: 10), levelUnits: 0, atMs: 10_000)
        bucket.refill(toMs: 5_000)
        #expect(bucket.levelUnits == 0)
        #expect(bucket.updatedAtMs == 10_000)
        // The wait counts from the time already reached: 5 000 ms to get back, 1 000 to refill.
        #expect(bucket.waitMs(untilUnits: self.unit, atMs: 5_000) == 6_000)
        bucket.refill(toMs: 10_500)
        #expect(bucket.levelUnits == 500 * 60)
    }

    @Test func settleReturnsUnusedUpToCapacityAndChargesOverrun() {
        var bucket = TokenBucket(limit: BucketLimit(perMinute: 60, burst: 10), atMs: 0)
        bucket.take(units: 4 * self.unit)
        bucket.settle(reservedUnits: 4 * self.unit, actualUnits: self.unit)
        #expect(bucket.levelUnits == 9 * self.unit)
        bucket.settle(reservedUnits: 10 * self.unit, actualUnits: 0)
        #expect(bucket.levelUnits == 10 * self.unit)
        bucket.settle(reservedUnits: 0, actualUnits: 25 * self.unit)
        #expect(bucket.levelUnits == -15 * self.unit)
        bucket.settle(reservedUnits: 0, actualUnits: .max)
        #expect(bucket.levelUnits == -TokenBucket.maxDebtUnits)
    }

    @Test func growingCapacityKeepsWhatWasUsed() {
        var bucket = TokenBucket(limit: BucketLimit(perMinute: 60, burst: 10), atMs: 0)
        bucket.take(units: 4 * self.unit)
        bucket.reconfigure(to: BucketLimit(perMinute: 60, burst: 100), atMs: 0)
        #expect(bucket.levelUnits == 96 * self.unit)
    }

    @Test func shrinkingCapacityClampsTheLevel() {
        var bucket = TokenBucket(limit: BucketLimit(perMinute: 60, burst: 10), atMs: 0)
        bucket.take(units: 4 * self.unit)
        bucket.reconfigure(to: BucketLimit(perMinute: 60, burst: 3), atMs: 0)
        #expect(bucket.levelUnits == 3 * self.unit)
        bucket.take(units: 5 * self.unit)
        bucket.reconfigure(to: BucketLimit(perMinute: 60, burst: 2), atMs: 0)
        #expect(bucket.levelUnits == -2 * self.unit)
    }

    @Test func rateChangeAppliesFromTheMomentOfChange() {
        var bucket = TokenBucket(limit: BucketLimit(perMinute: 60, burst: 100), levelUnits: 0, atMs: 0)
        bucket.reconfigure(to: BucketLimit(perMinute: 120, burst: 100), atMs: 1_000)
        #expect(bucket.levelUnits == 1 * self.unit)
        bucket.refill(toMs: 2_000)
        #expect(bucket.levelUnits == 3 * self.unit)
    }

    @Test func statusReportsRemainingAndReset() {
        var bucket = TokenBucket(limit: BucketLimit(perMinute: 60, burst: 10), atMs: 0)
        bucket.take(units: 3 * self.unit + 1)
        let status = bucket.status(atMs: 0)
        #expect(status == BucketStatus(limit: 60, burst: 10, remaining: 6, resetMs: 3_001))
        bucket.settle(reservedUnits: 0, actualUnits: 20 * self.unit)
        #expect(bucket.status(atMs: 0).remaining == 0)
    }
}
