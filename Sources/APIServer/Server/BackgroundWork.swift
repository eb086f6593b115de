import Auth
import Documents
import Foundation
import Ledger
import Logging
import RateLimit
import ServiceLifecycle

/// The server's housekeeping as a `Service`: flushes usage, saves rate-limit state, and on
/// shutdown (after the listener has drained) saves and closes everything.
///
/// Put it before the server in the `ServiceGroup`, so that it stops after it.
struct BackgroundWork: Service {
    let ledger: UsageLedger
    let store: KeyStore
    let documents: DocumentStore
    let limiter: RateLimiter
    let rateLimitState: RateLimitStateFile
    let snapshotInterval: Duration
    let logger: Logger

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await ledger.runFlushLoop() }
            group.addTask { await saveRateLimitsPeriodically() }
            try? await gracefulShutdown()
            ledger.stop()
            group.cancelAll()
        }
        rateLimitState.save(limiter.snapshot(), logger: logger)
        _ = try? await store.flushLastUsed()
        await store.close()
        await documents.close()
        await ledger.close()
        logger.info("saved usage, key and rate-limit state")
    }

    /// Saves on the schedule of ``RateLimitSaveSchedule``, checked every second; trims the
    /// allocator after each save.
    private func saveRateLimitsPeriodically() async {
        let clock = SystemMonotonicClock()
        var schedule = RateLimitSaveSchedule(interval: snapshotInterval, startedAtMs: clock.nowMs, denials: limiter.denialCount)
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(RateLimitSaveSchedule.minimumSpacingMs))
            if Task.isCancelled { return }
            guard schedule.shouldSave(atMs: clock.nowMs, denials: limiter.denialCount) else { continue }
            rateLimitState.save(limiter.snapshot(), logger: logger)
            AllocatorTuning.trim()
        }
    }
}
