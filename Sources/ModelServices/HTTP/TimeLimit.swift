import Timing
/// Runs `operation`; at `limit` cancels it and throws `expiry()` — unless `isDisarmed()`
/// is true by then, in which case the operation runs on unlimited (a first-byte timeout
/// disarmed by the first byte).
///
/// The operation's own error when it is cancelled this way is dropped: the caller sees the
/// expiry error, which the timer builds at that moment (with the usage spent so far).
public func withTimeLimit<T: Sendable>(
    _ limit: ContinuousClock.Instant,
    isDisarmed: @escaping @Sendable () -> Bool = { false },
    expiry: @escaping @Sendable () -> any Error,
    operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: TimeLimitOutcome<T>.self) { group in
        group.addTask { .value(try await operation()) }
        group.addTask {
            do {
                try await CancellableSleep.until(limit)
            } catch {
                return .timerStopped  // the operation finished first, or the caller cancelled
            }
            if isDisarmed() { return .timerStopped }
            throw expiry()
        }
        defer { group.cancelAll() }
        while let outcome = try await group.next() {
            if case .value(let value) = outcome { return value }
        }
        preconditionFailure("the operation's task ended without a value or an error")
    }
}

private enum TimeLimitOutcome<T: Sendable>: Sendable {
    case value(T)
    case timerStopped
}

extension ContinuousClock.Instant {
    /// The earlier of `deadline` (if any) and `timeout` from now.
    static func earliest(_ deadline: ContinuousClock.Instant?, orIn timeout: Duration) -> ContinuousClock.Instant {
        let byTimeout = ContinuousClock.now.advanced(by: timeout)
        guard let deadline else { return byTimeout }
        return Swift.min(deadline, byTimeout)
    }
}
