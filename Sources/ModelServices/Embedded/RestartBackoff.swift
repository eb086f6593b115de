/// Delays between restarts of a crashing child: exponential, capped, and forgiven once the
/// child has stayed up for a while.
public struct RestartBackoff: Hashable, Sendable {
    /// The first delay. Default 0.5 s.
    public var initial: Duration
    /// No delay is longer. Default 30 s.
    public var maximum: Duration
    /// Each consecutive crash multiplies the delay by this. Default 2.
    public var multiplier: Int
    /// A child that ran this long before it died restarts after `initial` again. Default 60 s.
    public var resetAfter: Duration

    private var consecutiveFailures = 0

    public init(
        initial: Duration = .milliseconds(500),
        maximum: Duration = .seconds(30),
        multiplier: Int = 2,
        resetAfter: Duration = .seconds(60)
    ) {
        precondition(initial > .zero && maximum >= initial && multiplier >= 1)
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.resetAfter = resetAfter
    }

    /// The delay before the next start, for a child that ran for `uptime` before it died.
    public mutating func nextDelay(afterRunningFor uptime: Duration) -> Duration {
        if uptime >= resetAfter { consecutiveFailures = 0 }
        var delay = initial
        for _ in 0..<consecutiveFailures where delay < maximum {
            delay *= multiplier
        }
        consecutiveFailures += 1
        return Swift.min(delay, maximum)
    }
}
