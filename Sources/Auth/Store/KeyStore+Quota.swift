import Storage

extension KeyStore {
    /// Replaces a key's own quota whole (`nil` fields: the partner's values). Takes effect
    /// on the key's next call. An unknown id is ``KeyStoreError/Code/notFound``.
    @discardableResult
    public func setKeyQuota(id: KeyID, quota: Quota, actor: KeyID?) async throws -> KeyRecord {
        try quota.validate()
        let now = self.clock.now()
        let record = try await self.database.write { connection in
            guard var record = try connection.keyRecord(id) else { throw KeyStoreError.keyNotFound(id) }
            try connection.setQuota(quota, forKey: id)
            try connection.appendAudit(
                actor: actor,
                action: .keySetQuota,
                target: id.rawValue,
                details: SQLiteConnection.auditDetails(quota),
                now: now
            )
            record.quota = quota
            return record
        }
        self.notify(.key(id))
        return self.withPendingUse(record)
    }

    /// Replaces a partner's quota whole (`nil` fields: the server's defaults); its keys
    /// share these limits. An unknown partner is ``KeyStoreError/Code/notFound``.
    @discardableResult
    public func setPartnerQuota(partner: String, quota: Quota, actor: KeyID?) async throws -> Quota {
        let partner = try Validation.label(partner, field: "partner")
        try quota.validate()
        let now = self.clock.now()
        try await self.database.write { connection in
            guard try connection.partnerID(named: partner) != nil else { throw KeyStoreError.partnerNotFound() }
            try connection.setQuota(quota, forPartner: partner)
            try connection.appendAudit(
                actor: actor,
                action: .partnerSetQuota,
                target: partner,
                details: SQLiteConnection.auditDetails(quota),
                now: now
            )
        }
        self.notify(.partner(partner))
        return quota
    }

    /// A partner's quota as set, or `nil` for an unknown partner.
    public func partnerQuota(partner: String) async throws -> Quota? {
        try await self.database.read { try $0.partnerQuota(partner) }
    }
}
