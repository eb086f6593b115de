import FlintTestSupport
import NIOCore
import Testing
import FlintAPI
import Wire

@Suite("Server connection state machine")
struct ServerConnectionStateMachineTests {
    typealias Action = ServerConnectionStateMachine.Action

    static func frame(_ type: FrameType, _ streamID: UInt32, _ message: some ProtobufMessage, flags: FrameFlags = []) -> Frame {
        Frame(type: type, flags: flags, streamID: streamID, payload: ByteBuffer(bytes: message.protobufBytes()))
    }

    static func frame(_ type: FrameType, _ streamID: UInt32) -> Frame {
        Frame(type: type, streamID: streamID)
    }

    static func headers(_ streamID: UInt32, method: String = "/flint.v1.Health/Check") -> Frame {
        frame(.headers, streamID, RequestHeaders(method: method))
    }

    static func request(_ streamID: UInt32, flags: FrameFlags = .endStream) -> Frame {
        frame(.message, streamID, HealthCheckRequest(), flags: flags)
    }

    /// A machine past its SETTINGS exchange.
    static func active(limits: ConnectionLimits = ConnectionLimits(maxFrameSize: 1024, maxConcurrentStreams: 4)) -> ServerConnectionStateMachine {
        var machine = ServerConnectionStateMachine(limits: limits)
        _ = machine.receivedFrame(frame(.settings, 0, Settings()))
        return machine
    }

    static func rejection(_ action: Action) -> (UInt32, StatusCode, Bool)? {
        guard case .rejectStream(let id, let status, let cancelWork) = action else { return nil }
        return (id, status.code, cancelWork)
    }

    static func goAwayCode(_ action: Action) -> StatusCode? {
        guard case .goAwayAndClose(let goAway) = action else { return nil }
        return goAway.code
    }

    @Test("SETTINGS must come first")
    func settingsFirst() {
        var machine = ServerConnectionStateMachine(limits: ConnectionLimits())
        #expect(Self.goAwayCode(machine.receivedFrame(Self.headers(1))) == .invalidArgument)
        #expect(machine.isClosed)
        #expect(machine.receivedFrame(Self.headers(3)) == .none)
    }

    @Test("undecodable SETTINGS is a connection error")
    func badSettings() {
        var machine = ServerConnectionStateMachine(limits: ConnectionLimits())
        let frame = Frame(type: .settings, streamID: 0, payload: ByteBuffer(bytes: [0xFF, 0xFF, 0xFF]))
        #expect(Self.goAwayCode(machine.receivedFrame(frame)) == .invalidArgument)
    }

    @Test("a unary call: HEADERS opens, MESSAGE with END_STREAM delivers, finishing frees the slot")
    func unaryLifecycle() {
        var machine = Self.active()
        #expect(machine.receivedFrame(Self.headers(1)) == .openStream(streamID: 1, headers: RequestHeaders(method: "/flint.v1.Health/Check")))
        #expect(machine.openStreamCount == 1)
        guard case .deliverRequest(1, _) = machine.receivedFrame(Self.request(1)) else {
            Issue.record("request not delivered")
            return
        }
        #expect(machine.streamFinished(1) == .none)
        #expect(machine.openStreamCount == 0)
    }

    @Test("MESSAGE before HEADERS fails that stream and uses up its id")
    func messageBeforeHeaders() {
        var machine = Self.active()
        let rejection = Self.rejection(machine.receivedFrame(Self.request(5)))
        #expect(rejection?.0 == 5 && rejection?.1 == .invalidArgument && rejection?.2 == false)
        #expect(Self.goAwayCode(machine.receivedFrame(Self.headers(5))) == .invalidArgument)
    }

    @Test("a reused or decreasing stream id is a connection error", arguments: [UInt32(3), 2, 1])
    func reusedStreamID(id: UInt32) {
        var machine = Self.active()
        _ = machine.receivedFrame(Self.headers(3))
        #expect(Self.goAwayCode(machine.receivedFrame(Self.headers(id))) == .invalidArgument)
    }

    @Test("ids may skip, odd or even alike")
    func skippingIDs() {
        var machine = Self.active()
        for id: UInt32 in [2, 3, 10, 11] {
            guard case .openStream(id, _) = machine.receivedFrame(Self.headers(id)) else {
                Issue.record("stream \(id) not opened")
                return
            }
        }
    }

    @Test("more concurrent streams than announced get RESOURCE_EXHAUSTED; the connection goes on")
    func tooManyStreams() {
        var machine = Self.active()
        for id: UInt32 in 1...4 { _ = machine.receivedFrame(Self.headers(id)) }
        let rejection = Self.rejection(machine.receivedFrame(Self.headers(5)))
        #expect(rejection?.0 == 5 && rejection?.1 == .resourceExhausted)
        _ = machine.streamFinished(1)
        guard case .openStream(6, _) = machine.receivedFrame(Self.headers(6)) else {
            Issue.record("a freed slot was not reused")
            return
        }
    }

