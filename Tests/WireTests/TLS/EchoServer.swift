import NIOCore
import NIOPosix
import Synchronization
import Wire

/// Echoes every byte back; on the exact message `close-please` it closes instead.
final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let closeRequest = Array("close-please".utf8)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = self.unwrapInboundIn(data)
        // Compared as bytes: decoding binary payloads as strings would be slow.
        if buffer.readableBytesView.elementsEqual(Self.closeRequest) {
            context.close(promise: nil)
        } else {
            context.writeAndFlush(self.wrapOutboundOut(buffer), promise: nil)
        }
    }
}

/// A TLS echo server on 127.0.0.1 and an ephemeral port. Every server-side connection's
/// events go to one stream, ``events``.
final class EchoServer: Sendable {
    let port: Int
    let events: AsyncStream<ConnectionEvent>
    private let channel: any Channel
    private let children: ChildTracker

    private init(channel: any Channel, events: AsyncStream<ConnectionEvent>, children: ChildTracker) {
        self.channel = channel
        self.port = channel.localAddress!.port!
        self.events = events
        self.children = children
    }

    static func start(_ configuration: TLSConfiguration) async throws -> EchoServer {
        let context = try TLSContext(configuration: configuration)
        let (events, continuation) = AsyncStream<ConnectionEvent>.makeStream()
        let tracker = ChildTracker()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                tracker.add(child)
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandlers(
                        TLSHandler(context: context),
                        EchoHandler(),
                        EventRecorder(continuation, finishWhenClosed: false)
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return EchoServer(channel: channel, events: events, children: tracker)
    }

    /// Closes the listener and every connection it accepted.
    func shutdown() async {
        try? await self.channel.close()
        for child in self.children.all {
            try? await child.close()
        }
    }

    /// Starts a server, runs `body`, and shuts the server down on every path.
    static func with<Result>(
        _ configuration: TLSConfiguration,
        _ body: (EchoServer) async throws -> Result
    ) async throws -> Result {
        let server = try await EchoServer.start(configuration)
        do {
            let result = try await body(server)
            await server.shutdown()
            return result
        } catch {
            await server.shutdown()
            throw error
        }
    }
}

/// The connections a server accepted, so a test can close them all.
final class ChildTracker: Sendable {
    private let channels = Mutex<[any Channel]>([])

    func add(_ channel: any Channel) {
        self.channels.withLock { $0.append(channel) }
    }

    var all: [any Channel] {
        self.channels.withLock { $0 }
    }
}
