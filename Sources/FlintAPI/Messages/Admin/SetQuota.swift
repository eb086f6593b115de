/// The input of `/flint.v1.Admin/SetQuota`, which sets the quota of one key or of a
/// partner (all its keys together) (proto `flint.v1.SetQuotaRequest`).
public struct SetQuotaRequest: Sendable, Equatable {
    /// Whose quota to set (proto oneof `target`).
    public enum Target: Sendable, Equatable {
        /// `KeyInfo.id` of one key.
        case keyID(String)
        /// A partner: the limits its keys share.
        case partner(String)
    }

    /// nil when unset, or of a kind this build does not know.
    public var target: Target?
    /// The new quota, replacing the old one whole (0 fields: the defaults). Takes effect on
    /// the next call.
    public var quota: Quota?

    public init(target: Target? = nil, quota: Quota? = nil) {
        self.target = target
        self.quota = quota
    }
}

/// The answer of `/flint.v1.Admin/SetQuota` (proto `flint.v1.SetQuotaResponse`).
public struct SetQuotaResponse: Sendable, Equatable {
    /// The quota as stored.
    public var quota: Quota?
    /// The limits now in force, with every default resolved (no 0 fields, except
    /// `dailyTokens` when days are not capped).
    public var effective: Quota?

    public init(quota: Quota? = nil, effective: Quota? = nil) {
        self.quota = quota
        self.effective = effective
    }
}
