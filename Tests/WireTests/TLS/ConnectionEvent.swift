import NIOCore
import NIOTLS
import Wire

/// What a test observes on one side of a connection, in order.
enum ConnectionEvent: Sendable {
    case handshakeCompleted(TLSHandshakeCompleted)
    /// NIO's standard `TLSUserEvent.handshakeCompleted`, which protocol negotiation reads.
    case standardHandshakeCompleted(negotiatedProtocol: String?)
    case data(ByteBuffer)
    case closeNotifyReceived
    case error(TLSError)
    case otherError(String)
    case closed

    var tlsError: TLSError? {
        if case .error(let error) = self { return error }
        return nil
    }
}

/// Sits at the end of a test pipeline and turns everything it sees into events.
final class EventRecorder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<ConnectionEvent>.Continuation
    private let finishWhenClosed: Bool

    init(_ continuation: AsyncStream<ConnectionEvent>.Continuation, finishWhenClosed: Bool) {
        self.continuation = continuation
        self.finishWhenClosed = finishWhenClosed
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.continuation.yield(.data(self.unwrapInboundIn(data)))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let handshake as TLSHandshakeCompleted: self.continuation.yield(.handshakeCompleted(handshake))
        case TLSUserEvent.handshakeCompleted(let negotiated): self.continuation.yield(.standardHandshakeCompleted(negotiatedProtocol: negotiated))
        case is TLSCloseNotifyReceived: self.continuation.yield(.closeNotifyReceived)
        default: context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? TLSError {
            self.continuation.yield(.error(error))
        } else {
            self.continuation.yield(.otherError(String(describing: error)))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.continuation.yield(.closed)
        if self.finishWhenClosed {
            self.continuation.finish()
        }
    }
}

/// Reads a stream of events one at a time, from one test task.
final class EventReader {
    private var iterator: AsyncStream<ConnectionEvent>.Iterator

    init(_ stream: AsyncStream<ConnectionEvent>) {
        self.iterator = stream.makeAsyncIterator()
    }

    func next() async -> ConnectionEvent? {
        await self.iterator.next()
    }

    /// Collects events until one matches `stop` (included) or the stream ends.
    func collect(until stop: (ConnectionEvent) -> Bool) async -> [ConnectionEvent] {
        var events: [ConnectionEvent] = []
        while let event = await self.next() {
            events.append(event)
            if stop(event) { break }
        }
        return events
    }
}
