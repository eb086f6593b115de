import Dispatch
import Foundation

/// Runs `body` in a task that Ctrl-C (SIGINT) cancels, so the call is cancelled on the
/// server (the client sends CANCEL) instead of the process just dying.
enum InterruptCancellation {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { task.cancel() }
        source.resume()
        defer { source.cancel() }
        return try await task.value
    }
}
