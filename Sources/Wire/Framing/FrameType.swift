/// The type byte of a flint/1 frame.
///
/// A struct rather than an enum so that an unknown type read off the wire is still a value
/// the connection can name in its error, instead of a decoding failure.
public struct FrameType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let settings = FrameType(rawValue: 0)
    public static let headers = FrameType(rawValue: 1)
    public static let message = FrameType(rawValue: 2)
    public static let trailers = FrameType(rawValue: 3)
    public static let cancel = FrameType(rawValue: 4)
    public static let ping = FrameType(rawValue: 5)
    public static let goAway = FrameType(rawValue: 6)

    /// Whether flint/1 defines this type.
    public var isKnown: Bool { rawValue <= FrameType.goAway.rawValue }

    /// Whether frames of this type belong to a stream (id > 0) rather than the connection.
    public var isStreamFrame: Bool {
        self == .headers || self == .message || self == .trailers || self == .cancel
    }

    public var description: String {
        switch rawValue {
        case 0: "SETTINGS"
        case 1: "HEADERS"
        case 2: "MESSAGE"
        case 3: "TRAILERS"
        case 4: "CANCEL"
        case 5: "PING"
        case 6: "GOAWAY"
        default: "UNKNOWN(\(rawValue))"
        }
    }
}

/// The flags byte of a flint/1 frame. Bit meanings depend on the frame type.
public struct FrameFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// On a client MESSAGE: the last request message; the client half-closes the stream.
    public static let endStream = FrameFlags(rawValue: 0x1)
    /// On a PING: this is the answer to a PING.
    public static let ack = FrameFlags(rawValue: 0x1)
}
