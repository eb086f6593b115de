import FlintAPI
import Wire

/// The frames fuzz target: arbitrary bytes, as a client would send them after the TLS
/// handshake, through the ``FrameParser`` and the ``ServerConnectionStateMachine`` the way
/// the server's connection drives them.
///
/// The first byte of an input sets how it is fed (``FrameFuzzOptions``); the rest is the
/// byte stream.
public enum FrameFuzzing {
    /// Limits small enough that short inputs reach every bound (oversized frames, too many
    /// streams); ``FrameFuzzOptions/serverLimits`` switches to the server's defaults.
    public static let smallLimits = ConnectionLimits(maxFrameSize: 256, maxConcurrentStreams: 4)

    /// Runs one input; throws if an invariant broke.
    @discardableResult
    public static func run(_ input: UnsafeRawBufferPointer) throws(FuzzInvariantViolation) -> FrameFuzzOutcome {
        guard let control = input.first else { return FrameFuzzOutcome() }
        let options = FrameFuzzOptions(controlByte: control)
        var driver = ServerConnectionDriver(options: options)
        try driver.run(UnsafeRawBufferPointer(rebasing: input.dropFirst()))
        return driver.outcome
    }
}

/// How an input of the frames target is fed, from its first byte.
public struct FrameFuzzOptions: Sendable, Equatable {
    /// Bytes handed to the parser at a time (bits 0-3); nil (0) means all at once.
    public var chunkSize: Int?
    /// Bit 4: the driver sends the flint/1 preface itself before the input.
    public var sendsPreface: Bool
    /// Bit 5: the server begins draining once half the input has arrived.
    public var drainsHalfway: Bool
    /// Bit 6: each call finishes as soon as its request message arrives.
    public var callsFinishAtOnce: Bool
    /// Bit 7: the server's default limits instead of ``FrameFuzzing/smallLimits``.
    public var serverLimits: Bool

    public init(controlByte: UInt8) {
        let chunk = Int(controlByte & 0x0F)
        self.chunkSize = chunk == 0 ? nil : chunk
        self.sendsPreface = controlByte & 0x10 != 0
        self.drainsHalfway = controlByte & 0x20 != 0
        self.callsFinishAtOnce = controlByte & 0x40 != 0
        self.serverLimits = controlByte & 0x80 != 0
    }

    /// The control byte for these options (the inverse of ``init(controlByte:)``).
    public var controlByte: UInt8 {
        var byte = UInt8(chunkSize ?? 0) & 0x0F
        if sendsPreface { byte |= 0x10 }
        if drainsHalfway { byte |= 0x20 }
        if callsFinishAtOnce { byte |= 0x40 }
        if serverLimits { byte |= 0x80 }
        return byte
    }

    public var limits: ConnectionLimits {
        serverLimits ? ConnectionLimits() : FrameFuzzing.smallLimits
    }
}

/// What the connection did with one input, for the replay test to check.
public struct FrameFuzzOutcome: Sendable, Equatable {
    /// Frames the parser yielded, oversized ones included.
    public var framesParsed = 0
    public var streamsOpened = 0
    public var requestsDelivered = 0
    /// Streams ended with an error status (TRAILERS written).
    public var streamsRejected = 0
    /// Frames the server would have written (PING answers, TRAILERS, GOAWAY).
    public var framesWritten = 0
    /// The input did not start with the flint/1 preface.
    public var prefaceMismatch = false
    /// The GOAWAY that ended the connection, if one did (protocol error or shutdown).
    public var goAway: GoAway?

    public init() {}
}
