import Storage

/// Rate limits of one key or one partner (DESIGN §5). `nil` means "the default": for a
/// key, its partner's value; for a partner, the server's configured default.
public struct Quota: Hashable, Sendable {
    /// Refill rate of the request bucket, calls per minute.
    public var requestsPerMinute: Int64?
    /// Capacity of the request bucket.
    public var requestBurst: Int64?
    /// Refill rate of the model-token bucket (input + output tokens), per minute.
    public var tokensPerMinute: Int64?
    /// Capacity of the model-token bucket.
    public var tokenBurst: Int64?
    /// Calls in progress at once.
    public var maxConcurrentStreams: Int64?
    /// Model tokens per UTC day.
    public var dailyTokens: Int64?

    public init(
        requestsPerMinute: Int64? = nil,
        requestBurst: Int64? = nil,
        tokensPerMinute: Int64? = nil,
        tokenBurst: Int64? = nil,
        maxConcurrentStreams: Int64? = nil,
        dailyTokens: Int64? = nil
    ) {
        self.requestsPerMinute = requestsPerMinute
        self.requestBurst = requestBurst
        self.tokensPerMinute = tokensPerMinute
        self.tokenBurst = tokenBurst
        self.maxConcurrentStreams = maxConcurrentStreams
        self.dailyTokens = dailyTokens
    }
}

extension Quota {
    /// Column names, shared by the `keys` and `partners` tables, in ``values`` order.
    static let columns = [
        "requests_per_minute", "request_burst", "tokens_per_minute", "token_burst", "max_concurrent_streams",
        "daily_tokens",
    ]

    /// The fields in ``columns`` order.
    var values: [Int64?] {
        [
            self.requestsPerMinute, self.requestBurst, self.tokensPerMinute, self.tokenBurst,
            self.maxConcurrentStreams, self.dailyTokens,
        ]
    }

    /// The quota in `row`'s columns `start..<start + columns.count`.
    init(row: SQLiteRow, from start: Int) throws {
        self.init(
            requestsPerMinute: try row.get(start),
            requestBurst: try row.get(start + 1),
            tokensPerMinute: try row.get(start + 2),
            tokenBurst: try row.get(start + 3),
            maxConcurrentStreams: try row.get(start + 4),
            dailyTokens: try row.get(start + 5)
        )
    }

    /// Every set field must be positive: a limit of zero would lock the caller out, and
    /// the admin API uses 0 for "default" anyway.
    func validate() throws(KeyStoreError) {
        for (column, value) in zip(Self.columns, self.values) {
            if let value, value <= 0 {
                throw KeyStoreError(code: .invalidArgument, message: "quota field \(column) must be positive or unset")
            }
        }
    }
}