    @Test("undecodable HEADERS fails only that stream")
    func badHeaders() {
        var machine = Self.active()
        let frame = Frame(type: .headers, streamID: 1, payload: ByteBuffer(bytes: [0x0A, 0x05, 0x41]))
        #expect(Self.rejection(machine.receivedFrame(frame))?.1 == .invalidArgument)
        guard case .openStream(2, _) = machine.receivedFrame(Self.headers(2)) else {
            Issue.record("connection did not go on")
            return
        }
    }

    @Test("a request MESSAGE without END_STREAM, or a second MESSAGE, fails the stream and stops its work")
    func oneRequestMessage() {
        var machine = Self.active()
        _ = machine.receivedFrame(Self.headers(1))
        let withoutEnd = Self.rejection(machine.receivedFrame(Self.request(1, flags: [])))
        #expect(withoutEnd?.1 == .invalidArgument && withoutEnd?.2 == true)
        _ = machine.receivedFrame(Self.headers(2))
        _ = machine.receivedFrame(Self.request(2))
        let second = Self.rejection(machine.receivedFrame(Self.request(2)))
        #expect(second?.1 == .invalidArgument && second?.2 == true)
    }

    @Test("CANCEL stops an open stream; frames and CANCEL for a closed stream are discarded")
    func cancel() {
        var machine = Self.active()
        _ = machine.receivedFrame(Self.headers(1))
        #expect(machine.receivedFrame(Self.frame(.cancel, 1)) == .cancelStream(streamID: 1))
        #expect(machine.receivedFrame(Self.frame(.cancel, 1)) == .none)
        #expect(machine.receivedFrame(Self.request(1)) == .none)
        _ = machine.receivedFrame(Self.headers(2))
        _ = machine.streamFinished(2)
        #expect(machine.receivedFrame(Self.request(2)) == .none)
    }

    @Test("an unknown frame type fails its stream, or the connection on stream 0")
    func unknownType() {
        var machine = Self.active()
        _ = machine.receivedFrame(Self.headers(1))
        let unknown = Frame(type: FrameType(rawValue: 42), streamID: 1)
        #expect(Self.rejection(machine.receivedFrame(unknown))?.1 == .invalidArgument)
        #expect(Self.goAwayCode(machine.receivedFrame(Frame(type: FrameType(rawValue: 42), streamID: 0))) == .invalidArgument)
    }

    @Test("stream frames on stream 0 and connection frames on a stream are connection errors",
          arguments: [Frame(type: .headers, streamID: 0), Frame(type: .message, streamID: 0), Frame(type: .cancel, streamID: 0),
                      Frame(type: .settings, streamID: 1), Frame(type: .ping, streamID: 1, payload: ByteBuffer(bytes: [UInt8](repeating: 0, count: 8))),
                      Frame(type: .goAway, streamID: 0), Frame(type: .trailers, streamID: 0)])
    func wrongStream(frame: Frame) {
        var machine = Self.active()
        #expect(Self.goAwayCode(machine.receivedFrame(frame)) == .invalidArgument)
    }

