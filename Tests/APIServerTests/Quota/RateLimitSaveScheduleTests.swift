import RateLimit
import Testing

@testable import APIServer

/// The rate-limit state is saved every 10 s, and within a second of a denial.
@Suite("Rate-limit save schedule")
struct RateLimitSaveScheduleTests {
    @Test("without denials, every interval")
    func everyInterval() {
        var schedule = RateLimitSaveSchedule(interval: .seconds(10), startedAtMs: 0, denials: 0)
        var saved: Bool
        for second in 1...9 {
            saved = schedule.shouldSave(atMs: Int64(second) * 1000, denials: 0)
            #expect(!saved)
        }
        saved = schedule.shouldSave(atMs: 10_000, denials: 0)
        #expect(saved)
        saved = schedule.shouldSave(atMs: 19_999, denials: 0)
        #expect(!saved)
        saved = schedule.shouldSave(atMs: 20_000, denials: 0)
        #expect(saved)
    }

    @Test("a denial is saved within a second, and a stream of them once a second")
    func afterADenial() {
        var schedule = RateLimitSaveSchedule(interval: .seconds(10), startedAtMs: 0, denials: 0)
        var saved: Bool
        saved = schedule.shouldSave(atMs: 1_000, denials: 1)
        #expect(saved)
        saved = schedule.shouldSave(atMs: 1_500, denials: 5)
        #expect(!saved)
        saved = schedule.shouldSave(atMs: 2_000, denials: 9)
        #expect(saved)
        saved = schedule.shouldSave(atMs: 3_000, denials: 9)
        #expect(!saved)
        saved = schedule.shouldSave(atMs: 11_999, denials: 9)
        #expect(!saved)
        saved = schedule.shouldSave(atMs: 12_000, denials: 9)
        #expect(saved)
    }

    @Test("the limiter counts denied admissions and extensions")
    func limiterCountsDenials() throws {
        let limiter = RateLimiter(clock: ManualClock(ms: 0), wallClock: ManualClock(ms: 1_800_000_000_000))
        let limits = try QuotaLimits(requests: BucketLimit(perMinute: 60, burst: 1), tokens: BucketLimit(perMinute: 60, burst: 10))
        let admitted = try limiter.admit(key: "k", partner: "p", keyLimits: limits, partnerLimits: .unlimited, estimatedTokens: 5).get()
        #expect(limiter.denialCount == 0)
        _ = limiter.admit(key: "k", partner: "p", keyLimits: limits, partnerLimits: .unlimited, estimatedTokens: 0)
        #expect(limiter.denialCount == 1)
        _ = limiter.extend(admitted, byTokens: 6, keyLimits: limits, partnerLimits: .unlimited)
        #expect(limiter.denialCount == 2)
    }
}
