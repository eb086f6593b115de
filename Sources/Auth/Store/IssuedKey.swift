/// A key just issued: the record, and the full key to show the partner this one time.
public struct IssuedKey: Sendable {
    /// The full key. Its `description` is redacted; ``APIKey/plaintext`` gives the text.
    public var key: APIKey
    /// The stored record.
    public var record: KeyRecord
}

/// The outcome of a rotation: the new key, and the old one with its shortened expiry.
public struct RotatedKey: Sendable {
    /// The replacement, with `rotatedFrom` naming the old key.
    public var issued: IssuedKey
    /// The old key, expiring at the end of the grace period.
    public var previous: KeyRecord
}

/// One page of ``KeyStore/listKeys(partner:includeInactive:pageSize:pageToken:)``.
public struct KeyPage: Sendable {
    /// Keys, newest first.
    public var keys: [KeyRecord]
    /// Pass as `pageToken` for the next page; `nil` on the last page.
    public var nextPageToken: String?
}
