import Storage

/// What the authenticator needs about one key: its record, its partner's quota and the
/// stored HMAC of its secret.
struct StoredCredential: Sendable {
    var record: KeyRecord
    var partnerQuota: Quota
    var hmac: [UInt8]
}

/// The SELECT list and joins that read a ``KeyRecord``; ``KeyRecord/init(row:)`` reads
/// columns in this order.
enum KeyRecordColumns {
    static let select = """
        SELECT k.id, p.name, k.name, k.scopes, \(Quota.columns.map { "k." + $0 }.joined(separator: ", ")),
               k.created_at, k.expires_at, k.revoked_at, k.last_used_at, k.rotated_from
        """
    static let from = "FROM keys AS k JOIN partners AS p ON p.id = k.partner_id"
    /// Columns ``select`` produces.
    static let count = 4 + Quota.columns.count + 5
}

extension KeyRecord {
    /// The record in a row selected with ``KeyRecordColumns``.
    init(row: SQLiteRow) throws {
        let quotaEnd = 4 + Quota.columns.count
        self.init(
            id: try Self.keyID(row.get(0)),
            partner: try row.get(1),
            name: try row.get(2),
            scopes: Scope.decode(try row.get(3)),
            quota: try Quota(row: row, from: 4),
            createdAt: Timestamp(millisecondsSinceEpoch: try row.get(quotaEnd)),
            expiresAt: try Self.timestamp(row.get(quotaEnd + 1)),
            revokedAt: try Self.timestamp(row.get(quotaEnd + 2)),
            lastUsedAt: try Self.timestamp(row.get(quotaEnd + 3)),
            rotatedFrom: try (row.get(quotaEnd + 4) as String?).map(Self.keyID)
        )
    }

    private static func keyID(_ text: String) throws -> KeyID {
        guard let id = KeyID(text) else {
            throw SQLiteError(code: .mismatch, message: "keys.id holds a value that is not a key id")
        }
        return id
    }

    private static func timestamp(_ milliseconds: Int64?) -> Timestamp? {
        milliseconds.map(Timestamp.init(millisecondsSinceEpoch:))
    }
}

extension SQLiteValue {
    init(_ timestamp: Timestamp?) {
        self = timestamp.map { .integer($0.millisecondsSinceEpoch) } ?? .null
    }

    init(_ id: KeyID?) {
        self = id.map { .text($0.rawValue) } ?? .null
    }
}
