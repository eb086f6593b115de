import Synchronization
import NIOCore
import Wire

/// Writes one stream's response frames: HEADERS once, then MESSAGEs.
///
/// Each write waits while the connection is not writable, so a client that stops
/// reading pauses the handler instead of growing a buffer.
public struct ResponseWriter: Sendable {
    private let streamID: UInt32
    private let requestID: String
    private let sink: FrameSink
    private let headersSent: HeadersLatch

    init(streamID: UInt32, requestID: String, sink: FrameSink) {
        self.streamID = streamID
        self.requestID = requestID
        self.sink = sink
        self.headersSent = HeadersLatch()
    }

    /// Sends response metadata. Sent automatically (empty but for the request id) before the
    /// first message if the handler does not send it; a second call is ignored.
    public func sendHeaders(_ headers: ResponseHeaders) async throws {
        guard headersSent.claim() else { return }
        var headers = headers
        headers.requestID = requestID
        try await sink.write(Frame(type: .headers, streamID: streamID, payload: ByteBuffer(bytes: headers.protobufBytes())))
    }

    /// Sends one response message.
    public func send(_ message: some ProtobufMessage) async throws {
        try await sendHeaders(ResponseHeaders())
        try await sink.write(Frame(type: .message, streamID: streamID, payload: ByteBuffer(bytes: message.protobufBytes())))
    }
}

/// Remembers, across copies of a writer, whether HEADERS went out.
final class HeadersLatch: Sendable {
    private let sent = Atomic<Bool>(false)

    /// True exactly once: for the caller that gets to send the headers.
    func claim() -> Bool {
        sent.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    }
}
