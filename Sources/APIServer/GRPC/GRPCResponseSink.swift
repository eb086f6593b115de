import FlintAPI
import NIOCore
import NIOHTTP2
import Wire

/// One gRPC stream's responses. The call writes flint/1 frames through ``frameSink`` (the
/// same ResponseWriter as over flint/1): its HEADERS become the response headers, each
/// MESSAGE a length-prefixed DATA frame, its TRAILERS the trailers (``end(_:)``), or
/// Trailers-Only when no response headers went out. Each write waits for the stream's flow
/// control.
struct GRPCResponseSink: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<HTTP2Frame.FramePayload>
    let allocator: ByteBufferAllocator
    private let headersSent = OnceLatch()

    init(outbound: NIOAsyncChannelOutboundWriter<HTTP2Frame.FramePayload>, allocator: ByteBufferAllocator) {
        self.outbound = outbound
        self.allocator = allocator
    }

    var frameSink: FrameSink {
        FrameSink { frames in
            for frame in frames { try await self.write(frame) }
        }
    }

    private func write(_ frame: Frame) async throws {
        switch frame.type {
        case .headers:
            let response = try ResponseHeaders(protobufBytes: Array(buffer: frame.payload))
            guard headersSent.claim() else { return }
            try await outbound.write(.headers(.init(headers: GRPCMetadata.responseHeaders(response))))
        case .message:
            if headersSent.claim() { try await outbound.write(.headers(.init(headers: GRPCMetadata.responseHeaders(ResponseHeaders())))) }
            try await outbound.write(.data(.init(data: .byteBuffer(GRPCMessageFraming.frame(frame.payload, allocator: allocator)))))
        case .trailers:
            try await end(try RPCStatus(protobufBytes: Array(buffer: frame.payload)))
        default:
            // A call writes only HEADERS, MESSAGEs and its TRAILERS.
            return
        }
    }

    /// Ends the stream with `status`.
    func end(_ status: RPCStatus) async throws {
        let headers = headersSent.claim() ? GRPCMetadata.trailersOnly(status) : GRPCMetadata.trailers(status)
        try await outbound.write(.headers(.init(headers: headers, endStream: true)))
    }
}
