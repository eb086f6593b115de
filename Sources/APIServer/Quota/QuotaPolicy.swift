import Auth
import RateLimit

/// Turns a key's stored quota, its partner's and the server defaults into the limits the
/// rate limiter enforces.
///
/// A key field that is unset takes the server's default for new keys; a partner field that
/// is unset means the partner as a whole is not limited on that axis.
public struct QuotaPolicy: Sendable {
    /// Defaults for keys whose quota leaves a field unset.
    public var keyDefaults: Auth.Quota
    /// Defaults for partners whose quota leaves a field unset (unset: unlimited).
    public var partnerDefaults: Auth.Quota

    public init(keyDefaults: Auth.Quota = QuotaPolicy.standardKeyDefaults, partnerDefaults: Auth.Quota = Auth.Quota()) {
        self.keyDefaults = keyDefaults
        self.partnerDefaults = partnerDefaults
    }

    /// 600 requests and 1,000,000 tokens a minute (bursts equal), 64 streams, no daily cap.
    public static let standardKeyDefaults = Auth.Quota(
        requestsPerMinute: 600, requestBurst: 600, tokensPerMinute: 1_000_000, tokenBurst: 1_000_000,
        maxConcurrentStreams: 64, dailyTokens: nil
    )

    public func keyLimits(_ quota: Auth.Quota) throws(QuotaLimitsError) -> QuotaLimits {
        try Self.limits(quota.filled(from: keyDefaults))
    }

    public func partnerLimits(_ quota: Auth.Quota) throws(QuotaLimitsError) -> QuotaLimits {
        try Self.limits(quota.filled(from: partnerDefaults))
    }

    /// Builds validated limits; a rate without a burst gets a burst equal to the rate.
    static func limits(_ quota: Auth.Quota) throws(QuotaLimitsError) -> QuotaLimits {
        try QuotaLimits(
            requests: bucket(quota.requestsPerMinute, quota.requestBurst, field: "requests"),
            tokens: bucket(quota.tokensPerMinute, quota.tokenBurst, field: "tokens"),
            concurrentStreams: try positive(quota.maxConcurrentStreams, field: "concurrentStreams"),
            dailyTokens: try positive(quota.dailyTokens, field: "dailyTokens")
        )
    }

    private static func bucket(_ rate: Int64?, _ burst: Int64?, field: String) throws(QuotaLimitsError) -> BucketLimit? {
        guard let rate = try positive(rate, field: field + ".perMinute") else {
            guard burst == nil else {
                throw QuotaLimitsError(code: .inconsistent, field: field + ".burst", message: "a burst needs a per-minute rate")
            }
            return nil
        }
        return BucketLimit(perMinute: rate, burst: try positive(burst, field: field + ".burst") ?? rate)
    }

    private static func positive(_ value: Int64?, field: String) throws(QuotaLimitsError) -> UInt64? {
        guard let value else { return nil }
        guard value > 0 else { throw QuotaLimitsError(code: .mustBePositive, field: field, message: "\(field) must be positive") }
        return UInt64(value)
    }
}

extension Auth.Quota {
    /// This quota with unset fields taken from `defaults`.
    func filled(from defaults: Auth.Quota) -> Auth.Quota {
        Auth.Quota(
            requestsPerMinute: requestsPerMinute ?? defaults.requestsPerMinute,
            requestBurst: requestBurst ?? (requestsPerMinute == nil ? defaults.requestBurst : nil),
            tokensPerMinute: tokensPerMinute ?? defaults.tokensPerMinute,
            tokenBurst: tokenBurst ?? (tokensPerMinute == nil ? defaults.tokenBurst : nil),
            maxConcurrentStreams: maxConcurrentStreams ?? defaults.maxConcurrentStreams,
            dailyTokens: dailyTokens ?? defaults.dailyTokens
        )
    }
}
