import NIOCore

// Orderly close (close_notify) and failure (alert, error, close).
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
    func fail(context: ChannelHandlerContext, error: TLSError) {
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
    func flushFinalBytesThenClose(context: ChannelHandlerContext) {
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

    static func failWrites(_ writes: CircularBuffer<TLSHandlerStateMachine.PendingWrite>, with error: any Error) {
        for write in writes {
            write.promise?.fail(error)
        }
    }
}
