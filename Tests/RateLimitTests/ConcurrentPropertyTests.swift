import Synchronization
import Testing

@testable import RateLimit

/// Many tasks admitting and settling at once while another moves the clock: totals stay
/// within capacity plus refill for every key and the partner.
@Suite struct ConcurrentPropertyTests {
    static let keyQuota = limits(
        requests: BucketLimit(perMinute: 600, burst: 20),
        tokens: BucketLimit(perMinute: 6_000, burst: 500)
    )
    static let partnerQuota = limits(
        requests: BucketLimit(perMinute: 1_200, burst: 30),
        tokens: BucketLimit(perMinute: 12_000, burst: 800),
        streams: 6
    )
    static let keys = ["k0", "k1", "k2"]

    /// What one worker saw admitted, per key: requests and actual tokens.
    struct Tally: Sendable {
        var requests: [String: Int64] = [:]
        var tokens: [String: Int64] = [:]

        mutating func add(_ other: Tally) {
            self.requests.merge(other.requests, uniquingKeysWith: +)
            self.tokens.merge(other.tokens, uniquingKeysWith: +)
        }
    }

    static func work(_ limiter: RateLimiter, seed: UInt64) async -> Tally {
        var rng = SplitMix64(seed: seed)
        var tally = Tally()
        var held: [Reservation] = []
        for _ in 0..<400 {
            if held.isEmpty || Bool.random(using: &rng) {
                let key = Self.keys.randomElement(using: &rng)!
                let result = limiter.admit(
                    key: key, partner: "p", keyLimits: Self.keyQuota, partnerLimits: Self.partnerQuota,
                    estimatedTokens: .random(in: 0...40, using: &rng)
                )
                if case .success(let reservation) = result {
                    held.append(reservation)
                    tally.requests[key, default: 0] += 1
                }
            } else {
                let reservation = held.removeLast()
                // Never above the estimate, so totals at the end bound every moment.
                let actual = UInt64.random(in: 0...reservation.estimatedTokens, using: &rng)
                limiter.settle(reservation, actualTokens: actual)
                tally.tokens[reservation.key, default: 0] += Int64(actual)
            }
            await Task.yield()
        }
        for reservation in held {
            limiter.settle(reservation, actualTokens: reservation.estimatedTokens)
            tally.tokens[reservation.key, default: 0] += Int64(reservation.estimatedTokens)
        }
        return tally
    }

    @Test(arguments: 0..<4 as Range<UInt64>)
    func concurrentInterleavingsStayWithinTheBound(seed: UInt64) async {
        let harness = Harness()
        let limiter = harness.limiter
        let clock = harness.clock
        let tally = await withTaskGroup(of: Tally.self) { group in
            for worker in 0..<8 {
                group.addTask { await Self.work(limiter, seed: seed &* 100 &+ UInt64(worker)) }
            }
            group.addTask {
                var rng = SplitMix64(seed: seed)
                for _ in 0..<300 {
                    clock.advance(byMs: .random(in: 0...20, using: &rng))
                    await Task.yield()
                }
                return Tally()
            }
            return await group.reduce(into: Tally()) { $0.add($1) }
        }
        let elapsedMs = clock.nowMs
        for key in Self.keys {
            PropertyTests.Ledger(requests: tally.requests[key, default: 0], tokens: tally.tokens[key, default: 0])
                .check(Self.keyQuota, elapsedMs: elapsedMs)
        }
        let partner = PropertyTests.Ledger(
            requests: tally.requests.values.reduce(0, +),
            tokens: tally.tokens.values.reduce(0, +)
        )
        partner.check(Self.partnerQuota, elapsedMs: elapsedMs)
        #expect(partner.requests >= 30)
        let status = limiter.status(key: "k0", partner: "p", keyLimits: Self.keyQuota, partnerLimits: Self.partnerQuota)
        #expect(status.partner.streamsInFlight == 0)
    }
}
