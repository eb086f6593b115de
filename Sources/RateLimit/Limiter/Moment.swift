/// The time of one call, read once from both clocks before taking the lock.
struct Moment: Hashable, Sendable {
    /// The monotonic clock, for bucket refill.
    var monotonicMs: Int64
    /// The wall clock, for the daily cap and snapshots.
    var unixMs: Int64
    /// The latest monotonic time the limiter has seen, this one included: new buckets
    /// start there, so that forgetting a full bucket and meeting it again after the clock
    /// went backwards cannot count the same time twice.
    var latestMs: Int64

    init(monotonicMs: Int64, unixMs: Int64, latestMs: Int64? = nil) {
        self.monotonicMs = monotonicMs
        self.unixMs = unixMs
        self.latestMs = max(latestMs ?? monotonicMs, monotonicMs)
    }

    var utcDay: Int64 { DailyUsage.day(ofUnixMs: self.unixMs) }
}

/// What an admission took from one subject (key or partner), so that settling gives back
/// exactly that and nothing else, whatever the limits have become meanwhile.
struct Charge: Hashable, Sendable {
    /// Whether the estimate was taken from a token bucket.
    var tokens: Bool
    /// The UTC day whose daily count the estimate was added to, if any.
    var dailyDay: Int64?
}
