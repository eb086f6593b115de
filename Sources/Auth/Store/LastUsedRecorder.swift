import Synchronization

/// Last-use times noted in memory on every authentication and written in batches.
///
/// Authenticating must not cost a database write; the store flushes the pending times
/// in one transaction every few seconds and on close. Memory is bounded by the number of
/// keys that exist (only authenticated keys are recorded), one entry each.
final class LastUsedRecorder: Sendable {
    private let pending = Mutex<[KeyID: Timestamp]>([:])

    /// Notes that `id` authenticated at `time`.
    func record(_ id: KeyID, at time: Timestamp) {
        self.pending.withLock { pending in
            if let known = pending[id], known >= time { return }
            pending[id] = time
        }
    }

    /// The time noted for `id` and not yet flushed.
    func pendingTime(for id: KeyID) -> Timestamp? {
        self.pending.withLock { $0[id] }
    }

    /// Removes and returns everything noted so far.
    func drain() -> [KeyID: Timestamp] {
        self.pending.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }

    /// Puts back a batch whose write failed, keeping any newer times.
    func restore(_ batch: [KeyID: Timestamp]) {
        for (id, time) in batch {
            self.record(id, at: time)
        }
    }
}
