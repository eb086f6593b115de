import Storage

extension KeyStore {
    /// The most keys one page may hold.
    public static let maximumPageSize = 1000

    /// The key with `id`, or `nil` if there is none. Never includes the secret or hash.
    public func key(id: KeyID) async throws -> KeyRecord? {
        try await self.database.read { try $0.keyRecord(id) }.map(self.withPendingUse)
    }

    /// The record, partner quota and hash of `id`, for the authenticator.
    func credential(for id: KeyID) async throws -> StoredCredential? {
        try await self.database.read { try $0.credential(id) }
    }

    /// Keys, newest first, one page at a time. Never includes secrets or hashes.
    ///
    /// - Parameters:
    ///   - partner: Only this partner's keys; `nil`: every partner's.
    ///   - includeInactive: Include revoked and expired keys.
    ///   - pageSize: 1...``maximumPageSize``.
    ///   - pageToken: A previous page's ``KeyPage/nextPageToken``.
    public func listKeys(
        partner: String? = nil,
        includeInactive: Bool = false,
        pageSize: Int = 100,
        pageToken: String? = nil
    ) async throws -> KeyPage {
        guard (1...Self.maximumPageSize).contains(pageSize) else {
            throw KeyStoreError(code: .invalidArgument, message: "page size must be 1...\(Self.maximumPageSize)")
        }
        let cursor = try pageToken.map(PageCursor.init(token:))
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let partner {
            conditions.append("p.name = ?")
            values.append(.text(partner))
        }
        if !includeInactive {
            conditions.append("k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)")
            values.append(.init(self.clock.now()))
        }
        if let cursor {
            conditions.append("(k.created_at, k.id) < (?, ?)")
            values += [.integer(cursor.createdAt), .init(cursor.id)]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "\(KeyRecordColumns.select) \(KeyRecordColumns.from) \(filter) ORDER BY k.created_at DESC, k.id DESC LIMIT ?"
        values.append(.integer(Int64(pageSize + 1)))
        let queryValues = values
        var keys = try await self.database.read { connection in
            try connection.query(sql, queryValues).map(KeyRecord.init(row:))
        }
        let hasMore = keys.count > pageSize
        keys = Array(keys.prefix(pageSize)).map(self.withPendingUse)
        let next = hasMore ? keys.last.map { PageCursor(createdAt: $0.createdAt.millisecondsSinceEpoch, id: $0.id).token } : nil
        return KeyPage(keys: keys, nextPageToken: next)
    }

    /// Audit entries, newest first.
    ///
    /// - Parameters:
    ///   - target: Only entries about this key id or partner name.
    ///   - before: Only entries older than this ``AuditEntry/sequence`` (paging).
    ///   - limit: 1...``maximumPageSize``.
    public func auditLog(target: String? = nil, before: Int64? = nil, limit: Int = 100) async throws -> [AuditEntry] {
        guard (1...Self.maximumPageSize).contains(limit) else {
            throw KeyStoreError(code: .invalidArgument, message: "limit must be 1...\(Self.maximumPageSize)")
        }
        let sql = """
            SELECT sequence, actor_key_id, action, target, details, time FROM audit_log
            WHERE (?1 IS NULL OR target = ?1) AND (?2 IS NULL OR sequence < ?2)
            ORDER BY sequence DESC LIMIT ?3
            """
        let values: [SQLiteValue] = [SQLiteValue(target), SQLiteValue(before), .integer(Int64(limit))]
        return try await self.database.read { connection in
            try connection.query(sql, values).map { row in
                AuditEntry(
                    sequence: try row.get(0),
                    actor: (try row.get(1) as String?).flatMap(KeyID.init),
                    action: AuditEntry.Action(rawValue: try row.get(2)),
                    target: try row.get(3),
                    details: try row.get(4),
                    time: Timestamp(millisecondsSinceEpoch: try row.get(5))
                )
            }
        }
    }
}

/// Where a page of keys ends: the last key's creation time and id, as an opaque token.
struct PageCursor {
    var createdAt: Int64
    var id: KeyID

    init(createdAt: Int64, id: KeyID) {
        self.createdAt = createdAt
        self.id = id
    }

    init(token: String) throws(KeyStoreError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let createdAt = Int64(parts[0]), let id = KeyID(String(parts[1])) else {
            throw KeyStoreError(code: .invalidArgument, message: "invalid page token")
        }
        self.init(createdAt: createdAt, id: id)
    }

    var token: String { "\(self.createdAt).\(self.id)" }
}
