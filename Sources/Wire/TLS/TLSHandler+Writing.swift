import NIOCore

// Outbound: plaintext from the application becomes ciphertext for the channel.
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
    func encrypt(context: ChannelHandlerContext, _ plaintext: ByteBuffer, promise: EventLoopPromise<Void>?) {
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
    func writeCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?, flush: Bool) {
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
