import Testing

@testable import RateLimit

/// Failures per subject, on a manual clock.
@Suite struct FailureThrottleTests {
    @Test func aSubjectIsTurnedAwayAfterItsBurstUntilRefill() {
        let clock = ManualClock(ms: 0)
        let throttle = FailureThrottle(limit: BucketLimit(perMinute: 60, burst: 3), clock: clock)
        for _ in 0..<3 {
            #expect(throttle.retryAfterMs("10.0.0.1") == nil)
            throttle.recordFailure("10.0.0.1")
        }
        // Empty: one failure refills every second.
        #expect(throttle.retryAfterMs("10.0.0.1") == 1_000)
        // Other subjects are not affected.
        #expect(throttle.retryAfterMs("10.0.0.2") == nil)
        clock.advance(byMs: 999)
        #expect(throttle.retryAfterMs("10.0.0.1") == 1)
        clock.advance(byMs: 1)
        #expect(throttle.retryAfterMs("10.0.0.1") == nil)
    }

    @Test func theTableIsBounded() {
        let clock = ManualClock(ms: 0)
        let throttle = FailureThrottle(limit: BucketLimit(perMinute: 60, burst: 10), maxSubjects: 100, clock: clock)
        for index in 0..<10_000 {
            throttle.recordFailure("subject-\(index)")
            clock.advance(byMs: 1)
        }
        #expect(throttle.subjectCount <= 100)
        // The newest subject is still counted.
        #expect(throttle.retryAfterMs("subject-9999") == nil)
    }

    @Test func refilledSubjectsAreForgottenFirst() {
        let clock = ManualClock(ms: 0)
        let throttle = FailureThrottle(limit: BucketLimit(perMinute: 60, burst: 1), maxSubjects: 2, clock: clock)
        throttle.recordFailure("old")
        clock.advance(byMs: 5_000)
        throttle.recordFailure("busy")
        throttle.recordFailure("new")
        // "old" had refilled and made room; "busy" is still empty.
        #expect(throttle.retryAfterMs("busy") != nil)
        #expect(throttle.subjectCount == 2)
    }
}
