import Synchronization
import Testing

@testable import RateLimit

@Suite struct ConcurrencyTests {
    /// Runs `count` admissions at once and returns their results.
    func admitConcurrently(
        _ harness: Harness,
        count: Int,
        key: QuotaLimits = .unlimited,
        partner: QuotaLimits = .unlimited,
        tokens: UInt64 = 0,
        keyName: @escaping @Sendable (Int) -> String = { _ in "k" }
    ) async -> [Result<Reservation, Denial>] {
        let limiter = harness.limiter
        return await withTaskGroup(of: Result<Reservation, Denial>.self) { group in
            for index in 0..<count {
                group.addTask {
                    limiter.admit(
                        key: keyName(index), partner: "p", keyLimits: key, partnerLimits: partner,
                        estimatedTokens: tokens)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(arguments: [64, 256])
    func exactlyTheBurstIsAdmittedAtAFrozenClock(tasks: Int) async {
        let harness = Harness()
        let quota = limits(requests: BucketLimit(perMinute: 600, burst: 17))
        let first = await self.admitConcurrently(harness, count: tasks, key: quota)
        #expect(first.count { $0.success != nil } == 17)
        // 600 per minute: one per 100 ms. 950 ms refill 9 and a half.
        harness.clock.advance(byMs: 950)
        let second = await self.admitConcurrently(harness, count: tasks, key: quota)
        #expect(second.count { $0.success != nil } == 9)
        harness.clock.advance(byMs: 50)
        let third = await self.admitConcurrently(harness, count: tasks, key: quota)
        #expect(third.count { $0.success != nil } == 1)
    }

    @Test func fiveOfTwenty() async {
        let harness = Harness()
        let quota = limits(requests: BucketLimit(perMinute: 5, burst: 5))
        let results = await self.admitConcurrently(harness, count: 20, key: quota)
        let denials = results.compactMap(\.failure)
        #expect(results.count { $0.success != nil } == 5)
        #expect(denials.count == 15)
        for denial in denials {
            #expect(denial.kind == .requests)
            #expect(denial.retryable)
            #expect((denial.retryAfterMs ?? 0) > 0)
            #expect(denial.retryAfterMs == 12_000)
        }
    }

    @Test func tokensAreExactUnderConcurrency() async {
        let harness = Harness()
        let partner = limits(tokens: BucketLimit(perMinute: 60, burst: 1_000))
        let results = await self.admitConcurrently(harness, count: 200, partner: partner, tokens: 7) { "k\($0 % 13)" }
        #expect(results.count { $0.success != nil } == 1_000 / 7)
        let status = harness.limiter.status(key: "k0", partner: "p", keyLimits: .unlimited, partnerLimits: partner)
        #expect(status.partner.tokens?.remaining == 1_000 % 7)
    }

    @Test func theStreamCapHoldsUnderConcurrentAdmitAndSettle() async {
        let harness = Harness()
        let quota = limits(streams: 4)
        let limiter = harness.limiter
        let counters = Counters()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    for _ in 0..<50 {
                        let result = limiter.admit(
                            key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited, estimatedTokens: 1)
                        guard case .success(let reservation) = result else {
                            await Task.yield()
                            continue
                        }
                        let now = counters.inFlight.add(1, ordering: .relaxed).newValue
                        counters.highest.max(now, ordering: .relaxed)
                        counters.admitted.add(1, ordering: .relaxed)
                        await Task.yield()
                        counters.inFlight.subtract(1, ordering: .relaxed)
                        limiter.settle(reservation, actualTokens: 1)
                    }
                }
            }
        }
        #expect(counters.highest.load(ordering: .relaxed) <= 4)
        #expect(counters.admitted.load(ordering: .relaxed) > 0)
        let status = limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(status.key.streamsInFlight == 0)
    }

    @Test func concurrentSettleOfOneReservationCountsOnce() async throws {
        let harness = Harness()
        let quota = limits(tokens: BucketLimit(perMinute: 60, burst: 100), streams: 2)
        let reservation = try #require(harness.admit(key: quota, tokens: 50).success)
        let other = try #require(harness.admit(key: quota, tokens: 10).success)
        defer { withExtendedLifetime(other) {} }
        let limiter = harness.limiter
        let settled = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { limiter.settle(reservation, actualTokens: 0) }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(settled == 1)
        let status = limiter.status(key: "k", partner: "p", keyLimits: quota, partnerLimits: .unlimited)
        #expect(status.key.tokens?.remaining == 90)
        #expect(status.key.streamsInFlight == 1)
    }
}

/// Shared counters for tasks that observe the limiter from outside.
final class Counters: Sendable {
    let inFlight = Atomic<Int>(0)
    let highest = Atomic<Int>(0)
    let admitted = Atomic<Int>(0)
}
