import FlintAPI
import NIOCore
import Timing

/// The server's view of one flint/1 connection, as a value.
///
/// It takes what arrives (frames, oversized-frame reports, streams finishing, shutdown, its
/// timer firing) and answers with the one ``Action`` the connection handler must perform.
/// It does no I/O and reads no clock: times come in as milliseconds of the connection's
/// monotonic clock, so every rule of the protocol, the idle timeout included, is tested
/// without sockets or sleeps.
public struct ServerConnectionStateMachine: Sendable {
    /// How long a connection may go without work before the server closes it.
    public struct Timeouts: Equatable, Sendable {
        /// From the start of the connection to the client's first SETTINGS.
        public var handshake: Duration
        /// After that, with no stream open and no stream frame received.
        public var idle: Duration

        public init(handshake: Duration, idle: Duration) {
            self.handshake = handshake
            self.idle = idle
        }
    }

    /// What the connection handler does next.
    public enum Action: Equatable, Sendable {
        /// Nothing to do (a late frame for a closed stream, a PING ACK…).
        case none
        /// The peer's SETTINGS arrived.
        case peerSettings(Settings)
        /// A new stream: start its call.
        case openStream(streamID: UInt32, headers: RequestHeaders)
        /// The stream's one request message (the client has half-closed).
        case deliverRequest(streamID: UInt32, payload: ByteBuffer)
        /// The client abandoned the stream: stop its work, send nothing.
        case cancelStream(streamID: UInt32)
        /// End the stream with `status`; if `cancelWork`, its call was running and must stop.
        case rejectStream(streamID: UInt32, status: RPCStatus, cancelWork: Bool)
        /// Answer a PING with these 8 bytes and the ACK flag.
        case replyToPing(ByteBuffer)
        /// A connection-level protocol error, or the idle timeout: send GOAWAY, then close.
        case goAwayAndClose(GoAway)
        /// Draining finished: close the connection.
        case close
    }

    private enum Phase: Sendable {
        case awaitingSettings
        case active
        case draining
        case closed
    }

    private enum StreamState: Sendable {
        case awaitingRequest
        case requestReceived
    }

    public let limits: ConnectionLimits
    /// Nil: the machine has no timer (it is driven without times: frame-rule tests, the fuzzer).
    public let timeouts: Timeouts?
    private var phase: Phase = .awaitingSettings
    private var streams: [UInt32: StreamState] = [:]
    private var highestStreamID: UInt32 = 0
    /// PINGs and repeated SETTINGS since the last stream frame.
    private var controlFramesInARow = 0
    /// When the connection last did work that keeps it open (its start, its first SETTINGS,
    /// a stream frame, a stream ending), in ms of the connection's clock.
    private var lastActivityMs: Int64

    /// A machine for a connection that started at `startedAtMs` of its clock, with the idle
    /// timer when `timeouts` are given.
    public init(limits: ConnectionLimits, timeouts: Timeouts? = nil, startedAtMs: Int64 = 0) {
        self.limits = limits
        self.timeouts = timeouts
        self.lastActivityMs = startedAtMs
    }

    /// Streams whose calls are running.
    public var openStreamCount: Int { streams.count }

    /// The highest stream id the client has used.
    public var lastStreamID: UInt32 { highestStreamID }

    /// Whether the client's first SETTINGS has arrived.
    public var hasReceivedSettings: Bool {
        if case .awaitingSettings = phase { return false }
        return true
    }

    /// Whether the machine has closed the connection.
    public var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    // MARK: Inputs

    /// A frame with its SETTINGS or HEADERS payload already decoded.
    ///
    /// Decoding needs no connection state, so the connection does it with ``decode(_:arrivedAtMs:)``
    /// before it takes the lock that guards this machine; the machine then only applies
    /// the protocol's rules.
    public struct DecodedFrame: Sendable {
        public let frame: Frame
        /// When the frame arrived, in ms of the connection's clock.
        public let arrivedAtMs: Int64
        fileprivate let metadata: Metadata

        fileprivate enum Metadata: Sendable {
            case none
            case tooLarge
            case settings(Settings?)
            case headers(RequestHeaders?)
        }
    }

