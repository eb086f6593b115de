/// Who is calling: what an authenticated key stands for.
public struct Principal: Hashable, Sendable {
    /// The key's public id (safe to log).
    public var keyID: KeyID
    /// The partner (organisation) the key belongs to.
    public var partner: String
    /// The key's label.
    public var keyName: String
    /// What the key may call.
    public var scopes: Set<Scope>
    /// The key's own limits (`nil` fields: the partner's).
    public var keyQuota: Quota
    /// The partner's limits, shared by its keys (`nil` fields: the server's defaults).
    public var partnerQuota: Quota

    public init(keyID: KeyID, partner: String, keyName: String, scopes: Set<Scope>, keyQuota: Quota, partnerQuota: Quota) {
        self.keyID = keyID
        self.partner = partner
        self.keyName = keyName
        self.scopes = scopes
        self.keyQuota = keyQuota
        self.partnerQuota = partnerQuota
    }
}
