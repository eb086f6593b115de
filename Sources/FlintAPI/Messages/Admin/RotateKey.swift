/// The input of `/flint.v1.Admin/RotateKey`, which replaces a key with a new one of the
/// same partner, name, scopes and quota; the old key keeps working for a grace period
/// (proto `flint.v1.RotateKeyRequest`).
public struct RotateKeyRequest: Sendable, Equatable {
    /// `KeyInfo.id` of the key to replace.
    public var keyID: String
    /// How long the old key keeps working, so deployments can switch over. 0: the old key
    /// stops at once.
    public var gracePeriodSeconds: UInt32

    public init(keyID: String = "", gracePeriodSeconds: UInt32 = 0) {
        self.keyID = keyID
        self.gracePeriodSeconds = gracePeriodSeconds
    }
}

/// The answer of `/flint.v1.Admin/RotateKey` (proto `flint.v1.RotateKeyResponse`).
///
/// `description`, `debugDescription` and `dump` show only whether `apiKey` is set.
public struct RotateKeyResponse: Sendable, Equatable {
    /// The new key (`rotatedFrom` names the old one).
    public var key: KeyInfo?
    /// The new key in full. Shown this one time only.
    public var apiKey: String
    /// The old key, with `expiresAtMs` set to the end of the grace period.
    public var previous: KeyInfo?

    public init(key: KeyInfo? = nil, apiKey: String = "", previous: KeyInfo? = nil) {
        self.key = key
        self.apiKey = apiKey
        self.previous = previous
    }
}

extension RotateKeyResponse: MirrorDescribed {
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "key": key as Any, "apiKey": Placeholder.secret(apiKey), "previous": previous as Any,
            ],
            displayStyle: .struct)
    }
}