    /// Decodes what `frame`, arrived at `arrivedAtMs`, carries for the connection (SETTINGS,
    /// HEADERS), within ``ConnectionLimits/maxMetadataPayload``; other frames pass as they are.
    public static func decode(_ frame: Frame, arrivedAtMs: Int64) -> DecodedFrame {
        let metadata: DecodedFrame.Metadata
        switch frame.type {
        case .settings where frame.payload.readableBytes > ConnectionLimits.maxMetadataPayload,
            .headers where frame.payload.readableBytes > ConnectionLimits.maxMetadataPayload:
            metadata = .tooLarge
        case .settings:
            metadata = .settings(try? Settings(protobufBytes: Array(buffer: frame.payload)))
        case .headers:
            metadata = .headers(try? RequestHeaders(protobufBytes: Array(buffer: frame.payload)))
        default:
            metadata = .none
        }
        return DecodedFrame(frame: frame, arrivedAtMs: arrivedAtMs, metadata: metadata)
    }

    /// A whole frame arrived at `nowMs` (decoded here; the server decodes first, see
    /// ``DecodedFrame``). A machine without a timer needs no time.
    public mutating func receivedFrame(_ frame: Frame, atMs nowMs: Int64 = 0) -> Action {
        receivedFrame(Self.decode(frame, arrivedAtMs: nowMs))
    }

    /// A whole frame arrived, already decoded by ``decode(_:arrivedAtMs:)``.
    public mutating func receivedFrame(_ decoded: DecodedFrame) -> Action {
        // Only stream work keeps a connection open, and the first SETTINGS starts the idle
        // clock; PINGs and later SETTINGS do not.
        if decoded.frame.type.isStreamFrame || !hasReceivedSettings { noteActivity(at: decoded.arrivedAtMs) }
        switch phase {
        case .closed:
            return .none
        case .awaitingSettings where decoded.frame.type != .settings:
            return goAway(.invalidArgument, "the first frame must be SETTINGS, got \(decoded.frame.type)")
        case .awaitingSettings, .active, .draining:
            return dispatch(decoded)
        }
    }

    /// A frame longer than the limit arrived; its payload is being skipped.
    public mutating func receivedOversizedFrame(_ header: FrameHeader) -> Action {
        if case .closed = phase { return .none }
        let reason = "frame of \(header.payloadLength) bytes exceeds the max frame size of \(limits.maxFrameSize)"
        if case .awaitingSettings = phase { return goAway(.resourceExhausted, reason) }
        // The same split as for frames that fit: what would be a connection error stays one.
        let connectionFrame = header.type.isKnown && !header.type.isStreamFrame
        let reusedID = header.type == .headers && header.streamID <= highestStreamID
        guard header.streamID != 0, !connectionFrame, !reusedID else { return goAway(.resourceExhausted, reason) }
        return failStream(header.streamID, .resourceExhausted, reason, reason: "FRAME_TOO_LARGE")
    }

    /// The server sent TRAILERS for `streamID` (its call ended on its own) at `nowMs`.
    public mutating func streamFinished(_ streamID: UInt32, atMs nowMs: Int64 = 0) -> Action {
        streams[streamID] = nil
        noteActivity(at: nowMs)
        return closeIfDrained()
    }

    // MARK: The idle timer

    /// When the connection's timer should next fire, in ms of its clock: the handshake
    /// deadline until the first SETTINGS, then the idle deadline. Nil while a stream is open
    /// (each stream is bounded by its own request timeout and deadline), once closed, and
    /// for a machine without a timer.
    public var timerDeadlineMs: Int64? {
        guard let timeouts else { return nil }
        switch phase {
        case .closed: return nil
        case .awaitingSettings: return lastActivityMs + timeouts.handshake.wholeMilliseconds
        case .active, .draining: return streams.isEmpty ? lastActivityMs + timeouts.idle.wholeMilliseconds : nil
        }
    }

    /// The connection's timer fired at `nowMs`. Past the deadline the connection is told
    /// GOAWAY (OK, `idle timeout`) and closed; otherwise nothing happens.
    public mutating func timerFired(atMs nowMs: Int64) -> Action {
        guard let deadline = timerDeadlineMs, nowMs >= deadline else { return .none }
        phase = .closed
        return .goAwayAndClose(GoAway(lastStreamID: highestStreamID, code: .ok, reason: "idle timeout"))
    }

