import Auth
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
        await ledger.close()
        logger.info("saved usage, key and rate-limit state")
    }

    private func saveRateLimitsPeriodically() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: snapshotInterval)
            if Task.isCancelled { return }
            rateLimitState.save(limiter.snapshot(), logger: logger)
        }
    }
}

/// Where the rate limiter's bucket levels survive a restart: `<data-dir>/ratelimit.json`.
///
/// Saved every `snapshotInterval` (10 s) and at shutdown; restored at start, refilled for
/// the time the server was down. After a crash, buckets are as of the last save.
struct RateLimitStateFile: Sendable {
    let path: String

    func save(_ states: [BucketState], logger: Logger) {
        do {
            let data = try JSONEncoder().encode(states)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            logger.error("could not save rate-limit state", metadata: ["error": "\(error)"])
        }
    }

    func restore(into limiter: RateLimiter, logger: Logger) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        do {
            let restored = limiter.restore(try JSONDecoder().decode([BucketState].self, from: data))
            logger.info("restored rate-limit state", metadata: ["ratelimit.buckets": "\(restored)"])
        } catch {
            logger.warning("ignoring unreadable rate-limit state", metadata: ["error": "\(error)"])
        }
    }
}
