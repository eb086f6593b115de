import Synchronization

/// Counts failures per subject (a client address, say) in token buckets, so a subject that
/// fails too often is turned away before the failing work is done again. Bounded: at most
/// `maxSubjects` subjects are tracked; when full, subjects whose bucket has refilled are
/// forgotten first, then the oldest.
public final class FailureThrottle: Sendable {
    private struct Entry {
        var bucket: TokenBucket
        var lastFailureMs: Int64
    }

    public let limit: BucketLimit
    public let maxSubjects: Int
    private let clock: any MonotonicClock
    private let entries = Mutex([String: Entry]())

    public init(limit: BucketLimit, maxSubjects: Int = 10_000, clock: any MonotonicClock = SystemMonotonicClock()) {
        self.limit = limit
        self.maxSubjects = max(1, maxSubjects)
        self.clock = clock
    }

    /// Nil when `subject` may try now; else the milliseconds until it may.
    public func retryAfterMs(_ subject: String) -> UInt64? {
        let now = clock.nowMs
        return entries.withLock { entries -> UInt64? in
            guard var entry = entries[subject] else { return nil }
            entry.bucket.refill(toMs: now)
            let wait = entry.bucket.waitMs(untilUnits: TokenBucket.unitsPerToken, atMs: now)
            return wait > 0 ? UInt64(wait) : nil
        }
    }

    /// Counts one failure of `subject`.
    public func recordFailure(_ subject: String) {
        let now = clock.nowMs
        entries.withLock { entries in
            if entries[subject] == nil, entries.count >= maxSubjects { Self.makeRoom(&entries, now: now) }
            var entry = entries[subject] ?? Entry(bucket: TokenBucket(limit: limit, atMs: now), lastFailureMs: now)
            entry.bucket.refill(toMs: now)
            entry.bucket.take(units: TokenBucket.unitsPerToken)
            entry.lastFailureMs = now
            entries[subject] = entry
        }
    }

    /// Subjects tracked now.
    public var subjectCount: Int { entries.withLock { $0.count } }

    private static func makeRoom(_ entries: inout [String: Entry], now: Int64) {
        let refilled = entries.filter { $0.value.bucket.refilled(toMs: now).isFull }.map(\.key)
        if !refilled.isEmpty {
            for subject in refilled { entries[subject] = nil }
            return
        }
        let oldest = entries.sorted { $0.value.lastFailureMs < $1.value.lastFailureMs }.prefix(max(1, entries.count / 4)).map(\.key)
        for subject in oldest { entries[subject] = nil }
    }
}
