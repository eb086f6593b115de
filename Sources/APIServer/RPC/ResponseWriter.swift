import CoreMetrics
import Synchronization
import NIOCore
import FlintAPI
import Wire

/// Writes one stream's response frames: HEADERS once, then MESSAGEs.
///
/// Each write waits while the connection is not writable, so a client that stops
/// reading pauses the handler instead of growing a buffer.
public struct ResponseWriter: Sendable {
    private let streamID: UInt32
    private let requestID: String
    private let sink: FrameSink
    private let headersSent: OnceLatch
    private let firstMessageSent: OnceLatch
    private let defaultHeaders: @Sendable () -> ResponseHeaders
    private let firstMessage: FirstMessageTimer?

    init(
        streamID: UInt32, requestID: String, sink: FrameSink, firstMessage: FirstMessageTimer? = nil,
        defaultHeaders: @escaping @Sendable () -> ResponseHeaders
    ) {
        self.streamID = streamID
        self.requestID = requestID
        self.sink = sink
        self.headersSent = OnceLatch()
        self.firstMessageSent = OnceLatch()
        self.firstMessage = firstMessage
        self.defaultHeaders = defaultHeaders
    }

    /// Sends response metadata. Sent automatically (the request id and the caller's
    /// remaining quota) before the first message if the handler does not send it; a second
    /// call is ignored.
    public func sendHeaders(_ headers: ResponseHeaders) async throws {
        try await sendHeadersIfFirst(headers)
    }

    /// Sends the default headers if nothing was sent yet (a call that fails before its
    /// first message still tells the caller its quota).
    func sendDefaultHeadersIfNeeded() async throws {
        try await sendHeadersIfFirst(defaultHeaders())
    }

    private func sendHeadersIfFirst(_ headers: ResponseHeaders) async throws {
        guard headersSent.claim() else { return }
        var headers = headers
        headers.requestID = requestID
        try await sink.write(Frame(type: .headers, streamID: streamID, payload: ByteBuffer(bytes: headers.protobufBytes())))
    }

    /// Sends one response message.
    public func send(_ message: some ProtobufMessage) async throws {
        try await sendHeaders(defaultHeaders())
        try await sink.write(Frame(type: .message, streamID: streamID, payload: ByteBuffer(bytes: message.protobufBytes())))
        if let firstMessage, firstMessageSent.claim() { firstMessage.record() }
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
