import FlintAPI
import Timing

/// Runs `body`, failing with DEADLINE_EXCEEDED saying `message` (and cancelling `body`) at
/// `deadline`.
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant,
    message: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await CancellableSleep.until(deadline)
            throw RPCError(.deadlineExceeded, message)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