    private mutating func noteActivity(at nowMs: Int64) {
        lastActivityMs = max(lastActivityMs, nowMs)
    }

    /// Stop taking new streams; close once the running ones finish.
    /// Returns the GOAWAY to send and whether the connection can close at once.
    public mutating func beginDraining() -> (goAway: GoAway, closeNow: Bool)? {
        guard case .active = phase else {
            if case .awaitingSettings = phase {
                phase = .closed
                return (GoAway(lastStreamID: highestStreamID, code: .ok, reason: "server is shutting down"), true)
            }
            return nil
        }
        phase = .draining
        let goAway = GoAway(lastStreamID: highestStreamID, code: .ok, reason: "server is shutting down")
        return (goAway, closeIfDrained() == .close)
    }

    // MARK: Frame rules

    private mutating func dispatch(_ decoded: DecodedFrame) -> Action {
        let frame = decoded.frame
        if frame.type == .ping || (frame.type == .settings && hasReceivedSettings) {
            controlFramesInARow += 1
            guard controlFramesInARow <= ConnectionLimits.maxControlFramesInARow else {
                return goAway(.resourceExhausted, "more than \(ConnectionLimits.maxControlFramesInARow) PING or SETTINGS frames without a stream frame")
            }
        } else if frame.type.isStreamFrame {
            controlFramesInARow = 0
        }
        switch frame.type {
        case .settings: return settings(frame, decoded.metadata)
        case .ping: return ping(frame)
        case .goAway: return goAway(.invalidArgument, "GOAWAY is sent by servers only")
        case .headers: return headers(frame, decoded.metadata)
        case .message: return message(frame)
        case .cancel: return cancel(frame)
        case .trailers: return streamFrameOnly(frame, "TRAILERS is sent by servers only")
        default: return streamFrameOnly(frame, "unknown frame type \(frame.type.rawValue)")
        }
    }

    private mutating func settings(_ frame: Frame, _ metadata: DecodedFrame.Metadata) -> Action {
        guard frame.streamID == 0 else { return goAway(.invalidArgument, "SETTINGS must be on stream 0") }
        if case .tooLarge = metadata {
            return goAway(.resourceExhausted, "SETTINGS of \(frame.payload.readableBytes) bytes; at most \(ConnectionLimits.maxMetadataPayload)")
        }
        guard case .settings(let decoded) = metadata, let settings = decoded else {
            return goAway(.invalidArgument, "undecodable SETTINGS payload")
        }
        if case .awaitingSettings = phase { phase = .active }
        return .peerSettings(settings)
    }

    private mutating func ping(_ frame: Frame) -> Action {
        guard frame.streamID == 0 else { return goAway(.invalidArgument, "PING must be on stream 0") }
        guard frame.payload.readableBytes == 8 else { return goAway(.invalidArgument, "PING payload must be 8 bytes") }
        return frame.flags.contains(.ack) ? .none : .replyToPing(frame.payload)
    }

    private mutating func headers(_ frame: Frame, _ metadata: DecodedFrame.Metadata) -> Action {
        let id = frame.streamID
        guard id != 0 else { return goAway(.invalidArgument, "HEADERS on stream 0") }
        guard id > highestStreamID else {
            return goAway(.invalidArgument, "stream id \(id) is not above the last one opened (\(highestStreamID))")
        }
        highestStreamID = id
        if case .tooLarge = metadata {
            let message = "HEADERS of \(frame.payload.readableBytes) bytes; at most \(ConnectionLimits.maxMetadataPayload)"
            return .rejectStream(streamID: id, status: Self.status(.resourceExhausted, message, reason: "HEADERS_TOO_LARGE"), cancelWork: false)
        }
        guard case .headers(let decoded) = metadata, let headers = decoded else {
            return .rejectStream(streamID: id, status: Self.status(.invalidArgument, "undecodable HEADERS payload", reason: "MALFORMED_HEADERS"), cancelWork: false)
        }
        let requestID = RequestIDRules.isValid(headers.requestID) ? headers.requestID : ""
        if case .draining = phase {
            var status = Self.status(.unavailable, "server is shutting down; retry on a new connection", reason: "DRAINING")
            status.requestID = requestID
            return .rejectStream(streamID: id, status: status, cancelWork: false)
        }
        guard streams.count < Int(limits.maxConcurrentStreams) else {
            var status = Self.status(.resourceExhausted, "more than \(limits.maxConcurrentStreams) concurrent streams on one connection", reason: "TOO_MANY_STREAMS")
            status.requestID = requestID
            return .rejectStream(streamID: id, status: status, cancelWork: false)
        }
        streams[id] = .awaitingRequest
        return .openStream(streamID: id, headers: headers)
    }

