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

/// Collects one request message from DATA frames split any way. Flint's methods take
/// exactly one request message; it is held only up to the method's request cap, so a
/// larger one is refused as soon as its prefix says so, before its bytes arrive.
struct GRPCMessageDeframer {
    /// The largest message accepted, in bytes (the method's request cap).
    let maxMessageBytes: Int
    private var buffered = ByteBuffer()
    private(set) var delivered = false

    init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// Takes the bytes of one DATA frame; returns the request message once it is complete.
    /// Throws the status the call fails with: a compressed message (INTERNAL: the stream's
    /// encoding is identity), one over the cap (RESOURCE_EXHAUSTED), or bytes after the
    /// message (INVALID_ARGUMENT).
    mutating func append(_ data: ByteBuffer) throws(RPCError) -> ByteBuffer? {
        guard data.readableBytes > 0 else { return nil }
        guard !delivered else { throw Self.secondMessage }
        buffered.writeImmutableBuffer(data)
        guard buffered.readableBytes >= GRPCMessageFraming.prefixLength,
              let flag = buffered.getInteger(at: buffered.readerIndex, as: UInt8.self),
              let length = buffered.getInteger(at: buffered.readerIndex + 1, as: UInt32.self)
        else { return nil }
        guard flag == 0 else {
            throw RPCError(.internalError, "a compressed request message, but the stream's grpc-encoding is identity (Flint accepts identity only)")
        }
        guard Int(length) <= maxMessageBytes else {
            throw RPCError.requestTooLarge(bytes: Int(length), limit: maxMessageBytes)
        }
        let total = GRPCMessageFraming.prefixLength + Int(length)
        guard buffered.readableBytes >= total else { return nil }
        guard buffered.readableBytes == total else { throw Self.secondMessage }
        buffered.moveReaderIndex(forwardBy: GRPCMessageFraming.prefixLength)
        delivered = true
        defer { buffered = ByteBuffer() }
        return buffered.readSlice(length: Int(length))
    }

    /// The status for a stream that ended before its message was complete.
    var incompleteStatus: RPCError {
        buffered.readableBytes == 0
            ? RPCError(.invalidArgument, "the stream ended without a request message; flint.v1 methods take exactly one")
            : RPCError(.invalidArgument, "the stream ended inside a request message (\(buffered.readableBytes) bytes of it arrived)")
    }

    private static let secondMessage = RPCError(.invalidArgument, "flint.v1 methods take exactly one request message; a second one arrived")
}
