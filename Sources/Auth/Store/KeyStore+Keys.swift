import Logging
import Storage

extension KeyStore {
    /// Issues a key for `partner` (created if new), returning the full key once.
    ///
    /// - Parameters:
    ///   - partner: The organisation; 1–200 characters, no control characters.
    ///   - name: A label for people; same rules.
    ///   - scopes: At least one.
    ///   - quota: The key's own limits; `nil` fields use the partner's.
    ///   - expiresAt: When the key stops working; must be in the future. `nil`: never.
    ///   - actor: The admin key making the change (audit log); `nil` for the server itself.
    public func issueKey(
        partner: String,
        name: String,
        scopes: Set<Scope>,
        quota: Quota = Quota(),
        expiresAt: Timestamp? = nil,
        actor: KeyID?
    ) async throws -> IssuedKey {
        let now = self.clock.now()
        let key = APIKey.generate()
        let record = KeyRecord(
            id: key.id,
            partner: try Validation.label(partner, field: "partner"),
            name: try Validation.label(name, field: "name"),
            scopes: try Self.validated(scopes),
            quota: quota,
            createdAt: now,
            expiresAt: expiresAt
        )
        try quota.validate()
        if let expiresAt, expiresAt <= now {
            throw KeyStoreError(code: .invalidArgument, message: "expiry must be in the future")
        }
        let issued = IssuedKey(key: key, record: record)
        let hmac = try self.hasher.tag(for: key)
        try await self.database.write { connection in
            try connection.insertIssued(record, hmac: hmac, actor: actor)
        }
        // Drops any memory of this id as unknown (an id is random, but a cache must not
        // depend on that).
        self.notify(.key(key.id))
        self.logger.debug("Issued API key", metadata: Self.metadata(issued.record, actor: actor))
        return issued
    }

    /// Revokes a key at once: it fails its next authentication. Revoking a revoked key
    /// changes nothing. An unknown id is ``KeyStoreError/Code/notFound``.
    @discardableResult
    public func revokeKey(id: KeyID, actor: KeyID?) async throws -> KeyRecord {
        let now = self.clock.now()
        let record = try await self.database.write { connection in
            guard var record = try connection.keyRecord(id) else { throw KeyStoreError.keyNotFound(id) }
            guard record.revokedAt == nil else { return record }
            try connection.run("UPDATE keys SET revoked_at = ? WHERE id = ?", [.init(now), .init(id)])
            try connection.appendAudit(actor: actor, action: .keyRevoke, target: id.rawValue, details: [], now: now)
            record.revokedAt = now
            return record
        }
        self.notify(.key(id))
        self.logger.debug("Revoked API key", metadata: Self.metadata(record, actor: actor))
        return record
    }

    /// Replaces a key by a new one of the same partner, name, scopes, quota and expiry.
    /// The old key keeps working for `gracePeriod` (zero: it stops at once), then expires.
    ///
    /// A revoked or expired key cannot be rotated (``KeyStoreError/Code/failedPrecondition``).
    public func rotateKey(id: KeyID, gracePeriod: Duration, actor: KeyID?) async throws -> RotatedKey {
        guard gracePeriod >= .zero else {
            throw KeyStoreError(code: .invalidArgument, message: "grace period must not be negative")
        }
        let now = self.clock.now()
        let key = APIKey.generate()
        let hmac = try self.hasher.tag(for: key)
        let result = try await self.database.write { connection in
            guard var previous = try connection.keyRecord(id) else { throw KeyStoreError.keyNotFound(id) }
            guard previous.status(at: now) == .active else {
                throw KeyStoreError(code: .failedPrecondition, message: "key \(id) is revoked or expired")
            }
            var replacement = previous
            replacement.id = key.id
            replacement.createdAt = now
            replacement.lastUsedAt = nil
            replacement.rotatedFrom = id
            let issued = IssuedKey(key: key, record: replacement)
            let graceEnd = now + gracePeriod
            previous.expiresAt = min(previous.expiresAt ?? graceEnd, graceEnd)
            try connection.run("UPDATE keys SET expires_at = ? WHERE id = ?", [.init(previous.expiresAt), .init(id)])
            try connection.insertIssued(
                issued.record,
                hmac: hmac,
                actor: actor,
                extraDetails: [("previous_expires_at", .init(previous.expiresAt))]
            )
            return RotatedKey(issued: issued, previous: previous)
        }
        self.notify(.key(id))
        self.notify(.key(key.id))
        self.logger.debug("Rotated API key", metadata: Self.metadata(result.issued.record, actor: actor))
        return result
    }

    private static func validated(_ scopes: Set<Scope>) throws(KeyStoreError) -> Set<Scope> {
        guard !scopes.isEmpty else {
            throw KeyStoreError(code: .invalidArgument, message: "a key needs at least one scope")
        }
        return scopes
    }

    static func metadata(_ record: KeyRecord, actor: KeyID?) -> Logger.Metadata {
        [
            "auth.key_id": "\(record.id)",
            "auth.partner": "\(record.partner)",
            "auth.actor_key_id": "\(actor.map(\.rawValue) ?? "server")",
        ]
    }
}
