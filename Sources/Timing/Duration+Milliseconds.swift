extension Duration {
    /// The duration in whole milliseconds, rounded toward zero: the unit the monotonic
    /// clocks (`MonotonicClock.nowMs`) and the state machines count in.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
