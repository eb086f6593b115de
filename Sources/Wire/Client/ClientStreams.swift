import FlintAPI
import AsyncAlgorithms
import NIOCore
import Synchronization

/// The client side of a connection's streams: ids, routing of inbound frames, GOAWAY.
///
/// Each stream's frames go through a channel without a buffer: routing a frame waits until
/// the stream's reader takes it. A caller that reads slowly therefore stops the connection
/// reading from the socket, and the server's writes wait in turn (backpressure end to end)
/// instead of frames piling up here. A stream given up on is finished, which releases a
/// waiting send.
final class ClientStreams: Sendable {
    typealias Continuation = AsyncThrowingChannel<Frame, any Error>

    private struct State {
        var nextStreamID: UInt32 = 1
        var open: [UInt32: Continuation] = [:]
        var settings: Settings?
        var settingsWaiter: CheckedContinuation<Settings, any Error>?
        /// Set once the connection can take no new streams.
        var refusal: RPCError?
    }

    private let state = Mutex(State())

    /// Opens a stream: picks its id and, still holding the lock, hands it to `start`, which
    /// must enqueue the stream's first frames. Ids then reach the wire in increasing order
    /// however many tasks open streams at once, as the protocol requires.
    func open<Started>(
        _ start: (UInt32) -> Started
    ) throws(RPCError) -> (id: UInt32, frames: AsyncThrowingChannel<Frame, any Error>, started: Started) {
        let frames = AsyncThrowingChannel<Frame, any Error>()
        let continuation = frames
        let (id, started) = try state.withLock { state throws(RPCError) -> (UInt32, Started) in
            if let refusal = state.refusal { throw refusal }
            let id = state.nextStreamID
            state.nextStreamID += 1
            state.open[id] = continuation
            return (id, start(id))
        }
        return (id, frames, started)
    }

    /// Forgets a stream the caller gave up on; returns whether it was still open.
    @discardableResult
    func abandon(_ streamID: UInt32) -> Bool {
        guard let stream = state.withLock({ $0.open.removeValue(forKey: streamID) }) else { return false }
        stream.finish()
        return true
    }

    /// The server's SETTINGS, once they arrive.
    func serverSettings() async throws -> Settings {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Settings, any Error>? in
                if let settings = state.settings { return .success(settings) }
                if let refusal = state.refusal { return .failure(refusal) }
                state.settingsWaiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Routes one inbound frame.
    func route(_ frame: Frame, writer: FrameSinkBox) async throws {
        switch frame.type {
        case .settings:
            let settings = try Settings(protobufBytes: Array(buffer: frame.payload))
            let waiter = state.withLock { state in
                state.settings = settings
                defer { state.settingsWaiter = nil }
                return state.settingsWaiter
            }
            waiter?.resume(returning: settings)
        case .ping where !frame.flags.contains(.ack):
            try await writer.write(Frame(type: .ping, flags: .ack, streamID: 0, payload: frame.payload))
        case .goAway:
            receivedGoAway(try GoAway(protobufBytes: Array(buffer: frame.payload)))
        case .headers, .message:
            await state.withLock { $0.open[frame.streamID] }?.send(frame)
        case .trailers:
            let continuation = state.withLock { $0.open.removeValue(forKey: frame.streamID) }
            await continuation?.send(frame)
            continuation?.finish()
        default:
            break
        }
    }

    /// No new streams; streams the server never started fail with UNAVAILABLE.
    private func receivedGoAway(_ goAway: GoAway) {
        let error = RPCError(.unavailable, "the server is not taking new calls on this connection: \(goAway.reason)")
        let unstarted = state.withLock { state -> [Continuation] in
            state.refusal = error
            let ids = state.open.keys.filter { $0 > goAway.lastStreamID }
            return ids.compactMap { state.open.removeValue(forKey: $0) }
        }
        for continuation in unstarted { continuation.fail(error) }
    }

    /// The connection is gone: every waiter fails with `error`.
    func connectionEnded(_ error: RPCError) {
        let (streams, waiter) = state.withLock { state in
            state.refusal = state.refusal ?? error
            defer {
                state.open.removeAll()
                state.settingsWaiter = nil
            }
            return (Array(state.open.values), state.settingsWaiter)
        }
        for stream in streams { stream.fail(error) }
        waiter?.resume(throwing: error)
    }
}
