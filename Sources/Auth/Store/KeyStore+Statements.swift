import Storage

/// The key store's statements, run inside the ``Database`` closures of ``KeyStore``.
/// Every value is bound; SQL text is built only from the constant column lists.
extension SQLiteConnection {
    func keyRecord(_ id: KeyID) throws -> KeyRecord? {
        try self.queryFirst("\(KeyRecordColumns.select) \(KeyRecordColumns.from) WHERE k.id = ?", [.init(id)])
            .map(KeyRecord.init(row:))
    }

    func credential(_ id: KeyID) throws -> StoredCredential? {
        let partnerQuota = Quota.columns.map { "p." + $0 }.joined(separator: ", ")
        let sql = "\(KeyRecordColumns.select), k.hmac, \(partnerQuota) \(KeyRecordColumns.from) WHERE k.id = ?"
        guard let row = try self.queryFirst(sql, [.init(id)]) else { return nil }
        return StoredCredential(
            record: try KeyRecord(row: row),
            partnerQuota: try Quota(row: row, from: KeyRecordColumns.count + 1),
            hmac: try row.get(KeyRecordColumns.count)
        )
    }

    func keyCount() throws -> Int {
        try self.queryFirst("SELECT count(*) FROM keys")?.get(0) ?? 0
    }

    func partnerID(named name: String) throws -> Int64? {
        try self.queryFirst("SELECT id FROM partners WHERE name = ?", [.text(name)])?.get(0)
    }

    /// The partner's id, creating the partner (and auditing it) if it is new.
    func ensurePartner(_ name: String, now: Timestamp, actor: KeyID?) throws -> Int64 {
        if let id = try self.partnerID(named: name) {
            return id
        }
        try self.run("INSERT INTO partners (name, created_at) VALUES (?, ?)", [.text(name), .init(now)])
        let id = self.lastInsertRowID
        try self.appendAudit(actor: actor, action: .partnerCreate, target: name, details: [], now: now)
        return id
    }

    func partnerQuota(_ name: String) throws -> Quota? {
        let sql = "SELECT \(Quota.columns.joined(separator: ", ")) FROM partners WHERE name = ?"
        return try self.queryFirst(sql, [.text(name)]).map { try Quota(row: $0, from: 0) }
    }

    func insertKey(_ record: KeyRecord, partnerID: Int64, hmac: [UInt8]) throws {
        let columns = ["id", "partner_id", "name", "scopes", "hmac"] + Quota.columns
            + ["created_at", "expires_at", "rotated_from"]
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let values: [SQLiteValue] =
            [.init(record.id), .integer(partnerID), .text(record.name), .text(Scope.encode(record.scopes)), .blob(hmac)]
            + record.quota.values.map(SQLiteValue.init)
            + [.init(record.createdAt), .init(record.expiresAt), .init(record.rotatedFrom)]
        try self.run("INSERT INTO keys (\(columns.joined(separator: ", "))) VALUES (\(placeholders))", values)
    }

    /// Inserts a new key (creating its partner if needed) and audits the issue.
    func insertIssued(
        _ record: KeyRecord,
        hmac: [UInt8],
        actor: KeyID?,
        extraDetails: [(String, SQLiteValue)] = []
    ) throws {
        let partnerID = try self.ensurePartner(record.partner, now: record.createdAt, actor: actor)
        try self.insertKey(record, partnerID: partnerID, hmac: hmac)
        try self.appendAudit(
            actor: actor,
            action: record.rotatedFrom == nil ? .keyIssue : .keyRotate,
            target: record.rotatedFrom?.rawValue ?? record.id.rawValue,
            details: [
                ("key_id", .init(record.id)),
                ("partner", .text(record.partner)),
                ("name", .text(record.name)),
                ("scopes", .text(Scope.encode(record.scopes))),
                ("expires_at", .init(record.expiresAt)),
            ] + Self.auditDetails(record.quota) + extraDetails,
            now: record.createdAt
        )
    }

    func setQuota(_ quota: Quota, forKey id: KeyID) throws {
        try self.run("UPDATE keys SET \(Self.quotaAssignments) WHERE id = ?", quota.values.map(SQLiteValue.init) + [.init(id)])
    }

    func setQuota(_ quota: Quota, forPartner name: String) throws {
        try self.run(
            "UPDATE partners SET \(Self.quotaAssignments) WHERE name = ?",
            quota.values.map(SQLiteValue.init) + [.text(name)]
        )
    }

    private static let quotaAssignments = Quota.columns.map { "\($0) = ?" }.joined(separator: ", ")

    /// Records an administrative change; `details` become a JSON object built by SQLite's
    /// `json_object` from bound values.
    func appendAudit(
        actor: KeyID?,
        action: AuditEntry.Action,
        target: String,
        details: [(String, SQLiteValue)],
        now: Timestamp
    ) throws {
        let pairs = Array(repeating: "?, ?", count: details.count).joined(separator: ", ")
        let values: [SQLiteValue] = [.init(actor), .text(action.rawValue), .text(target)]
            + details.flatMap { [SQLiteValue.text($0.0), $0.1] }
            + [.init(now)]
        try self.run(
            "INSERT INTO audit_log (actor_key_id, action, target, details, time) VALUES (?, ?, ?, json_object(\(pairs)), ?)",
            values
        )
    }

    /// Quota fields as audit details.
    static func auditDetails(_ quota: Quota) -> [(String, SQLiteValue)] {
        zip(Quota.columns, quota.values).map { ($0, SQLiteValue($1)) }
    }
}
