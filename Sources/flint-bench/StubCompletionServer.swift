import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal, fast OpenAI-compatible completion server for measuring Flint's own overhead:
/// `/v1/completions` answers at once, streaming `events` one-token chunks then usage.
final class StubCompletionServer: Sendable {
    let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    static func start(events: Int, port: Int = 0) async throws -> StubCompletionServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(StubHandler(events: events))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return StubCompletionServer(port: channel.localAddress?.port ?? 0, channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }
}

private final class StubHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let events: Int
    private var isCompletion = false
    private var body = ""

    init(events: Int) {
        self.events = events
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            isCompletion = head.uri.hasPrefix("/v1/completions")
            body = ""
        case .body(let bytes):
            body += String(buffer: bytes)
        case .end:
            respond(context: context)
        }
    }

    private func respond(context: ChannelHandlerContext) {
        let streaming = isCompletion && body.replacingOccurrences(of: " ", with: "").contains(#""stream":true"#)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: streaming ? "text/event-stream" : "application/json")
        headers.add(name: "transfer-encoding", value: "chunked")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        var body = context.channel.allocator.buffer(capacity: 80 * events + 256)
        if streaming {
            for _ in 0..<events {
                body.writeString(#"data: {"choices":[{"index":0,"text":" tok","finish_reason":null}]}"# + "\n\n")
            }
            body.writeString(#"data: {"choices":[{"index":0,"text":"","finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":\#(events),"total_tokens":\#(events + 5)}}"# + "\n\n")
            body.writeString("data: [DONE]\n\n")
        } else if isCompletion {
            let text = String(repeating: " tok", count: events)
            body.writeString(#"{"choices":[{"index":0,"text":"\#(text)","finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":\#(events),"total_tokens":\#(events + 5)}}"#)
        } else {
            body.writeString(#"{"object":"list","data":[{"id":"stub"}]}"#)
        }
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
