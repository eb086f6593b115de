import FlintAPI
import NIOCore
import Wire

/// gRPC's length-prefixed messages: a compressed flag byte, a 4-byte big-endian length,
/// then the message.
enum GRPCMessageFraming {
    static let prefixLength = 5

    /// `message` with its prefix (never compressed).
    static func frame(_ message: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        var framed = allocator.buffer(capacity: prefixLength + message.readableBytes)
        framed.writeInteger(UInt8(0))
        framed.writeInteger(UInt32(message.readableBytes))
        framed.writeImmutableBuffer(message)
        return framed
    }
}

/// Collects length-prefixed messages from DATA frames split any way. A message is held
/// only up to `maxMessageBytes` (the method's request cap), so a larger one is refused as
/// soon as its prefix says so, before its bytes arrive.
struct GRPCMessageDeframer {
    /// The largest message accepted, in bytes.
    let maxMessageBytes: Int
    private var buffered = ByteBuffer()

    init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// Whether part of a message arrived and the rest has not.
    var holdsPartialMessage: Bool { buffered.readableBytes > 0 }

    /// Takes the bytes of one DATA frame; returns the messages they complete, in order.
    /// Throws the status the call fails with: a compressed message (INTERNAL: the stream's
    /// encoding is identity) or one over the cap (RESOURCE_EXHAUSTED).
    mutating func append(_ data: ByteBuffer) throws(RPCError) -> [ByteBuffer] {
        guard data.readableBytes > 0 else { return [] }
        buffered.writeImmutableBuffer(data)
        var messages: [ByteBuffer] = []
        while buffered.readableBytes >= GRPCMessageFraming.prefixLength,
              let flag = buffered.getInteger(at: buffered.readerIndex, as: UInt8.self),
              let length = buffered.getInteger(at: buffered.readerIndex + 1, as: UInt32.self) {
            guard flag == 0 else {
                throw RPCError(.internalError, "a compressed request message, but the stream's grpc-encoding is identity (Flint accepts identity only)")
            }
            guard Int(length) <= maxMessageBytes else {
                throw RPCError.requestTooLarge(bytes: Int(length), limit: maxMessageBytes)
            }
            guard buffered.readableBytes >= GRPCMessageFraming.prefixLength + Int(length) else { break }
            buffered.moveReaderIndex(forwardBy: GRPCMessageFraming.prefixLength)
            messages.append(buffered.readSlice(length: Int(length))!)
        }
        buffered.discardReadBytes()
        return messages
    }
}

/// The one request message of a Flint call, from a ``GRPCMessageDeframer``: Flint's
/// methods take exactly one.
struct GRPCRequestMessage {
    private var deframer: GRPCMessageDeframer
    private(set) var delivered = false

    init(maxMessageBytes: Int) {
        self.deframer = GRPCMessageDeframer(maxMessageBytes: maxMessageBytes)
    }

    /// The request once these bytes complete it; a second message is INVALID_ARGUMENT.
    mutating func append(_ data: ByteBuffer) throws(RPCError) -> ByteBuffer? {
        let messages = try deframer.append(data)
        guard !messages.isEmpty else {
            if delivered, deframer.holdsPartialMessage { throw Self.secondMessage }
            return nil
        }
        guard !delivered, messages.count == 1, !deframer.holdsPartialMessage else { throw Self.secondMessage }
        delivered = true
        return messages[0]
    }

    /// The status for a stream that ended before its message was complete.
    var incompleteStatus: RPCError {
        deframer.holdsPartialMessage
            ? RPCError(.invalidArgument, "the stream ended inside a request message")
            : RPCError(.invalidArgument, "the stream ended without a request message; flint.v1 methods take exactly one")
    }

    private static let secondMessage = RPCError(.invalidArgument, "flint.v1 methods take exactly one request message; a second one arrived")
}