    @Test("PING is answered with its payload; a PING ACK needs no answer; a bad PING is a connection error")
    func ping() {
        var machine = Self.active()
        let payload = ByteBuffer(bytes: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(machine.receivedFrame(Frame(type: .ping, streamID: 0, payload: payload)) == .replyToPing(payload))
        #expect(machine.receivedFrame(Frame(type: .ping, flags: .ack, streamID: 0, payload: payload)) == .none)
        #expect(Self.goAwayCode(machine.receivedFrame(Frame(type: .ping, streamID: 0, payload: ByteBuffer(bytes: [1])))) == .invalidArgument)
    }

    @Test("an oversized frame fails its stream with RESOURCE_EXHAUSTED, or the connection on stream 0")
    func oversized() {
        var machine = Self.active()
        _ = machine.receivedFrame(Self.headers(1))
        let open = Self.rejection(machine.receivedOversizedFrame(FrameHeader(payloadLength: 5000, type: .message, flags: .endStream, streamID: 1)))
        #expect(open?.1 == .resourceExhausted && open?.2 == true)
        let new = Self.rejection(machine.receivedOversizedFrame(FrameHeader(payloadLength: .max, type: .headers, flags: [], streamID: 7)))
        #expect(new?.0 == 7 && new?.1 == .resourceExhausted && new?.2 == false)
        #expect(machine.receivedOversizedFrame(FrameHeader(payloadLength: 5000, type: .message, flags: [], streamID: 1)) == .none)
        #expect(Self.goAwayCode(machine.receivedOversizedFrame(FrameHeader(payloadLength: 5000, type: .settings, flags: [], streamID: 0))) == .resourceExhausted)
    }

    @Test("draining refuses new streams with UNAVAILABLE and closes when the last stream finishes")
    func draining() {
        var machine = Self.active()
        _ = machine.receivedFrame(Self.headers(1))
        let drain = machine.beginDraining()
        #expect(drain?.goAway.lastStreamID == 1 && drain?.closeNow == false)
        #expect(Self.rejection(machine.receivedFrame(Self.headers(3)))?.1 == .unavailable)
        #expect(machine.streamFinished(1) == .close)
        #expect(machine.isClosed)
        #expect(machine.beginDraining() == nil)
    }

    @Test("a draining connection closes when its last stream is cancelled or fails")
    func drainingEndsOnCancel() {
        var machine = Self.active()
        _ = machine.receivedFrame(Self.headers(1))
        _ = machine.receivedFrame(Self.headers(2))
        _ = machine.beginDraining()
        _ = machine.receivedFrame(Self.frame(.cancel, 1))
        #expect(machine.closeIfDrained() == .none)
        _ = machine.receivedFrame(Frame(type: FrameType(rawValue: 9), streamID: 2))
        #expect(machine.closeIfDrained() == .close)
        #expect(machine.isClosed)
    }

    @Test("a rejected new stream echoes the client's request id when it is valid")
    func rejectionEchoesRequestID() {
        var machine = Self.active(limits: ConnectionLimits(maxFrameSize: 1024, maxConcurrentStreams: 1))
        _ = machine.receivedFrame(Self.headers(1))
        let valid = machine.receivedFrame(Self.frame(.headers, 2, RequestHeaders(method: "/m", requestID: "abc-1")))
        guard case .rejectStream(2, let status, _) = valid else {
            Issue.record("stream 2 not rejected")
            return
        }
        #expect(status.requestID == "abc-1")
        let invalid = machine.receivedFrame(Self.frame(.headers, 3, RequestHeaders(method: "/m", requestID: "has space")))
        guard case .rejectStream(3, let other, _) = invalid else {
            Issue.record("stream 3 not rejected")
            return
        }
        #expect(other.requestID == "")
    }

    @Test("an oversized frame is a connection error exactly where a frame that fits would be one")
    func oversizedMirrorsFittingFrames() {
        var machine = Self.active()
        _ = machine.receivedFrame(Self.headers(3))
        #expect(Self.rejection(machine.receivedOversizedFrame(FrameHeader(payloadLength: 5000, type: FrameType(rawValue: 9), flags: [], streamID: 5)))?.1 == .resourceExhausted)
        var ping = Self.active()
        #expect(Self.goAwayCode(ping.receivedOversizedFrame(FrameHeader(payloadLength: 5000, type: .ping, flags: [], streamID: 1))) == .resourceExhausted)
        #expect(Self.goAwayCode(machine.receivedOversizedFrame(FrameHeader(payloadLength: 5000, type: .headers, flags: [], streamID: 3))) == .resourceExhausted)
    }

    @Test("SETTINGS received is reported, for the server's preface timeout")
    func settingsReceived() {
        var machine = ServerConnectionStateMachine(limits: ConnectionLimits())
        #expect(!machine.hasReceivedSettings)
        _ = machine.receivedFrame(Self.frame(.settings, 0, Settings()))
        #expect(machine.hasReceivedSettings)
    }

    @Test("draining an idle connection closes it at once")
    func drainingIdle() {
        var machine = Self.active()
        #expect(machine.beginDraining()?.closeNow == true)
    }

    @Test("random frame sequences never crash and never exceed the stream limit")
    func randomSequences() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var machine = Self.active()
            for _ in 0..<60 {
                let id = UInt32.random(in: 0...12, using: &generator)
                let frame: Frame
                switch Int.random(in: 0...5, using: &generator) {
                case 0: frame = Self.headers(id)
                case 1: frame = Self.request(id, flags: Bool.random(using: &generator) ? .endStream : [])
                case 2: frame = Self.frame(.cancel, id)
                case 3: frame = FrameParserTests.randomFrame(using: &generator)
                case 4:
                    _ = machine.streamFinished(id)
                    continue
                default: frame = Frame(type: .ping, streamID: 0, payload: ByteBuffer(bytes: [UInt8](repeating: 1, count: 8)))
                }
                _ = machine.receivedFrame(frame)
                #expect(machine.openStreamCount <= 4)
            }
        }
    }
}
