import FlintAPI
import NIOCore
import Synchronization

/// The client connection's outbound writer, handed over once the channel is running.
/// Writes issued before that wait; writes after the connection ended fail.
final class FrameSinkBox: Sendable {
    typealias Writer = NIOAsyncChannelOutboundWriter<Frame>

    private enum State {
        case waiting([CheckedContinuation<Writer, any Error>])
        case attached(Writer)
        case detached
    }

    private let state = Mutex<State>(.waiting([]))

    func attach(_ writer: Writer) {
        let waiters = state.withLock { state -> [CheckedContinuation<Writer, any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .attached(writer)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: writer) }
    }

    func detach() {
        let waiters = state.withLock { state -> [CheckedContinuation<Writer, any Error>] in
            defer { state = .detached }
            guard case .waiting(let waiters) = state else { return [] }
            return waiters
        }
        for waiter in waiters { waiter.resume(throwing: RPCError(.unavailable, "the connection is closed")) }
    }

    func write(_ frame: Frame) async throws {
        try await writer().write(frame)
    }

    private func writer() async throws -> Writer {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Writer, any Error>? in
                switch state {
                case .attached(let writer): return .success(writer)
                case .detached: return .failure(RPCError(.unavailable, "the connection is closed"))
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
