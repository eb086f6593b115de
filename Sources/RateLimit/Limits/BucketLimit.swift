/// The shape of one token bucket: how fast it refills and how much it holds.
public struct BucketLimit: Hashable, Sendable, Codable {
    /// Tokens added per minute (spread evenly: `perMinute / 60 000` per millisecond).
    public var perMinute: UInt64
    /// The capacity: the most a caller can spend at once after being idle.
    public var burst: UInt64

    public init(perMinute: UInt64, burst: UInt64) {
        self.perMinute = perMinute
        self.burst = burst
    }

    /// A bucket whose burst equals its per-minute rate.
    public init(perMinute: UInt64) {
        self.init(perMinute: perMinute, burst: perMinute)
    }
}

extension BucketLimit {
    /// Checks the limit, naming fields `<field>.perMinute` and `<field>.burst`.
    func validate(field: String) throws(QuotaLimitsError) {
        try QuotaLimits.checkPositive(self.perMinute, field: field + ".perMinute")
        try QuotaLimits.checkAtMost(QuotaLimits.maxValue, self.perMinute, field: field + ".perMinute")
        guard self.burst > 0 else {
            throw QuotaLimitsError(
                code: .inconsistent,
                field: field + ".burst",
                message: "a burst of 0 with a positive rate admits nothing"
            )
        }
        try QuotaLimits.checkAtMost(QuotaLimits.maxValue, self.burst, field: field + ".burst")
    }
}
