import Logging
import NIOCore

/// TLS for one channel, on its event loop: inbound ciphertext becomes plaintext,
/// outbound plaintext becomes ciphertext. Server or client mode follows the
/// ``TLSContext``'s configuration.
///
/// - The handshake starts when the channel becomes active. On success the handler
///   fires ``TLSHandshakeCompleted``; on failure it sends OpenSSL's alert, fires a
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

    private let connection: TLSConnection
    private let handshakeTimeout: TimeAmount
    private let logger: Logger
    private var stateMachine: TLSHandlerStateMachine
    /// Reused for decrypted bytes; only reallocated while a reader still holds the last chunk.
    private var plaintext = ByteBuffer()
    private var handshakeTimer: Scheduled<Void>?
    private var closePromise: EventLoopPromise<Void>?

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

// MARK: - Handshake

extension TLSHandler {
    private func startHandshake(context: ChannelHandlerContext) {
        guard self.stateMachine.channelActive() else { return }
        self.handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: self.handshakeTimeout) {
            self.handshakeTimerFired(context: context)
        }
        self.handshakeStep(context: context)
    }

    private func handshakeStep(context: ChannelHandlerContext) {
        switch self.connection.handshake() {
        case .incomplete:
            self.writeCiphertext(context: context, promise: nil, flush: true)
        case .complete:
            self.handshakeCompleted(context: context)
        case .failed(let error):
            self.fail(context: context, error: error)
        }
    }

    private func handshakeCompleted(context: ChannelHandlerContext) {
        self.cancelHandshakeTimer()
        self.writeCiphertext(context: context, promise: nil, flush: true)
        if let error = self.connection.applicationProtocolError() {
            return self.fail(context: context, error: error)
        }
        switch self.stateMachine.handshakeCompleted() {
        case .ignore:
            return
        case .activate(let writes, let flush):
            self.sendHeldWrites(context: context, writes, flush: flush)
            self.announceHandshake(context: context)
            if self.stateMachine.channelRead() == .decrypt {
                self.decrypt(context: context)
            }
        }
    }

    /// Sends the writes held during the handshake, in order, before any new write.
    private func sendHeldWrites(
        context: ChannelHandlerContext,
        _ writes: CircularBuffer<TLSHandlerStateMachine.PendingWrite>,
        flush: Bool
    ) {
        for write in writes {
            guard self.stateMachine.state == .active else {
                write.promise?.fail(ChannelError.ioOnClosedChannel)
                continue
            }
            self.encrypt(context: context, write.data, promise: write.promise)
        }
        if flush { context.flush() }
    }

    private func announceHandshake(context: ChannelHandlerContext) {
        let event = TLSHandshakeCompleted(
            negotiatedProtocol: self.connection.negotiatedApplicationProtocol,
            protocolVersion: self.connection.protocolVersion
        )
        self.logger.debug(
            "TLS handshake completed",
            metadata: ["tls.version": "\(event.protocolVersion)", "tls.alpn": "\(event.negotiatedProtocol ?? "none")"]
        )
        context.fireUserInboundEventTriggered(event)
    }

    private func handshakeTimerFired(context: ChannelHandlerContext) {
        self.handshakeTimer = nil
        guard self.stateMachine.handshakeTimedOut() else { return }
        let error = TLSError(code: .handshakeTimeout, message: "no TLS handshake within \(self.handshakeTimeout)")
        self.fail(context: context, error: error)
    }

    private func cancelHandshakeTimer() {
        self.handshakeTimer?.cancel()
        self.handshakeTimer = nil
    }
}

// MARK: - Inbound

extension TLSHandler {
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.stateMachine.channelRead() {
        case .continueHandshake:
            self.connection.receive(self.unwrapInboundIn(data))
            self.handshakeStep(context: context)
        case .decrypt:
            self.connection.receive(self.unwrapInboundIn(data))
            self.decrypt(context: context)
        case .discard:
            return
        }
    }

    /// Decrypts everything received so far, passes the plaintext on as one buffer, and
    /// sends whatever OpenSSL produced meanwhile (e.g. a KeyUpdate answer).
    private func decrypt(context: ChannelHandlerContext) {
        var peerClosed = false
        readLoop: while true {
            switch self.connection.read(into: &self.plaintext) {
            case .read: continue readLoop
            case .incomplete: break readLoop
            case .closed:
                peerClosed = true
                break readLoop
            case .failed(let error):
                self.deliverPlaintext(context: context)
                return self.fail(context: context, error: error)
            }
        }
        self.deliverPlaintext(context: context)
        self.writeCiphertext(context: context, promise: nil, flush: true)
        if peerClosed { self.peerSentCloseNotify(context: context) }
    }

    /// Passes the decrypted bytes on, keeping the scratch buffer's storage for reuse
    /// (moving indices instead of `clear()` avoids a copy while the reader holds it).
    private func deliverPlaintext(context: ChannelHandlerContext) {
        guard self.plaintext.readableBytes > 0 else { return }
        let chunk = self.plaintext
        self.plaintext.moveReaderIndex(to: 0)
        self.plaintext.moveWriterIndex(to: 0)
        context.fireChannelRead(self.wrapInboundOut(chunk))
    }

    private func peerSentCloseNotify(context: ChannelHandlerContext) {
        guard self.stateMachine.peerClosed() else { return }
        self.logger.debug("TLS close_notify received")
        context.fireUserInboundEventTriggered(TLSCloseNotifyReceived())
        self.connection.shutdown()
        self.flushFinalBytesThenClose(context: context)
    }
}

