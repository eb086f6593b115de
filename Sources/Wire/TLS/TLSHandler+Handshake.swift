import NIOCore
import NIOTLS

// Starting, advancing, completing and timing out the handshake.
extension TLSHandler {
    func startHandshake(context: ChannelHandlerContext) {
        guard self.stateMachine.channelActive() else { return }
        self.handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: self.handshakeTimeout) {
            self.handshakeTimerFired(context: context)
        }
        self.handshakeStep(context: context)
    }

    func handshakeStep(context: ChannelHandlerContext) {
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
        // NIO's standard event, for its protocol negotiation handler (the server's split
        // into flint/1 or HTTP/2).
        context.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: event.negotiatedProtocol))
    }

    private func handshakeTimerFired(context: ChannelHandlerContext) {
        self.handshakeTimer = nil
        guard self.stateMachine.handshakeTimedOut() else { return }
        let error = TLSError(code: .handshakeTimeout, message: "no TLS handshake within \(self.handshakeTimeout)")
        self.fail(context: context, error: error)
    }

    func cancelHandshakeTimer() {
        self.handshakeTimer?.cancel()
        self.handshakeTimer = nil
    }
}
