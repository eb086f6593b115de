import NIOCore

/// What the parser takes off the wire.
public enum InboundFrameEvent: Hashable, Sendable {
    /// A whole frame.
    case frame(Frame)
    /// A header whose length is above the limit. Its payload is skipped as it arrives,
    /// never buffered, so the connection can go on once it has passed.
    case oversizedFrame(FrameHeader)
}

/// The connection opened with something other than the flint/1 preface.
public struct PrefaceMismatchError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String { "connection did not start with the flint/1 preface" }
}

/// An incremental, bounded flint/1 frame parser.
///
/// Feed it bytes in any split; it yields whole frames. It never holds more than one
/// frame's worth of payload (at most `maxPayloadSize`), whatever a length prefix claims.
public struct FrameParser: Sendable {
    /// The 8 bytes a client sends after the TLS handshake, before any frame.
    public static let preface: [UInt8] = Array("FLINT/1\n".utf8)

    private enum State: Sendable {
        case awaitingPreface(matched: Int)
        case awaitingFrame
        case skipping(remaining: UInt32)
    }

    /// Largest payload accepted; a longer frame is reported and skipped.
    public var maxPayloadSize: UInt32
    private var state: State

    /// - Parameters:
    ///   - maxPayloadSize: largest payload to accept.
    ///   - expectsPreface: true on the server side, where the client preface comes first.
    public init(maxPayloadSize: UInt32, expectsPreface: Bool) {
        self.maxPayloadSize = maxPayloadSize
        self.state = expectsPreface ? .awaitingPreface(matched: 0) : .awaitingFrame
    }

    /// Takes the next event out of `buffer`, or nil when more bytes are needed.
    public mutating func next(from buffer: inout ByteBuffer) throws(PrefaceMismatchError) -> InboundFrameEvent? {
        while true {
            switch state {
            case .awaitingPreface(let matched):
                guard try consumePreface(from: &buffer, matched: matched) else { return nil }
            case .skipping(let remaining):
                guard skip(from: &buffer, remaining: remaining) else { return nil }
            case .awaitingFrame:
                return readFrame(from: &buffer)
            }
        }
    }

    /// Matches preface bytes as they arrive, failing on the first wrong byte.
    private mutating func consumePreface(from buffer: inout ByteBuffer, matched: Int) throws(PrefaceMismatchError) -> Bool {
        var matched = matched
        while matched < Self.preface.count, let byte = buffer.readInteger(as: UInt8.self) {
            guard byte == Self.preface[matched] else { throw PrefaceMismatchError() }
            matched += 1
        }
        state = matched == Self.preface.count ? .awaitingFrame : .awaitingPreface(matched: matched)
        return matched == Self.preface.count
    }

    /// Drops up to `remaining` payload bytes; true once all of them have passed.
    private mutating func skip(from buffer: inout ByteBuffer, remaining: UInt32) -> Bool {
        let dropped = min(Int(remaining), buffer.readableBytes)
        buffer.moveReaderIndex(forwardBy: dropped)
        let left = remaining - UInt32(dropped)
        state = left == 0 ? .awaitingFrame : .skipping(remaining: left)
        return left == 0
    }

    private mutating func readFrame(from buffer: inout ByteBuffer) -> InboundFrameEvent? {
        guard let header = buffer.getFrameHeader(at: buffer.readerIndex) else { return nil }
        if header.payloadLength > maxPayloadSize {
            buffer.moveReaderIndex(forwardBy: FrameHeader.size)
            state = header.payloadLength == 0 ? .awaitingFrame : .skipping(remaining: header.payloadLength)
            return .oversizedFrame(header)
        }
        let length = Int(header.payloadLength)
        guard buffer.readableBytes >= FrameHeader.size + length else { return nil }
        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        let payload = buffer.readSlice(length: length)!
        return .frame(Frame(type: header.type, flags: header.flags, streamID: header.streamID, payload: payload))
    }
}

extension ByteBuffer {
    /// The frame header at `index`, without moving the reader index.
    func getFrameHeader(at index: Int) -> FrameHeader? {
        var view = self
        view.moveReaderIndex(to: index)
        return view.readFrameHeader()
    }
}
