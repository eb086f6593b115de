import Logging
import NIOCore

/// TLS for one channel, on its event loop: inbound ciphertext becomes plaintext,
/// outbound plaintext becomes ciphertext. Server or client mode follows the
/// ``TLSContext``'s configuration.
///
/// - The handshake starts when the channel becomes active. On success the handler
///   fires ``TLSHandshakeCompleted`` and then NIO's standard
///   `TLSUserEvent.handshakeCompleted(negotiatedProtocol:)`; on failure it sends OpenSSL's alert, fires a
///   ``TLSError`` and closes. A handshake that takes longer than the configured
///   timeout fails with ``TLSError/Code/handshakeTimeout``.
/// - Writes issued before the handshake completes are held and sent after it, up to
///   `maximumPendingWriteBytes` in total (in practice a preface and a SETTINGS frame);
///   a write beyond that fails with ``TLSError/Code/pendingWriteLimitExceeded`` and the
///   connection closes. After the handshake nothing is held here: each write is
///   encrypted at once, so the channel's own writability applies backpressure.
/// - `close` sends close_notify, flushes it, then closes the channel. When the peer
///   sends close_notify the handler fires ``TLSCloseNotifyReceived``, answers and
///   closes. Only full closes are supported. A TCP close without close_notify after the
///   handshake is passed on as a plain `channelInactive` (flint/1 framing detects
///   truncation); during the handshake it fires ``TLSError/Code/handshakeFailed``.
///
/// Build the ``TLSContext`` once at start-up and add one handler per channel, first in
/// the pipeline:
///
/// ```swift
/// let tls = try TLSContext(configuration: .server(
///     certificateChainPath: "server.pem", privateKeyPath: "server-key.pem"))
/// ServerBootstrap(group: group).childChannelInitializer { channel in
///     channel.eventLoop.makeCompletedFuture {
///         try channel.pipeline.syncOperations.addHandlers(TLSHandler(context: tls), MyHandler())
///     }
/// }
///
/// let tls = try TLSContext(configuration: .client(
///     serverName: "localhost", trustRoots: .certificateFile("ca.pem")))
/// ClientBootstrap(group: group).channelInitializer { channel in
///     channel.eventLoop.makeCompletedFuture {
///         try channel.pipeline.syncOperations.addHandlers(TLSHandler(context: tls), MyHandler())
///     }
/// }
/// ```
public final class TLSHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// Default bound on bytes written before the handshake completes.
    public static let defaultMaximumPendingWriteBytes = 1 << 20
    /// Plaintext is encrypted in pieces of at most this size, bounding ciphertext buffers.
    static let maximumEncryptSize = 64 * 1024
    /// How long close_notify or an alert may take to flush before the channel closes anyway.
    static let finalFlushTimeout = TimeAmount.seconds(3)

    // Internal only so the handler's extensions (one file per concern) can share it;
    // nothing outside TLSHandler+*.swift touches these.
    let connection: TLSConnection
    let handshakeTimeout: TimeAmount
    let logger: Logger
    var stateMachine: TLSHandlerStateMachine
    /// Reused for decrypted bytes; only reallocated while a reader still holds the last chunk.
    var plaintext = ByteBuffer()
    var handshakeTimer: Scheduled<Void>?
    var closePromise: EventLoopPromise<Void>?

    /// A handler for one connection made from `context` (server or client as configured).
    /// - Throws: ``TLSError`` if OpenSSL cannot create the connection.
    public init(
        context: TLSContext,
        maximumPendingWriteBytes: Int = TLSHandler.defaultMaximumPendingWriteBytes,
        logger: Logger = Logger(label: "flint.tls", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        self.connection = try TLSConnection(context: context)
        self.handshakeTimeout = context.configuration.handshakeTimeout
        self.logger = logger
        self.stateMachine = TLSHandlerStateMachine(maximumPendingBytes: maximumPendingWriteBytes)
    }
}

@available(*, unavailable)
extension TLSHandler: Sendable {}

// MARK: - Channel lifecycle

extension TLSHandler {
    public func handlerAdded(context: ChannelHandlerContext) {
        self.plaintext = context.channel.allocator.buffer(capacity: 0)
        if context.channel.isActive {
            self.startHandshake(context: context)
        }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        self.cancelHandshakeTimer()
    }

    public func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        self.startHandshake(context: context)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        self.cancelHandshakeTimer()
        switch self.stateMachine.channelInactive() {
        case .handshakeInterrupted(let writes):
            let error = TLSError(code: .handshakeFailed, message: "the connection closed during the TLS handshake")
            Self.failWrites(writes, with: error)
            context.fireErrorCaught(error)
        case .closed(let writes):
            Self.failWrites(writes, with: ChannelError.ioOnClosedChannel)
        }
        self.closePromise?.succeed()
        self.closePromise = nil
        context.fireChannelInactive()
    }
}
