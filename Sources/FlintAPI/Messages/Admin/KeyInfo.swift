/// An API key, without its secret (proto `flint.v1.KeyInfo`). Times are Unix milliseconds
/// (UTC).
public struct KeyInfo: Sendable, Equatable {
    /// The public key id, the "<id>" in "flint_<id>_<secret><checksum>".
    public var id: String
    /// The organisation the key belongs to; quotas and usage add up per partner.
    public var partner: String
    /// A label for people, e.g. "ci" or "alice laptop".
    public var name: String
    /// What the key may call: "inference", "agents", "tools", "admin".
    public var scopes: [String]
    /// The key's own quota as set (0 fields use the partner's values).
    public var quota: Quota?
    /// When the key was issued.
    public var createdAtMs: Int64
    /// When the key stops working. 0: never.
    public var expiresAtMs: Int64
    /// When the key was revoked. 0: not revoked.
    public var revokedAtMs: Int64
    /// Last authenticated call, updated at most about once a minute. 0: never used.
    public var lastUsedAtMs: Int64
    /// Id of the key this one replaced by RotateKey. Empty if it was issued.
    public var rotatedFrom: String

    public init(
        id: String = "",
        partner: String = "",
        name: String = "",
        scopes: [String] = [],
        quota: Quota? = nil,
        createdAtMs: Int64 = 0,
        expiresAtMs: Int64 = 0,
        revokedAtMs: Int64 = 0,
        lastUsedAtMs: Int64 = 0,
        rotatedFrom: String = ""
    ) {
        self.id = id
        self.partner = partner
        self.name = name
        self.scopes = scopes
        self.quota = quota
        self.createdAtMs = createdAtMs
        self.expiresAtMs = expiresAtMs
        self.revokedAtMs = revokedAtMs
        self.lastUsedAtMs = lastUsedAtMs
        self.rotatedFrom = rotatedFrom
    }
}
