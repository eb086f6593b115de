/// A RESOURCE_EXHAUSTED detail: the quota limit that denied the call
/// (proto `flint.v1.QuotaFailure`).
public struct QuotaFailure: Sendable, Equatable {
    /// Whether the key's own quota or its partner's denied the call.
    public var scope: QuotaScope
    /// Which limit of that quota.
    public var limit: QuotaLimit
    /// The configured value of that limit.
    public var limitValue: UInt64
    /// False when waiting does not help before the next day (daily cap).
    public var retryable: Bool

    public init(
        scope: QuotaScope = .unspecified,
        limit: QuotaLimit = .unspecified,
        limitValue: UInt64 = 0,
        retryable: Bool = false
    ) {
        self.scope = scope
        self.limit = limit
        self.limitValue = limitValue
        self.retryable = retryable
    }
}

/// Which party a quota belongs to (proto enum `flint.v1.QuotaScope`; open, like every
/// proto enum here: unknown values survive a round trip).
public struct QuotaScope: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public static let unspecified = QuotaScope(rawValue: 0)
    public static let key = QuotaScope(rawValue: 1)
    public static let partner = QuotaScope(rawValue: 2)
}

/// Which limit of a quota was hit (proto enum `flint.v1.QuotaLimit`).
public struct QuotaLimit: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public static let unspecified = QuotaLimit(rawValue: 0)
    public static let requestsPerMinute = QuotaLimit(rawValue: 1)
    public static let tokensPerMinute = QuotaLimit(rawValue: 2)
    public static let concurrentStreams = QuotaLimit(rawValue: 3)
    public static let dailyTokens = QuotaLimit(rawValue: 4)
}
