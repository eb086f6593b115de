import Foundation
import Testing
import Timing

/// The sleep per-call timers use: ends at its deadline, ends at once when cancelled, and a
/// cancelled sleep keeps no memory (a cancelled `Task.sleep` keeps about 560 bytes until
/// its deadline).
@Suite struct CancellableSleepTests {
    @Test("a sleep returns once its deadline has passed")
    func endsAtTheDeadline() async throws {
        let deadline = ContinuousClock.now + .milliseconds(20)
        try await CancellableSleep.until(deadline)
        #expect(ContinuousClock.now >= deadline)
        try await CancellableSleep.for(.zero)
    }

    @Test("cancelling a sleep of ten minutes ends it with CancellationError")
    func cancelledSleepEnds() async throws {
        let sleeper = Task { try await CancellableSleep.for(.seconds(600)) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        let cancelledFirst = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await CancellableSleep.for(.seconds(600))
        }
        await #expect(throws: CancellationError.self) { try await cancelledFirst.value }
    }

    @Test("50,000 cancelled ten-minute sleeps leave no memory behind")
    func cancelledSleepsFreeTheirMemory() async throws {
        /// Resident bytes, from /proc/self/statm (its second field, in pages).
        func inUse() -> Int {
            let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
            return (Int(statm.split(separator: " ").dropFirst().first ?? "") ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
        }
        await Self.cancelledSleeps(1_000)  // the queue, the runtime's first allocations
        let before = inUse()
        await Self.cancelledSleeps(50_000)
        let grown = inUse() - before
        // Task.sleep keeps about 28 MB here until the sleeps' deadlines.
        #expect(grown < 4 << 20, "\(grown) bytes still allocated after the sleeps were cancelled")
    }

    private static func cancelledSleeps(_ count: Int) async {
        for _ in 0..<count {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await CancellableSleep.for(.seconds(600)) }
                // A call's work finishing first, as a deadline's sleep is usually cancelled.
                group.addTask { await Task.yield() }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
