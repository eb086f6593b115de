/// Tokens counted against the daily cap during one UTC day.
///
/// Days are numbered from the Unix epoch (`unixMs / 86 400 000`, rounded down); UTC has no
/// leap seconds in Unix time, so every day is exactly that long. The count resets when the
/// wall clock enters a later day. A wall clock that steps back into an earlier day resets
/// nothing: the count stays with the latest day seen, until the clock passes its end.
struct DailyUsage: Hashable, Sendable {
    static let msPerDay: Int64 = 86_400_000

    private(set) var day: Int64
    private(set) var used: UInt64

    init(day: Int64, used: UInt64 = 0) {
        self.day = day
        self.used = used
    }

    /// The UTC day containing `unixMs`.
    static func day(ofUnixMs unixMs: Int64) -> Int64 {
        unixMs.dividedRoundingDown(by: Self.msPerDay)
    }

    /// Starts a fresh count if `today` is later than the counted day.
    mutating func roll(to today: Int64) {
        guard today > self.day else { return }
        self.day = today
        self.used = 0
    }

    /// Milliseconds from `unixMs` until the counted day ends, at least 1.
    func msUntilReset(atUnixMs unixMs: Int64) -> Int64 {
        max(1, (self.day + 1).saturatingMultiply(Self.msPerDay).saturatingSubtract(unixMs))
    }

    /// Whether `tokens` more fit under `cap`.
    func admits(_ tokens: UInt64, cap: UInt64) -> Bool {
        tokens <= cap && self.used <= cap - tokens
    }

    mutating func add(_ tokens: UInt64) {
        self.used = self.used.addingReportingOverflow(tokens).overflow ? .max : self.used + tokens
    }

    mutating func remove(_ tokens: UInt64) {
        self.used = tokens > self.used ? 0 : self.used - tokens
    }
}
