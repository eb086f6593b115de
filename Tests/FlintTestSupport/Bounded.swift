/// A test's wait that took longer than its bound.
public struct WaitTimedOut: Error, CustomStringConvertible {
    public let limit: Duration

    public init(limit: Duration) {
        self.limit = limit
    }

    public var description: String { "the wait did not end within \(limit)" }
}

/// Runs `body`, failing with ``WaitTimedOut`` (and cancelling it) after `limit`, so a test
/// of something that must end fails instead of hanging when it does not.
public func bounded<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let value = try await group.next() ?? nil else { throw WaitTimedOut(limit: limit) }
        return value
    }
}

/// Waits (at most `limit`) until `read` gives the same non-zero value twice `interval` apart,
/// and returns it: for a counter that must stop growing, such as the events a server pulled
/// while its client stopped reading.
public func steadyValue(
    of read: @escaping @Sendable () -> Int, checkingEvery interval: Duration = .milliseconds(500), within limit: Duration
) async throws -> Int {
    try await bounded(limit) {
        var seen = -1
        while read() != seen || seen == 0 {
            seen = read()
            try await Task.sleep(for: interval)
        }
        return seen
    }
}

/// Waits (at most `limit`) until `condition` holds, checking every `interval`: for state
/// another task changes. Sleeps between checks rather than spinning, so a loaded machine's
/// two cores go to the work being waited for.
public func waitUntil(
    within limit: Duration, checkingEvery interval: Duration = .milliseconds(2), _ condition: @escaping @Sendable () -> Bool
) async throws {
    try await bounded(limit) {
        while !condition() { try await Task.sleep(for: interval) }
    }
}
