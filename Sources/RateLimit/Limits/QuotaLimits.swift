/// The limits of one key, or of one partner across all its keys.
///
/// Every limit is optional: `nil` means unlimited. A value can only be built through the
/// throwing initialiser, so a `QuotaLimits` in hand is always valid: zero where zero means
/// nothing, values above ``maxValue`` (or ``maxConcurrentStreams``), and a burst of zero
/// are rejected with a ``QuotaLimitsError`` naming the field.
public struct QuotaLimits: Hashable, Sendable {
    /// The largest rate, burst or daily cap accepted: 10^12.
    public static let maxValue: UInt64 = 1_000_000_000_000
    /// The largest cap on concurrent streams accepted.
    public static let maxConcurrentStreams: UInt64 = 1_000_000

    /// No limit at all.
    public static let unlimited = QuotaLimits(valid: nil, nil, nil, nil)

    /// The request bucket: requests per minute and burst. Each call costs one request.
    public let requests: BucketLimit?
    /// The model-token bucket: input + output tokens per minute and burst.
    public let tokens: BucketLimit?
    /// The most calls (streams) in flight at once.
    public let concurrentStreams: UInt64?
    /// The most model tokens per UTC day; the count resets at UTC midnight.
    public let dailyTokens: UInt64?

    public init(
        requests: BucketLimit? = nil,
        tokens: BucketLimit? = nil,
        concurrentStreams: UInt64? = nil,
        dailyTokens: UInt64? = nil
    ) throws(QuotaLimitsError) {
        try requests?.validate(field: "requests")
        try tokens?.validate(field: "tokens")
        if let concurrentStreams {
            try Self.checkPositive(concurrentStreams, field: "concurrentStreams")
            try Self.checkAtMost(Self.maxConcurrentStreams, concurrentStreams, field: "concurrentStreams")
        }
        if let dailyTokens {
            try Self.checkPositive(dailyTokens, field: "dailyTokens")
            try Self.checkAtMost(Self.maxValue, dailyTokens, field: "dailyTokens")
        }
        self.init(valid: requests, tokens, concurrentStreams, dailyTokens)
    }

    private init(valid requests: BucketLimit?, _ tokens: BucketLimit?, _ streams: UInt64?, _ daily: UInt64?) {
        self.requests = requests
        self.tokens = tokens
        self.concurrentStreams = streams
        self.dailyTokens = daily
    }
}

extension QuotaLimits {
    static func checkPositive(_ value: UInt64, field: String) throws(QuotaLimitsError) {
        guard value == 0 else { return }
        throw QuotaLimitsError(
            code: .mustBePositive,
            field: field,
            message: "0 is not a limit; leave the field unset for unlimited"
        )
    }

    static func checkAtMost(_ maximum: UInt64, _ value: UInt64, field: String) throws(QuotaLimitsError) {
        guard value > maximum else { return }
        throw QuotaLimitsError(
            code: .tooLarge,
            field: field,
            message: "\(value) is above the maximum of \(maximum)"
        )
    }
}
