import NIOCore

/// The fixed 10-byte header in front of every frame payload.
public struct FrameHeader: Hashable, Sendable {
    /// Bytes in a header: length (4), type (1), flags (1), stream id (4).
    public static let size = 10

    public var payloadLength: UInt32
    public var type: FrameType
    public var flags: FrameFlags
    public var streamID: UInt32

    public init(payloadLength: UInt32, type: FrameType, flags: FrameFlags, streamID: UInt32) {
        self.payloadLength = payloadLength
        self.type = type
        self.flags = flags
        self.streamID = streamID
    }
}

/// One flint/1 frame: a header and its payload.
public struct Frame: Hashable, Sendable {
    public var type: FrameType
    public var flags: FrameFlags
    public var streamID: UInt32
    public var payload: ByteBuffer

    public init(type: FrameType, flags: FrameFlags = [], streamID: UInt32, payload: ByteBuffer = ByteBuffer()) {
        self.type = type
        self.flags = flags
        self.streamID = streamID
        self.payload = payload
    }

    public var header: FrameHeader {
        FrameHeader(
            payloadLength: UInt32(payload.readableBytes),
            type: type,
            flags: flags,
            streamID: streamID
        )
    }
}

extension ByteBuffer {
    /// Appends `frame` in its wire form: header, then payload.
    public mutating func writeFrame(_ frame: Frame) {
        writeFrameHeader(frame.header)
        writeImmutableBuffer(frame.payload)
    }

    /// Appends a frame header in its wire form (big-endian integers).
    public mutating func writeFrameHeader(_ header: FrameHeader) {
        writeInteger(header.payloadLength, endianness: .big)
        writeInteger(header.type.rawValue)
        writeInteger(header.flags.rawValue)
        writeInteger(header.streamID, endianness: .big)
    }

    /// Reads a frame header if at least ``FrameHeader/size`` bytes are readable.
    public mutating func readFrameHeader() -> FrameHeader? {
        guard readableBytes >= FrameHeader.size,
            let length = readInteger(endianness: .big, as: UInt32.self),
            let type = readInteger(as: UInt8.self),
            let flags = readInteger(as: UInt8.self),
            let streamID = readInteger(endianness: .big, as: UInt32.self)
        else { return nil }
        return FrameHeader(
            payloadLength: length,
            type: FrameType(rawValue: type),
            flags: FrameFlags(rawValue: flags),
            streamID: streamID
        )
    }
}
