import NIOCore
import Wire

/// Feeds bytes to a ``FrameParser`` and each event to a ``ServerConnectionStateMachine``,
/// performing the actions as the server's connection does (without I/O), and checks every
/// action against its own record of the streams.
struct ServerConnectionDriver {
    let options: FrameFuzzOptions
    var parser: FrameParser
    var machine: ServerConnectionStateMachine
    var inbound = ByteBuffer()
    var outbound = ByteBuffer()
    /// Streams opened whose request message has not arrived.
    var awaitingRequest: Set<UInt32> = []
    /// Streams whose call is running.
    var running: Set<UInt32> = []
    /// PINGs and repeated SETTINGS since the last stream frame, counted here independently.
    var controlFramesInARow = 0
    var lastStreamID: UInt32 = 0
    var draining = false
    var ended = false
    var outcome = FrameFuzzOutcome()

    init(options: FrameFuzzOptions) {
        self.options = options
        self.parser = FrameParser(maxPayloadSize: options.limits.maxFrameSize, expectsPreface: true)
        self.machine = ServerConnectionStateMachine(limits: options.limits)
    }

    var maxFrameSize: Int { Int(options.limits.maxFrameSize) }
    var openStreams: Int { awaitingRequest.count + running.count }

    /// Feeds `bytes` in chunks, then shuts the connection down gracefully if it is still open.
    mutating func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzInvariantViolation) {
        if options.sendsPreface { inbound.writeBytes(FrameParser.preface) }
        var offset = 0
        var drainRequested = false
        while offset < bytes.count, !ended {
            let size = min(options.chunkSize ?? bytes.count, bytes.count - offset)
            inbound.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + size)]))
            offset += size
            try parseAvailable()
            if options.drainsHalfway, !drainRequested, !ended, offset >= bytes.count / 2 {
                drainRequested = true
                try beginDraining()
            }
        }
        if !ended { try shutDown() }
        try require(outcome.framesWritten <= outcome.framesParsed + 1, "\(outcome.framesWritten) frames written for \(outcome.framesParsed) read")
    }

    // MARK: Reading

    private mutating func parseAvailable() throws(FuzzInvariantViolation) {
        while !ended {
            let event: InboundFrameEvent?
            do {
                event = try parser.next(from: &inbound)
            } catch {
                outcome.prefaceMismatch = true
                ended = true
                return
            }
            guard let event else { break }
            try check(event)
            try handle(event)
        }
        try require(
            ended || inbound.readableBytes < FrameHeader.size + maxFrameSize,
            "the parser holds \(inbound.readableBytes) bytes, more than one frame")
        inbound.discardReadBytes()
    }

    /// A frame fits the limit and parses back to itself; an oversized one does not fit.
    private func check(_ event: InboundFrameEvent) throws(FuzzInvariantViolation) {
        switch event {
        case .frame(let frame):
            try require(frame.payload.readableBytes <= maxFrameSize, "a frame of \(frame.payload.readableBytes) bytes passed the limit")
            var wire = ByteBuffer()
            wire.writeFrame(frame)
            var reparser = FrameParser(maxPayloadSize: options.limits.maxFrameSize, expectsPreface: false)
            let again = try? reparser.next(from: &wire)
            try require(again == .frame(frame) && wire.readableBytes == 0, "a frame does not parse back to itself")
        case .oversizedFrame(let header):
            try require(header.payloadLength > options.limits.maxFrameSize, "a frame within the limit was reported oversized")
        }
    }

    private mutating func handle(_ event: InboundFrameEvent) throws(FuzzInvariantViolation) {
        outcome.framesParsed += 1
        switch event {
        case .frame(let frame):
            let floodEnds = countControlFrame(frame)
            let action = machine.receivedFrame(frame)
            try require(!floodEnds || action.isGoAway, "\(controlFramesInARow) control frames in a row did not end the connection")
            try perform(action, after: frame)
        case .oversizedFrame(let header):
            try perform(machine.receivedOversizedFrame(header), after: nil)
        }
        try checkStreams()
    }

    /// Counts PINGs and repeated SETTINGS; true when this one is over the limit.
    private mutating func countControlFrame(_ frame: Frame) -> Bool {
        if frame.type == .ping || (frame.type == .settings && machine.hasReceivedSettings) {
            controlFramesInARow += 1
        } else if frame.type.isStreamFrame {
            controlFramesInARow = 0
        }
        return controlFramesInARow > ConnectionLimits.maxControlFramesInARow
    }

    private mutating func checkStreams() throws(FuzzInvariantViolation) {
        try require(machine.lastStreamID >= lastStreamID, "the last stream id went down from \(lastStreamID) to \(machine.lastStreamID)")
        lastStreamID = machine.lastStreamID
        guard !ended else { return }
        try require(machine.openStreamCount == openStreams, "the machine counts \(machine.openStreamCount) open streams, the connection \(openStreams)")
        try require(openStreams <= Int(options.limits.maxConcurrentStreams), "\(openStreams) streams open at once")
    }
}
