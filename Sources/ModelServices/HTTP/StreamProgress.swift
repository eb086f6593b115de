import Synchronization

/// What a running call has received, shared with its timers: whether the current attempt
/// has seen a byte of its answer (which disarms the first-byte timeout and ends failover),
/// and the usage so far (which a deadline error reports).
final class StreamProgress: Sendable {
    private struct State {
        var receivedFirstByte = false
        var usage: ModelUsage?
    }

    private let state = Mutex(State())

    var receivedFirstByte: Bool { state.withLock { $0.receivedFirstByte } }

    /// Usage spent so far, nil while no answer has started.
    var usage: ModelUsage? { state.withLock { $0.usage } }

    func beginAttempt() {
        state.withLock { $0.receivedFirstByte = false }
    }

    func markFirstByte(usage: ModelUsage) {
        state.withLock {
            $0.receivedFirstByte = true
            if $0.usage == nil { $0.usage = usage }
        }
    }

    func update(_ usage: ModelUsage) {
        state.withLock { $0.usage = usage }
    }
}
