import FlintAPI
import NIOCore
import Synchronization
import Testing
import Wire

@testable import APIServer

/// A stream's frames leave in as few writes as the call allows: a unary call's HEADERS,
/// MESSAGE and TRAILERS in one; a stream's HEADERS with its first message.
@Suite("Response writer batching")
struct ResponseWriterTests {
    /// Each write the sink takes, as the frame types in it.
    final class RecordingSink: Sendable {
        private let writes = Mutex<[[FrameType]]>([])
        var sink: FrameSink {
            FrameSink { frames in self.writes.withLock { $0.append(frames.map(\.type)) } }
        }
        var recorded: [[FrameType]] { writes.withLock { $0 } }
    }

    static let trailers = Frame(type: .trailers, streamID: 1)

    static func writer(_ sink: RecordingSink, quota: UInt64 = 7) -> ResponseWriter {
        ResponseWriter(streamID: 1, requestID: "req_test", sink: sink.sink) {
            ResponseHeaders(requests: RateLimitState(limit: 10, remaining: quota))
        }
    }

    @Test("a unary call's response writes nothing until the end, then HEADERS, MESSAGE and TRAILERS at once")
    func unaryIsOneWrite() async throws {
        let sink = RecordingSink()
        let writer = Self.writer(sink)
        writer.sendFinal(HealthCheckResponse(status: .serving))
        #expect(sink.recorded.isEmpty)
        try await sink.sink.write(writer.closingFrames(Self.trailers, failed: false))
        #expect(sink.recorded == [[.headers, .message, .trailers]])
    }

    @Test("a stream's HEADERS leave with its first message; later messages and the trailers alone")
    func streamingHeadersRideWithTheFirstMessage() async throws {
        let sink = RecordingSink()
        let writer = Self.writer(sink)
        try await writer.sendHeaders(ResponseHeaders())
        #expect(sink.recorded.isEmpty)
        try await writer.send(HealthCheckResponse(status: .serving))
        try await writer.send(HealthCheckResponse(status: .serving))
        try await sink.sink.write(writer.closingFrames(Self.trailers, failed: false))
        #expect(sink.recorded == [[.headers, .message], [.message], [.trailers]])
    }

    @Test("a failed call that sent nothing gets its default HEADERS with the trailers; an OK one with no message gets none")
    func closingWithoutMessages() async throws {
        let failed = RecordingSink()
        try await failed.sink.write(Self.writer(failed).closingFrames(Self.trailers, failed: true))
        #expect(failed.recorded == [[.headers, .trailers]])

        let empty = RecordingSink()
        try await empty.sink.write(Self.writer(empty).closingFrames(Self.trailers, failed: false))
        #expect(empty.recorded == [[.trailers]])
    }

    @Test("the HEADERS a handler sends win over the defaults and carry the request id")
    func explicitHeaders() async throws {
        let frames = Mutex<[Frame]>([])
        let writer = ResponseWriter(streamID: 3, requestID: "req_mine", sink: FrameSink { sent in frames.withLock { $0 += sent } }) {
            ResponseHeaders(requests: RateLimitState(limit: 10, remaining: 7))
        }
        try await writer.sendHeaders(ResponseHeaders(requests: RateLimitState(limit: 10, remaining: 2)))
        try await writer.sendHeaders(ResponseHeaders(requests: RateLimitState(limit: 10, remaining: 5)))
        writer.sendFinal(HealthCheckResponse(status: .serving))
        let closing = writer.closingFrames(Frame(type: .trailers, streamID: 3), failed: false)
        #expect(closing.map(\.type) == [.headers, .message, .trailers])
        #expect(closing.allSatisfy { $0.streamID == 3 })
        let headers = try ResponseHeaders(protobufBytes: Array(buffer: closing[0].payload))
        #expect(headers.requestID == "req_mine")
        #expect(headers.requests?.remaining == 2)
    }
}
