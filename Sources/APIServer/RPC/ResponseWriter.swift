import CoreMetrics
import Synchronization
import NIOCore
import FlintAPI
import Wire

/// Writes one stream's response frames: HEADERS once, then MESSAGEs.
///
/// HEADERS never leave alone: they go out with the first message, or with the trailers
/// when the call ends without one. A unary method's only message is held too and leaves
/// with the trailers (``sendFinal(_:)``), so a unary call writes its three frames in one
/// flush. Each write waits while the connection is not writable, so a client that stops
/// reading pauses the handler instead of growing a buffer.
public struct ResponseWriter: Sendable {
    private let streamID: UInt32
    private let requestID: String
    private let sink: FrameSink
    private let outbox: ResponseOutbox
    private let defaultHeaders: @Sendable () -> ResponseHeaders
    private let firstMessage: FirstMessageTimer?

    init(
        streamID: UInt32, requestID: String, sink: FrameSink, firstMessage: FirstMessageTimer? = nil,
        defaultHeaders: @escaping @Sendable () -> ResponseHeaders
    ) {
        self.streamID = streamID
        self.requestID = requestID
        self.sink = sink
        self.outbox = ResponseOutbox()
        self.firstMessage = firstMessage
        self.defaultHeaders = defaultHeaders
    }

    /// Sends response metadata, with the first message (or the trailers). Sent
    /// automatically (the request id and the caller's remaining quota) if the handler does
    /// not send it; a second call is ignored.
    public func sendHeaders(_ headers: ResponseHeaders) async throws {
        outbox.holdHeaders { headersFrame(headers) }
    }

    /// Sends one response message (with the HEADERS if they have not left yet).
    public func send(_ message: some ProtobufMessage) async throws {
        try await sink.write(outbox.takeHeld(appending: messageFrame(message), headers: { headersFrame(defaultHeaders()) }))
        recordFirstMessage()
    }

    /// Holds the call's last response message; it leaves with the trailers.
    func sendFinal(_ message: some ProtobufMessage) {
        outbox.hold(messageFrame(message), headers: { headersFrame(defaultHeaders()) })
        recordFirstMessage()
    }

    private func recordFirstMessage() {
        if let firstMessage, outbox.claimFirstMessage() { firstMessage.record() }
    }

    /// What is still held (HEADERS and a final message), followed by `trailers`: the call's
    /// last write. A call that `failed` before sending HEADERS gets the default ones (the
    /// caller still learns its quota).
    func closingFrames(_ trailers: Frame, failed: Bool) -> [Frame] {
        outbox.takeHeld(appending: trailers, headers: failed ? { headersFrame(defaultHeaders()) } : nil)
    }

    private func headersFrame(_ headers: ResponseHeaders) -> Frame {
        var headers = headers
        headers.requestID = requestID
        return Frame(type: .headers, streamID: streamID, payload: ByteBuffer(bytes: headers.protobufBytes()))
    }

    private func messageFrame(_ message: some ProtobufMessage) -> Frame {
        Frame(type: .message, streamID: streamID, payload: ByteBuffer(bytes: message.protobufBytes()))
    }
}

/// Records, for a streaming call, how long its first response message took from the start
/// of the call (`flint_time_to_first_token_seconds`).
struct FirstMessageTimer: Sendable {
    let timer: LazySeries<Timer>
    let started: ContinuousClock.Instant

    func record() {
        timer.metric.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
    }
}

/// The frames a stream holds back until they can leave together, shared by the copies of
/// its writer.
final class ResponseOutbox: Sendable {
    private struct State {
        var headersClaimed = false
        var held: [Frame] = []
    }

    private let state = Mutex(State())
    private let firstMessageSent = Atomic<Bool>(false)

    /// True exactly once: after the first message was sent (or held to end the call).
    func claimFirstMessage() -> Bool {
        firstMessageSent.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    }

    /// Holds the HEADERS made by `headers`, unless HEADERS were already held or sent.
    func holdHeaders(_ headers: () -> Frame) {
        state.withLock { state in
            guard !state.headersClaimed else { return }
            state.headersClaimed = true
            state.held.append(headers())
        }
    }

    /// Holds `frame`, after the HEADERS (made by `headers` if none were claimed yet).
    func hold(_ frame: Frame, headers: () -> Frame) {
        state.withLock { state in
            Self.claimHeaders(&state, headers)
            state.held.append(frame)
        }
    }

    /// Everything held, then `frame`, emptying the outbox; HEADERS made by `headers` first
    /// if none were claimed (none when `headers` is nil).
    func takeHeld(appending frame: Frame, headers: (() -> Frame)?) -> [Frame] {
        state.withLock { state in
            if let headers { Self.claimHeaders(&state, headers) }
            defer { state.held.removeAll() }
            return state.held + [frame]
        }
    }

    private static func claimHeaders(_ state: inout State, _ headers: () -> Frame) {
        guard !state.headersClaimed else { return }
        state.headersClaimed = true
        state.held.append(headers())
    }
}
