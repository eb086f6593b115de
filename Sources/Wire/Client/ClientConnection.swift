import FlintAPI
import AsyncAlgorithms
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A client's flint/1 connection: TLS, preface, SETTINGS, then many calls at once.
public final class ClientConnection: Sendable {
    public typealias AsyncFrameChannel = NIOAsyncChannel<InboundFrameEvent, Frame>

    /// The server's SETTINGS.
    public let serverSettings: Settings
    private let channel: any Channel
    private let streams: ClientStreams
    private let writer: FrameSinkBox
    private let userAgent: String

    private init(channel: any Channel, serverSettings: Settings, streams: ClientStreams, writer: FrameSinkBox, userAgent: String) {
        self.channel = channel
        self.serverSettings = serverSettings
        self.streams = streams
        self.writer = writer
        self.userAgent = userAgent
    }

    /// Connects, completes TLS (verifying the server unless told otherwise), sends the
    /// preface and SETTINGS, and waits for the server's SETTINGS.
    public static func connect(
        host: String,
        port: Int,
        tls: TLSConfiguration,
        userAgent: String = "flint-swift/0.1.0",
        connectTimeout: Duration = .seconds(10),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> ClientConnection {
        let context = try TLSContext(configuration: tls)
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(Int64(connectTimeout.components.seconds * 1000)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context))
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(FrameDecoder(maxPayloadSize: 64 << 20, expectsPreface: false))
                    )
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder(sendsPreface: true)))
                    return try AsyncFrameChannel(wrappingChannelSynchronously: channel)
                }
            }
        let streams = ClientStreams()
        let writer = FrameSinkBox()
        Task { await Self.pump(channel, streams: streams, writer: writer) }
        do {
            // A failed write means the connection failed; its reason (a TLS verification
            // error, say) comes from waiting for the server's SETTINGS.
            try? await writer.write(Frame(type: .settings, streamID: 0, payload: ByteBuffer(bytes: Settings(clientVersion: userAgent).protobufBytes())))
            let settings = try await streams.serverSettings()
            return ClientConnection(channel: channel.channel, serverSettings: settings, streams: streams, writer: writer, userAgent: userAgent)
        } catch {
            try? await channel.channel.close()
            throw error
        }
    }

    /// Owns the channel for its lifetime: hands out the writer, routes inbound frames.
    private static func pump(_ channel: AsyncFrameChannel, streams: ClientStreams, writer: FrameSinkBox) async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                writer.attach(outbound)
                for try await event in inbound {
                    if case .frame(let frame) = event { try await streams.route(frame, writer: writer) }
                }
            }
            streams.connectionEnded(RPCError(.unavailable, "the server closed the connection"))
        } catch let error as RPCError {
            streams.connectionEnded(error)
        } catch {
            streams.connectionEnded(RPCError(.unavailable, "connection failed: \(error)"))
        }
        writer.detach()
    }

    /// Makes one unary call. Throws ``RPCError`` for any status but OK.
    public func unary<Request: ProtobufMessage, Response: ProtobufMessage>(
        _ method: String,
        request: Request,
        options: CallOptions = CallOptions(),
        responseType: Response.Type = Response.self
    ) async throws -> UnaryResponse<Response> {
        var headers: ResponseHeaders?
        var response: Response?
        let status = try await call(method, request: request, options: options) { event in
            switch event {
            case .headers(let received): headers = received
            case .message(let bytes): response = try Response(protobufBytes: bytes)
            }
        }
        guard let response else { throw RPCError(.internalError, "the server sent no response message") }
        return UnaryResponse(headers: headers, message: response, status: status)
    }

    /// Makes a call and hands each response event to `onEvent`; returns the OK status or
    /// throws ``RPCError``. Cancelling the calling task sends CANCEL.
    public func call(
        _ method: String,
        request: some ProtobufMessage,
        options: CallOptions = CallOptions(),
        onEvent: (ResponseEvent) async throws -> Void
    ) async throws -> RPCStatus {
        let headers = ByteBuffer(bytes: options.requestHeaders(method: method, userAgent: userAgent).protobufBytes())
        let message = ByteBuffer(bytes: request.protobufBytes())
        let channel = self.channel
        let (streamID, frames, written) = try streams.open { id in
            channel.write(Frame(type: .headers, streamID: id, payload: headers), promise: nil)
            return channel.writeAndFlush(Frame(type: .message, flags: .endStream, streamID: id, payload: message))
        }
        let writer = self.writer
        let streams = self.streams
        return try await withTaskCancellationHandler {
            try await written.get()
            do {
                return try await Self.collect(frames, onEvent: onEvent)
            } catch {
                // A caller that stops early (its handler threw) lets go of the stream, so
                // the connection never waits on a reader that is gone; the server is told.
                if streams.abandon(streamID) { try? await writer.write(Frame(type: .cancel, streamID: streamID)) }
                throw error
            }
        } onCancel: {
            Task { try? await writer.write(Frame(type: .cancel, streamID: streamID)) }
            self.streams.abandon(streamID)
        }
    }

    private static func collect(_ frames: AsyncThrowingChannel<Frame, any Error>, onEvent: (ResponseEvent) async throws -> Void) async throws -> RPCStatus {
        for try await frame in frames {
            switch frame.type {
            case .headers:
                try await onEvent(.headers(try ResponseHeaders(protobufBytes: Array(buffer: frame.payload))))
            case .message:
                try await onEvent(.message(Array(buffer: frame.payload)))
            case .trailers:
                let status = try RPCStatus(protobufBytes: Array(buffer: frame.payload))
                guard status.code == .ok else { throw RPCError(status: status) }
                return status
            default:
                continue
            }
        }
        try Task.checkCancellation()
        throw RPCError(.unavailable, "the stream ended without a status")
    }

    /// Closes the connection; running calls fail with UNAVAILABLE.
    public func close() async {
        try? await channel.close()
    }
}

/// What a call's stream delivers before its status.
public enum ResponseEvent: Sendable {
    case headers(ResponseHeaders)
    /// One response message, still encoded.
    case message([UInt8])
}
