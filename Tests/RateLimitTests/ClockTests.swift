import Testing

@testable import RateLimit

@Suite struct ClockTests {
    @Test func manualClockMovesBothWays() {
        let clock = ManualClock(ms: 1_000)
        clock.advance(byMs: 500)
        #expect(clock.nowMs == 1_500)
        clock.advance(byMs: -2_000)
        #expect(clock.nowMs == -500)
        clock.set(ms: 42)
        #expect(clock.unixMs == 42)
    }

    @Test func systemClocksArePlausible() {
        let monotonic = SystemMonotonicClock()
        let first = monotonic.nowMs
        let second = monotonic.nowMs
        #expect(first >= 0)
        #expect(second >= first)
        #expect(second < 60_000)
        // After 2020-01-01 and before 2200-01-01.
        #expect((1_577_836_800_000..<7_258_118_400_000).contains(SystemWallClock().unixMs))
    }
}
