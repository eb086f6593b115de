import NIOCore
import Testing
import FlintAPI
import Wire

/// SETTINGS and HEADERS are decoded before any key is checked, so they are small.
@Suite struct MetadataSizeTests {
    typealias Machine = ServerConnectionStateMachineTests

    static func oversizedHeaders(_ streamID: UInt32) -> Frame {
        let headers = RequestHeaders(method: "/flint.v1.Health/Check", metadata: ["x": String(repeating: "a", count: ConnectionLimits.maxMetadataPayload)])
        return Machine.frame(.headers, streamID, headers)
    }

    @Test func headersOverTheCapFailTheirStreamAndTheConnectionGoesOn() {
        var machine = Machine.active(limits: ConnectionLimits())
        let action = machine.receivedFrame(Self.oversizedHeaders(1))
        guard case .rejectStream(1, let status, false) = action else {
            Issue.record("expected a stream rejection, got \(action)")
            return
        }
        #expect(status.code == .resourceExhausted)
        #expect(status.details == [.errorInfo(ErrorInfo(reason: "HEADERS_TOO_LARGE"))])
        guard case .openStream(3, _) = machine.receivedFrame(Machine.headers(3)) else {
            Issue.record("the connection did not go on")
            return
        }
        // The oversized stream's id is used up.
        #expect(Machine.goAwayCode(machine.receivedFrame(Machine.headers(1))) == .invalidArgument)
    }

    @Test func settingsOverTheCapEndTheConnection() {
        var machine = ServerConnectionStateMachine(limits: ConnectionLimits())
        let big = Frame(type: .settings, streamID: 0, payload: ByteBuffer(bytes: [UInt8](repeating: 0, count: ConnectionLimits.maxMetadataPayload + 1)))
        #expect(Machine.goAwayCode(machine.receivedFrame(big)) == .resourceExhausted)
    }

    /// The server decodes SETTINGS and HEADERS before it takes its connection lock; the
    /// machine applies the same rules to what was decoded as to the raw frame.
    @Test func framesDecodedAheadActAsTheFramesThemselves() {
        let settings = Frame(type: .settings, streamID: 0, payload: ByteBuffer(bytes: Settings(maxFrameSize: 1024, maxConcurrentStreams: 4, serverVersion: "t").protobufBytes()))
        let frames: [Frame] = [
            settings,
            Machine.headers(1), Machine.request(1),
            Frame(type: .headers, streamID: 3, payload: ByteBuffer(bytes: [0xFF, 0xFF, 0xFF])),
            Self.oversizedHeaders(5),
            Machine.headers(7),
            Frame(type: .settings, streamID: 0, payload: ByteBuffer(bytes: [0x0A, 0x05])),
        ]
        var raw = ServerConnectionStateMachine(limits: ConnectionLimits())
        var ahead = ServerConnectionStateMachine(limits: ConnectionLimits())
        for frame in frames {
            let decoded = ServerConnectionStateMachine.decode(frame, arrivedAtMs: 0)
            #expect(ahead.receivedFrame(decoded) == raw.receivedFrame(frame))
        }
        #expect(raw.isClosed && ahead.isClosed)
    }

    @Test func headersAtTheCapAreServed() {
        var machine = Machine.active(limits: ConnectionLimits())
        let padding = ConnectionLimits.maxMetadataPayload - 100
        let headers = RequestHeaders(method: "/flint.v1.Health/Check", metadata: ["x": String(repeating: "a", count: padding)])
        #expect(headers.protobufBytes().count <= ConnectionLimits.maxMetadataPayload)
        guard case .openStream(1, _) = machine.receivedFrame(Machine.frame(.headers, 1, headers)) else {
            Issue.record("headers under the cap were refused")
            return
        }
    }
}

/// Floods of frames the server must answer cost it a bounded number of answers.
@Suite struct ControlFloodTests {
    typealias Machine = ServerConnectionStateMachineTests

    static let ping = Frame(type: .ping, streamID: 0, payload: ByteBuffer(bytes: [UInt8](repeating: 7, count: 8)))

    @Test func aPingFloodEndsTheConnectionAfterTheCap() {
        var machine = Machine.active(limits: ConnectionLimits())
        for _ in 0..<ConnectionLimits.maxControlFramesInARow {
            guard case .replyToPing = machine.receivedFrame(Self.ping) else {
                Issue.record("a PING under the cap was not answered")
                return
            }
        }
        #expect(Machine.goAwayCode(machine.receivedFrame(Self.ping)) == .resourceExhausted)
    }

    @Test func streamWorkResetsTheCount() {
        var machine = Machine.active(limits: ConnectionLimits())
        for round in 0..<5 {
            for _ in 0..<ConnectionLimits.maxControlFramesInARow - 2 {
                _ = machine.receivedFrame(Self.ping)
            }
            let id = UInt32(2 * round + 1)
            _ = machine.receivedFrame(Machine.headers(id))
            _ = machine.receivedFrame(Machine.request(id))
            _ = machine.streamFinished(id)
        }
        #expect(!machine.isClosed)
    }

    @Test func repeatedSettingsCountToo() {
        var machine = Machine.active(limits: ConnectionLimits())
        var last = ServerConnectionStateMachine.Action.none
        for _ in 0...ConnectionLimits.maxControlFramesInARow {
            last = machine.receivedFrame(Machine.frame(.settings, 0, Settings()))
        }
        #expect(Machine.goAwayCode(last) == .resourceExhausted)
    }

    @Test func cancelsForStreamsNeverOpenedAreOneConnectionError() {
        var machine = Machine.active(limits: ConnectionLimits())
        #expect(Machine.goAwayCode(machine.receivedFrame(Machine.frame(.cancel, 9))) == .invalidArgument)
        // After it, nothing more is answered.
        #expect(machine.receivedFrame(Machine.frame(.cancel, 11)) == .none)
    }
}
