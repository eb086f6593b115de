/// One bucket's level or one daily count, as written by ``RateLimiter/snapshot()`` and
/// read back by ``RateLimiter/restore(_:)``. `Codable`, so the server can persist a
/// snapshot as it likes (JSON, a SQLite table).
public struct BucketState: Hashable, Sendable, Codable {
    /// What was read.
    public enum Value: Hashable, Sendable, Codable {
        /// The request bucket: its limit when read, and its level in units of
        /// 1/``BucketState/unitsPerToken`` of a request (negative means debt).
        case requests(limit: BucketLimit, levelUnits: Int64)
        /// The token bucket: its limit when read, and its level in units of
        /// 1/``BucketState/unitsPerToken`` of a token (negative means debt).
        case tokens(limit: BucketLimit, levelUnits: Int64)
        /// Tokens counted against the daily cap on UTC day `utcDay` (days since the Unix
        /// epoch), estimates of calls then in flight included.
        case dailyTokens(utcDay: Int64, used: UInt64)
    }

    /// Units per token in ``Value`` levels: a bucket refilling `r` per minute gains `r`
    /// units per millisecond, so levels are exact integers.
    public static let unitsPerToken: Int64 = TokenBucket.unitsPerToken

    /// Whose bucket.
    public var scope: QuotaScope
    /// The key id or partner id.
    public var subject: String
    /// The wall-clock time the level was read, in milliseconds since the Unix epoch.
    public var readAtUnixMs: Int64
    /// What was read.
    public var value: Value

    public init(scope: QuotaScope, subject: String, readAtUnixMs: Int64, value: Value) {
        self.scope = scope
        self.subject = subject
        self.readAtUnixMs = readAtUnixMs
        self.value = value
    }
}
