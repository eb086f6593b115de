import NIOCore
import NIOHTTP1

/// Answers one HTTP/1.1 request on the metrics listener and closes: `GET /metrics` (or
/// HEAD) with the Prometheus text, 404 for any other path, 405 for other methods on it, 413
/// for a request with a body.
final class MetricsRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The path metrics are served at.
    static let path = "/metrics"
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let render: @Sendable () -> [UInt8]
    private var head: HTTPRequestHead?
    private var answered = false

    init(render: @escaping @Sendable () -> [UInt8]) {
        self.render = render
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            respond(context, head: head, .payloadTooLarge, body: Array("a metrics request has no body\n".utf8))
        case .end:
            guard let head else { return }
            let (status, body) = Self.answer(to: head, render: render)
            respond(context, head: head, status, body: body)
        }
    }

    /// What a request gets: the status and the body.
    static func answer(to head: HTTPRequestHead, render: () -> [UInt8]) -> (HTTPResponseStatus, [UInt8]) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? head.uri
        guard path == Self.path else { return (.notFound, Array("not found; metrics are at \(Self.path)\n".utf8)) }
        guard head.method == .GET || head.method == .HEAD else { return (.methodNotAllowed, Array("only GET\n".utf8)) }
        return (.ok, render())
    }

    private func respond(_ context: ChannelHandlerContext, head request: HTTPRequestHead?, _ status: HTTPResponseStatus, body: [UInt8]) {
        guard !answered else { return }
        answered = true
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: status == .ok ? Self.contentType : "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Connection", value: "close")
        if status == .methodNotAllowed { headers.add(name: "Allow", value: "GET, HEAD") }
        let response = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        if request?.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Closes a connection that sends more than `limit` bytes: a metrics request is one small
/// GET, and the listener reads nothing after it.
final class InboundByteLimit: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let limit: Int
    private var received = 0

    init(limit: Int) {
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += unwrapInboundIn(data).readableBytes
        guard received <= limit else {
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(data)
    }
}
