/// The input of `/flint.v1.Admin/RevokeKey`, which revokes a key; it takes effect on the
/// key's next call, within about a second (proto `flint.v1.RevokeKeyRequest`).
public struct RevokeKeyRequest: Sendable, Equatable {
    /// `KeyInfo.id` of the key.
    public var keyID: String

    public init(keyID: String = "") {
        self.keyID = keyID
    }
}

/// The answer of `/flint.v1.Admin/RevokeKey` (proto `flint.v1.RevokeKeyResponse`).
public struct RevokeKeyResponse: Sendable, Equatable {
    /// The key, now with `revokedAtMs` set. Revoking a revoked key changes nothing.
    public var key: KeyInfo?

    public init(key: KeyInfo? = nil) {
        self.key = key
    }
}
