import Storage

extension KeyStore {
    /// Notes a successful authentication of `id` in memory; no database write.
    func recordUse(of id: KeyID, at time: Timestamp) {
        self.lastUsed.record(id, at: time)
    }

    /// Writes every pending last-use time in one transaction; returns how many keys it
    /// updated. Does nothing (no transaction) when nothing is pending. Runs every few
    /// seconds by itself (``Configuration/lastUsedFlushInterval``) and on ``close()``.
    @discardableResult
    public func flushLastUsed() async throws -> Int {
        let batch = self.lastUsed.drain()
        guard !batch.isEmpty else { return 0 }
        do {
            try await self.database.write { connection in
                for (id, time) in batch {
                    try connection.run(
                        "UPDATE keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                        [.init(time), .init(id), .init(time)]
                    )
                }
            }
        } catch {
            self.lastUsed.restore(batch)
            throw error
        }
        self.logger.trace("Wrote last-use times", metadata: ["auth.keys": "\(batch.count)"])
        return batch.count
    }

    /// `record` with a pending, newer last-use time applied.
    func withPendingUse(_ record: KeyRecord) -> KeyRecord {
        guard let pending = self.lastUsed.pendingTime(for: record.id) else { return record }
        var record = record
        record.lastUsedAt = max(record.lastUsedAt ?? pending, pending)
        return record
    }
}
