import Logging
import NIOCore
import NIOPosix
import NIOTLS
import ServiceLifecycle
import Wire

/// The Flint server: a TLS listener speaking flint/1, and standard gRPC over HTTP/2 to
/// clients that choose `h2` by ALPN, run as a `Service`.
///
/// Bind first (`FlintServer.bind`), read ``localAddress`` (port 0 picks a free port), then
/// `run()` it, usually under a `ServiceGroup`. On graceful shutdown it stops accepting,
/// sends GOAWAY on every connection, lets running calls finish within the drain timeout,
/// then cancels what is left and returns.
public final class FlintServer: Service {
    public typealias ConnectionChannel = NIOAsyncChannel<InboundFrameEvent, Frame>

    /// An accepted connection once ALPN has chosen its protocol.
    enum NegotiatedConnection: Sendable {
        case flint(ConnectionChannel)
        case http2(any Channel, GRPCConnection.Multiplexer)
    }

    /// The address the listener is bound to.
    public let localAddress: SocketAddress
    private let listener: NIOAsyncChannel<EventLoopFuture<NegotiatedConnection>, Never>
    private let services: CallServices
    private let configuration: ServerConfiguration
    private let logger: Logger
    private let connections = ConnectionRegistry()

    private init(listener: NIOAsyncChannel<EventLoopFuture<NegotiatedConnection>, Never>, services: CallServices, configuration: ServerConfiguration, logger: Logger) throws {
        self.listener = listener
        self.localAddress = try listener.channel.localAddress.orThrow()
        self.services = services
        self.configuration = configuration
        self.logger = logger
    }

    /// Builds the TLS context and binds the listener.
    static func bind(
        configuration: ServerConfiguration,
        tls: TLSConfiguration,
        services: CallServices,
        logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> FlintServer {
        let context = try TLSContext(configuration: tls)
        let admission = ConnectionAdmission(maxTotal: configuration.maxConnections, maxPerAddress: configuration.maxConnectionsPerAddress)
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel -> EventLoopFuture<EventLoopFuture<NegotiatedConnection>> in
                let address = ServerConnection.address(of: channel)
                guard admission.admit(address) else {
                    // Over a cap: closed before any TLS work.
                    channel.close(promise: nil)
                    return channel.eventLoop.makeFailedFuture(ConnectionRefused())
                }
                channel.closeFuture.whenComplete { _ in admission.release(address) }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context))
                    let negotiation = NIOTypedApplicationProtocolNegotiationHandler<NegotiatedConnection> { result, channel in
                        channel.eventLoop.makeCompletedFuture {
                            try Self.configure(channel, for: result, configuration: configuration)
                        }
                    }
                    try channel.pipeline.syncOperations.addHandler(negotiation)
                    return negotiation.protocolNegotiationResult
                }
            }
        return try FlintServer(listener: listener, services: services, configuration: configuration, logger: logger)
    }

    /// The rest of the pipeline for the protocol ALPN chose: flint/1's framing (also for a
    /// client that offered no ALPN), or HTTP/2 for `h2` and `grpc-exp`.
    private static func configure(_ channel: any Channel, for result: ALPNResult, configuration: ServerConfiguration) throws -> NegotiatedConnection {
        if case .negotiated(let name) = result, TLSConfiguration.http2ApplicationProtocols.contains(name) {
            return .http2(channel, try GRPCConnection.configurePipeline(channel, configuration: configuration))
        }
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(FrameDecoder(maxPayloadSize: configuration.limits.maxFrameSize, expectsPreface: true))
        )
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
        return .flint(try ConnectionChannel(wrappingChannelSynchronously: channel))
    }

    public func run() async throws {
        logger.info("listening", metadata: ["server.address": "\(localAddress)"])
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { inbound in
                    for try await channel in inbound {
                        group.addTask { await self.serve(channel) }
                    }
                }
            }
        } onGracefulShutdown: {
            self.shutDownGracefully()
        }
        logger.info("stopped")
    }

    private func serve(_ accepted: EventLoopFuture<NegotiatedConnection>) async {
        // A failed handshake or negotiation has already closed the channel.
        guard let negotiated = try? await accepted.get() else { return }
        var logger = self.logger
        services.metrics.openConnections.increment()
        defer { services.metrics.openConnections.decrement() }
        switch negotiated {
        case .flint(let channel):
            logger[metadataKey: "connection.id"] = "\(ObjectIdentifier(channel.channel).hashValue)"
            let connection = ServerConnection(channel: channel.channel, services: services, configuration: configuration, logger: logger)
            connections.add(connection)
            defer { connections.remove(connection) }
            await connection.run(channel)
        case .http2(let channel, let multiplexer):
            logger[metadataKey: "connection.id"] = "\(ObjectIdentifier(channel).hashValue)"
            logger[metadataKey: "connection.protocol"] = "grpc"
            let connection = GRPCConnection(channel: channel, multiplexer: multiplexer, services: services, configuration: configuration, logger: logger)
            connections.add(connection)
            defer { connections.remove(connection) }
            await connection.run()
        }
    }

    /// Stops accepting, drains every connection, and force-closes after the drain timeout.
    /// Safe to call more than once.
    private func shutDownGracefully() {
        logger.info("shutting down", metadata: ["drain.timeout": "\(configuration.drainTimeout)"])
        listener.channel.close(promise: nil)
        let connections = self.connections
        let drainTimeout = configuration.drainTimeout
        Task {
            // Every connection drains at once; a client that stopped reading cannot hold up
            // the others, nor the force-close at the drain deadline, which always runs.
            let draining = Task {
                await withDiscardingTaskGroup { group in
                    for connection in connections.all { group.addTask { await connection.beginDraining() } }
                }
            }
            try? await Task.sleep(for: drainTimeout)
            for connection in connections.all { connection.forceClose() }
            draining.cancel()
        }
    }
}

extension Optional {
    fileprivate func orThrow() throws -> Wrapped {
        guard let value = self else { throw ChannelError.unknownLocalAddress }
        return value
    }
}
