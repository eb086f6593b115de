/// What the store knows about one key, without its secret or hash.
public struct KeyRecord: Hashable, Sendable {
    /// The public key id.
    public var id: KeyID
    /// The partner (organisation) the key belongs to.
    public var partner: String
    /// A label for people.
    public var name: String
    /// What the key may call.
    public var scopes: Set<Scope>
    /// The key's own limits; `nil` fields use the partner's.
    public var quota: Quota
    public var createdAt: Timestamp
    /// When the key stops working, if ever. Rotation sets it to the end of the grace period.
    public var expiresAt: Timestamp?
    /// When the key was revoked, if it was.
    public var revokedAt: Timestamp?
    /// The last authenticated call seen (batched: may lag by the flush interval).
    public var lastUsedAt: Timestamp?
    /// The key this one replaced by rotation.
    public var rotatedFrom: KeyID?

    /// Whether the key is usable at `now`, and if not, why.
    public func status(at now: Timestamp) -> Status {
        if self.revokedAt != nil { return .revoked }
        if let expiresAt = self.expiresAt, now >= expiresAt { return .expired }
        return .active
    }

    /// Whether the key is usable at a given time.
    public enum Status: Hashable, Sendable {
        case active
        case expired
        case revoked
    }
}
