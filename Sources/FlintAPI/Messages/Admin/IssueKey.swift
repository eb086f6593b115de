/// The input of `/flint.v1.Admin/IssueKey`, which creates a key
/// (proto `flint.v1.IssueKeyRequest`).
public struct IssueKeyRequest: Sendable, Equatable {
    /// Required: the organisation the key belongs to. A new partner name starts with the
    /// server's default partner quota.
    public var partner: String
    /// Label for people.
    public var name: String
    /// Required, at least one of "inference", "agents", "tools", "admin".
    public var scopes: [String]
    /// The key's quota. nil or zero fields: the partner's values.
    public var quota: Quota?
    /// When the key stops working, in Unix milliseconds. 0: never.
    public var expiresAtMs: Int64

    public init(
        partner: String = "",
        name: String = "",
        scopes: [String] = [],
        quota: Quota? = nil,
        expiresAtMs: Int64 = 0
    ) {
        self.partner = partner
        self.name = name
        self.scopes = scopes
        self.quota = quota
        self.expiresAtMs = expiresAtMs
    }
}

/// The answer of `/flint.v1.Admin/IssueKey`; it holds the only copy of the key's secret
/// (proto `flint.v1.IssueKeyResponse`).
///
/// `description`, `debugDescription` and `dump` show only whether `apiKey` is set.
public struct IssueKeyResponse: Sendable, Equatable {
    /// The new key, without its secret.
    public var key: KeyInfo?
    /// The full key, "flint_<id>_<secret><checksum>". Shown this one time only: Flint keeps
    /// only a keyed hash of the secret and cannot show it again.
    public var apiKey: String

    public init(key: KeyInfo? = nil, apiKey: String = "") {
        self.key = key
        self.apiKey = apiKey
    }
}

extension IssueKeyResponse: MirrorDescribed {
    public var customMirror: Mirror {
        Mirror(
            self, children: ["key": key as Any, "apiKey": Placeholder.secret(apiKey)],
            displayStyle: .struct)
    }
}
