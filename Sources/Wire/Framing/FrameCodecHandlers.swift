import NIOCore

/// Turns the plaintext byte stream into ``InboundFrameEvent``s.
///
/// A wrong preface is an error fired down the pipeline; the connection is then closed.
public final class FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = InboundFrameEvent

    private var parser: FrameParser

    public init(maxPayloadSize: UInt32, expectsPreface: Bool) {
        self.parser = FrameParser(maxPayloadSize: maxPayloadSize, expectsPreface: expectsPreface)
    }

    public func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let event = try parser.next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(event))
        return .continue
    }

    public func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A frame cut short by the peer closing is dropped: there is nobody to answer.
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Writes ``Frame``s in their wire form; on the client side, the preface goes first.
public final class FrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = Frame

    private var prefacePending: Bool

    public init(sendsPreface: Bool = false) {
        self.prefacePending = sendsPreface
    }

    public func encode(data: Frame, out: inout ByteBuffer) throws {
        if prefacePending {
            out.writeBytes(FrameParser.preface)
            prefacePending = false
        }
        out.writeFrame(data)
    }
}
