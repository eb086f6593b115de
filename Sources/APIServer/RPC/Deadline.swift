import Wire

/// Runs `body`, failing with DEADLINE_EXCEEDED (and cancelling `body`) at `deadline`.
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant?,
    timeoutMs: UInt32,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    guard let deadline else { return try await body() }
    return try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(until: deadline, clock: .continuous)
            throw RPCError(.deadlineExceeded, "the call's deadline of \(timeoutMs) ms passed")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
