import NIOCore

// Inbound: ciphertext from the channel becomes plaintext for the next handler.
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
    func decrypt(context: ChannelHandlerContext) {
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