// MARK: - Outbound

extension TLSHandler {
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = self.unwrapOutboundIn(data)
        switch self.stateMachine.write(buffer, promise: promise) {
        case .encrypt:
            self.encrypt(context: context, buffer, promise: promise)
        case .held:
            return
        case .overLimit(let error):
            promise?.fail(error)
            self.fail(context: context, error: error)
        case .fail(let error):
            promise?.fail(error)
        }
    }

    public func flush(context: ChannelHandlerContext) {
        if self.stateMachine.flush() {
            context.flush()
        }
    }

    /// Encrypts `plaintext` in bounded pieces; the last piece's write carries the promise.
    private func encrypt(context: ChannelHandlerContext, _ plaintext: ByteBuffer, promise: EventLoopPromise<Void>?) {
        var remaining = plaintext
        repeat {
            let piece = remaining.readSlice(length: min(remaining.readableBytes, Self.maximumEncryptSize))!
            if let error = self.connection.write(piece) {
                promise?.fail(error)
                return self.fail(context: context, error: error)
            }
            let isLast = remaining.readableBytes == 0
            self.writeCiphertext(context: context, promise: isLast ? promise : nil, flush: false)
        } while remaining.readableBytes > 0
    }

    /// Writes whatever ciphertext OpenSSL produced. A promise with no bytes to carry
    /// rides on an empty write so that it completes in order.
    private func writeCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?, flush: Bool) {
        if let ciphertext = self.connection.takeCiphertext(allocator: context.channel.allocator) {
            context.write(self.wrapOutboundOut(ciphertext), promise: promise)
        } else if let promise {
            context.write(self.wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
        } else {
            return
        }
        if flush { context.flush() }
    }
}

// MARK: - Closing and failing

extension TLSHandler {
    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all else {
            promise?.fail(ChannelError.operationUnsupported)
            return
        }
        switch self.stateMachine.closeRequested() {
        case .closeNow(let writes):
            self.cancelHandshakeTimer()
            Self.failWrites(writes, with: ChannelError.ioOnClosedChannel)
            context.close(promise: promise)
        case .sendCloseNotify:
            self.joinClose(promise)
            self.connection.shutdown()
            self.flushFinalBytesThenClose(context: context)
        case .joinClose:
            self.joinClose(promise)
        case .forward:
            context.close(promise: promise)
        }
    }

    /// Fails the connection: held writes fail, the error is fired, any alert OpenSSL
    /// produced is flushed, then the channel closes.
    private func fail(context: ChannelHandlerContext, error: TLSError) {
        switch self.stateMachine.failed() {
        case .ignore:
            return
        case .failAndClose(let writes):
            self.cancelHandshakeTimer()
            self.logger.debug("TLS connection failed", metadata: ["tls.error": "\(error)"])
            Self.failWrites(writes, with: error)
            context.fireErrorCaught(error)
            self.flushFinalBytesThenClose(context: context)
        }
    }

    /// Flushes the alert or close_notify, then closes; closes anyway if the flush stalls.
    private func flushFinalBytesThenClose(context: ChannelHandlerContext) {
        guard let finalBytes = self.connection.takeCiphertext(allocator: context.channel.allocator) else {
            return self.finishClose(context: context)
        }
        let loop = context.eventLoop.assumeIsolated()
        let timer = loop.scheduleTask(in: Self.finalFlushTimeout) { self.finishClose(context: context) }
        let flushed = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(self.wrapOutboundOut(finalBytes), promise: flushed)
        flushed.futureResult.assumeIsolated().whenComplete { _ in
            timer.cancel()
            self.finishClose(context: context)
        }
    }

    private func finishClose(context: ChannelHandlerContext) {
        guard self.stateMachine.finalBytesFlushed() else { return }
        let promise = self.closePromise
        self.closePromise = nil
        context.close(promise: promise)
    }

    private func joinClose(_ promise: EventLoopPromise<Void>?) {
        guard let promise else { return }
        if let existing = self.closePromise {
            existing.futureResult.cascade(to: promise)
        } else {
            self.closePromise = promise
        }
    }

    private static func failWrites(_ writes: CircularBuffer<TLSHandlerStateMachine.PendingWrite>, with error: any Error) {
        for write in writes {
            write.promise?.fail(error)
        }
    }
}