    private mutating func message(_ frame: Frame) -> Action {
        guard let state = openState(frame) else { return lateOrPrematureFrame(frame) }
        guard case .awaitingRequest = state else {
            return failStream(frame.streamID, .invalidArgument, "MESSAGE after END_STREAM", reason: "MESSAGE_AFTER_END_STREAM")
        }
        guard frame.flags.contains(.endStream) else {
            return failStream(frame.streamID, .invalidArgument, "flint.v1 methods take exactly one request message, sent with END_STREAM", reason: "END_STREAM_REQUIRED")
        }
        streams[frame.streamID] = .requestReceived
        return .deliverRequest(streamID: frame.streamID, payload: frame.payload)
    }

    private mutating func cancel(_ frame: Frame) -> Action {
        guard openState(frame) != nil else {
            // A CANCEL for a stream never opened is answered once, for the connection, not
            // with a TRAILERS per id (a flood of them would make the server write for each).
            guard frame.streamID == 0 || frame.streamID <= highestStreamID else {
                return goAway(.invalidArgument, "CANCEL for stream \(frame.streamID), which was never opened")
            }
            return lateOrPrematureFrame(frame)
        }
        streams[frame.streamID] = nil
        return .cancelStream(streamID: frame.streamID)
    }

    /// TRAILERS from a client, or an unknown type: the stream fails, the connection goes on.
    private mutating func streamFrameOnly(_ frame: Frame, _ message: String) -> Action {
        guard frame.streamID != 0 else { return goAway(.invalidArgument, message) }
        guard openState(frame) != nil || frame.streamID > highestStreamID else { return .none }
        return failStream(frame.streamID, .invalidArgument, message, reason: "PROTOCOL_ERROR")
    }

    // MARK: Helpers

    private func openState(_ frame: Frame) -> StreamState? {
        frame.streamID == 0 ? nil : streams[frame.streamID]
    }

    /// A stream frame for a stream that is not open: late (discarded) or before HEADERS.
    private mutating func lateOrPrematureFrame(_ frame: Frame) -> Action {
        guard frame.streamID != 0 else { return goAway(.invalidArgument, "\(frame.type) on stream 0") }
        guard frame.streamID > highestStreamID else { return .none }
        return failStream(frame.streamID, .invalidArgument, "\(frame.type) before HEADERS on stream \(frame.streamID)", reason: "PROTOCOL_ERROR")
    }

    /// Ends a stream (open, or a new id that is used up by this) with an error status.
    private mutating func failStream(_ id: UInt32, _ code: StatusCode, _ message: String, reason: String) -> Action {
        let wasOpen = streams.removeValue(forKey: id) != nil
        guard wasOpen || id > highestStreamID else { return .none }
        highestStreamID = max(highestStreamID, id)
        return .rejectStream(streamID: id, status: Self.status(code, message, reason: reason), cancelWork: wasOpen)
    }

    private mutating func goAway(_ code: StatusCode, _ reason: String) -> Action {
        phase = .closed
        streams.removeAll()
        return .goAwayAndClose(GoAway(lastStreamID: highestStreamID, code: code, reason: reason))
    }

    /// After a stream ended by cancel or error: `.close` if draining and none is left.
    public mutating func closeIfDrained() -> Action {
        guard case .draining = phase, streams.isEmpty else { return .none }
        phase = .closed
        return .close
    }

    private static func status(_ code: StatusCode, _ message: String, reason: String) -> RPCStatus {
        RPCStatus(code: code, message: message, details: [.errorInfo(ErrorInfo(reason: reason))])
    }
}
