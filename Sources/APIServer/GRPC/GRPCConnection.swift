import FlintAPI
import Logging
import NIOCore
import NIOHTTP2
import Synchronization
import Wire
import Timing

/// One client connection that chose HTTP/2 by ALPN: standard gRPC, each stream a call run
/// by ``GRPCStream``.
///
/// Limits, as over flint/1: at most `maxConcurrentStreams` streams at once (HTTP/2's own
/// setting; more are refused with RST_STREAM), header lists of at most
/// `ConnectionLimits.maxMetadataPayload` bytes, 64 KiB flow-control windows that open only
/// as the calls read (so a request is never buffered past its method's cap), the same
/// connection caps (checked at accept, before TLS). With no open stream for the idle
/// timeout the connection gets GOAWAY and closes; at `maxConnectionAge` it gets GOAWAY and
/// drains, like a server shutting down, and what runs past the drain timeout is cut off.
final class GRPCConnection: Sendable {
    /// An inbound stream as the HTTP/2 multiplexer hands it over.
    struct InboundStream: Sendable {
        var channel: GRPCStream.Channel
        var id: UInt32
    }

    typealias Multiplexer = NIOHTTP2Handler.AsyncStreamMultiplexer<InboundStream>

    private struct State {
        var openStreams = 0
        var lastStreamID: UInt32 = 0
        var lastActivity = ContinuousClock.now
        var draining = false
    }

    let channel: any Channel
    private let multiplexer: Multiplexer
    private let execution: CallExecution
    private let reflection: GRPCReflection
    private let configuration: ServerConfiguration
    private let opened = ContinuousClock.now
    private let state = Mutex(State())

    init(channel: any Channel, multiplexer: Multiplexer, services: CallServices, configuration: ServerConfiguration, logger: Logger) {
        self.channel = channel
        self.multiplexer = multiplexer
        self.configuration = configuration
        self.reflection = GRPCReflection(router: services.router)
        self.execution = CallExecution(
            services: services, requestTimeout: configuration.requestTimeout,
            clientAddress: ServerConnection.address(of: channel), callProtocol: .grpc, logger: logger)
    }

    /// The HTTP/2 settings the server announces.
    static func configuration(_ configuration: ServerConfiguration) -> NIOHTTP2Handler.Configuration {
        var http2 = NIOHTTP2Handler.Configuration()
        http2.connection.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: Int(configuration.limits.maxConcurrentStreams)),
            HTTP2Setting(parameter: .maxHeaderListSize, value: ConnectionLimits.maxMetadataPayload),
            HTTP2Setting(parameter: .initialWindowSize, value: flowControlWindow),
            HTTP2Setting(parameter: .enablePush, value: 0),
        ]
        http2.stream.targetWindowSize = flowControlWindow
        return http2
    }

    /// Each stream's receive window, in bytes.
    static let flowControlWindow = 65_535

    /// Adds HTTP/2 to a connection that negotiated it, in place of flint/1's framing.
    static func configurePipeline(_ channel: any Channel, configuration: ServerConfiguration) throws -> Multiplexer {
        try channel.pipeline.syncOperations.configureAsyncHTTP2Pipeline(
            mode: .server, configuration: Self.configuration(configuration)
        ) { stream in
            stream.eventLoop.makeCompletedFuture {
                let id = try stream.syncOptions?.getOption(HTTP2StreamChannelOptions.streamID)
                let wrapped = try GRPCStream.Channel(wrappingChannelSynchronously: stream)
                return InboundStream(channel: wrapped, id: UInt32(Int(id ?? .rootStream)))
            }
        }
    }

    /// Serves the connection's streams until it closes; never throws.
    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.closeWhenIdleOrOld() }
            do {
                for try await stream in multiplexer.inbound {
                    streamOpened(stream.id)
                    group.addTask {
                        let served = GRPCStream(
                            channel: stream.channel, streamID: stream.id, execution: self.execution, reflection: self.reflection,
                            maxMessageBytes: Int(self.configuration.limits.maxFrameSize))
                        await served.serve()
                        self.streamClosed()
                    }
                }
            } catch {
                execution.logger.debug("HTTP/2 connection ended", metadata: ["error": "\(error)"])
            }
            group.cancelAll()
        }
    }

    private func streamOpened(_ id: UInt32) {
        state.withLock { state in
            state.openStreams += 1
            state.lastStreamID = max(state.lastStreamID, id)
            state.lastActivity = .now
        }
    }

    private func streamClosed() {
        let closeNow = state.withLock { state in
            state.openStreams -= 1
            state.lastActivity = .now
            return state.draining && state.openStreams == 0
        }
        if closeNow { channel.close(promise: nil) }
    }

    /// Sends GOAWAY: no new streams; the connection closes when the running ones finish.
    func beginDraining() async {
        let (lastStreamID, closeNow) = state.withLock { state -> (UInt32, Bool) in
            state.draining = true
            return (state.lastStreamID, state.openStreams == 0)
        }
        await sendGoAway(lastStreamID: lastStreamID)
        if closeNow { try? await channel.close() }
    }

    /// Closes the connection, cutting off the calls that still run.
    func forceClose() {
        channel.close(promise: nil)
    }

    private func sendGoAway(lastStreamID: UInt32) async {
        let goAway = HTTP2Frame(
            streamID: .rootStream,
            payload: .goAway(lastStreamID: HTTP2StreamID(Int32(clamping: lastStreamID)), errorCode: .noError, opaqueData: nil))
        let channel = self.channel
        let giveUp = channel.eventLoop.scheduleTask(in: TimeAmount(configuration.writeTimeout)) { channel.close(promise: nil) }
        try? await channel.writeAndFlush(goAway)
        giveUp.cancel()
    }

    /// GOAWAY and close after the idle timeout with no open stream; GOAWAY and drain at the
    /// maximum connection age, force-closing after the drain timeout.
    private func closeWhenIdleOrOld() async {
        let ageLimit = opened + configuration.maxConnectionAge
        while !Task.isCancelled {
            let now = ContinuousClock.now
            let (idleDue, draining) = state.withLock { state in
                (state.openStreams == 0 ? state.lastActivity + configuration.idleTimeout : now + configuration.idleTimeout, state.draining)
            }
            if draining { return }
            if idleDue <= now {
                execution.logger.debug("closing idle HTTP/2 connection")
                await beginDraining()
                try? await channel.close()
                return
            }
            if ageLimit <= now {
                execution.logger.debug("draining an HTTP/2 connection at its maximum age")
                await beginDraining()
                try? await CancellableSleep.for(configuration.drainTimeout)
                forceClose()
                return
            }
            try? await CancellableSleep.until(min(idleDue, ageLimit))
        }
    }
}

/// A connection the server can drain at shutdown: flint/1 or HTTP/2.
protocol DrainableConnection: AnyObject, Sendable {
    /// Stops new streams; the connection closes when the running ones finish.
    func beginDraining() async
    /// Closes at once, cancelling what still runs.
    func forceClose()
}

extension ServerConnection: DrainableConnection {}
extension GRPCConnection: DrainableConnection {}
