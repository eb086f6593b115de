import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The metrics listener: plain HTTP/1.1 serving `GET /metrics` in the Prometheus text
/// format, on its own address (loopback unless the operator says otherwise), run as a
/// `Service`. One request per connection; every connection is bounded in bytes, in time
/// and in number.
public final class MetricsServer: Service {
    /// Bounds on the metrics listener's connections.
    struct Limits: Sendable {
        /// Bytes a connection may send (one GET and its headers). Default 8 KiB.
        var maxRequestBytes = 8 << 10
        /// A connection is closed this long after it opened, answered or not. Default 10 s.
        var connectionTimeout: Duration = .seconds(10)
        /// Connections open at once; more are closed as they are accepted. Default 16.
        var maxConnections = 16
    }

    /// The address the listener is bound to.
    public let localAddress: SocketAddress
    private let channel: any Channel
    private let logger: Logger

    private init(channel: any Channel, logger: Logger) throws {
        self.channel = channel
        guard let address = channel.localAddress else { throw ChannelError.unknownLocalAddress }
        self.localAddress = address
        self.logger = logger
    }

    static func bind(
        host: String, port: Int, exposition: MetricsExposition, limits: Limits = Limits(), logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MetricsServer {
        let open = OpenConnections(limit: limits.maxConnections)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 16)
            .childChannelInitializer { channel in
                guard open.admit() else {
                    channel.close(promise: nil)
                    return channel.eventLoop.makeSucceededVoidFuture()
                }
                let timeout = channel.eventLoop.scheduleTask(in: TimeAmount(limits.connectionTimeout)) { channel.close(promise: nil) }
                channel.closeFuture.whenComplete { _ in
                    timeout.cancel()
                    open.release()
                }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(InboundByteLimit(limit: limits.maxRequestBytes))
                    try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
                    try pipeline.addHandler(MetricsRequestHandler(render: exposition.render))
                }
            }
            .bind(host: host, port: port)
            .get()
        return try MetricsServer(channel: channel, logger: logger)
    }

    /// Serves until graceful shutdown (or cancellation), then closes the listener.
    public func run() async throws {
        logger.info("serving metrics", metadata: ["metrics.address": "\(localAddress)", "metrics.path": "\(MetricsRequestHandler.path)"])
        try? await gracefulShutdown()
        try? await channel.close()
    }
}

/// Counts the metrics listener's open connections against its cap.
final class OpenConnections: Sendable {
    private let count = Atomic<Int>(0)
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place, or false (taking none) when all are taken.
    func admit() -> Bool {
        guard count.add(1, ordering: .relaxed).newValue <= limit else {
            count.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func release() {
        count.subtract(1, ordering: .relaxed)
    }
}
