import NIOCore
import Testing
import FlintAPI
import Wire

/// The connection's idle timer as inputs and actions of the state machine: time is a value
/// the test moves by hand (milliseconds of the connection's clock), nothing sleeps.
@Suite("Idle timer of the server connection state machine")
struct IdleTimerTests {
    typealias Machine = ServerConnectionStateMachineTests
    typealias Action = ServerConnectionStateMachine.Action

    static let timeouts = ServerConnectionStateMachine.Timeouts(handshake: .seconds(10), idle: .seconds(120))
    static let settings = Machine.frame(.settings, 0, Settings())
    static let ping = Frame(type: .ping, streamID: 0, payload: ByteBuffer(bytes: [UInt8](repeating: 7, count: 8)))

    static func idleGoAway(lastStreamID: UInt32 = 0) -> Action {
        .goAwayAndClose(GoAway(lastStreamID: lastStreamID, code: .ok, reason: "idle timeout"))
    }

    /// A machine started at 1 000 ms whose SETTINGS arrived at `settingsAtMs`.
    static func active(settingsAtMs: Int64 = 2_000) -> ServerConnectionStateMachine {
        var machine = ServerConnectionStateMachine(limits: ConnectionLimits(), timeouts: timeouts, startedAtMs: 1_000)
        _ = machine.receivedFrame(settings, atMs: settingsAtMs)
        return machine
    }

    @Test("until its SETTINGS a connection has the handshake timeout from its start")
    func handshakeDeadline() {
        var machine = ServerConnectionStateMachine(limits: ConnectionLimits(), timeouts: Self.timeouts, startedAtMs: 1_000)
        #expect(machine.timerDeadlineMs == 11_000)
        #expect(machine.timerFired(atMs: 10_999) == .none)
        #expect(!machine.isClosed)
        #expect(machine.timerFired(atMs: 11_000) == Self.idleGoAway())
        #expect(machine.isClosed)
        #expect(machine.timerDeadlineMs == nil)
        #expect(machine.timerFired(atMs: 99_000) == .none)
    }

    @Test("the first SETTINGS starts the idle clock")
    func settingsStartTheIdleClock() {
        var machine = Self.active(settingsAtMs: 4_000)
        #expect(machine.timerDeadlineMs == 124_000)
        #expect(machine.timerFired(atMs: 123_999) == .none)
        #expect(machine.timerFired(atMs: 124_000) == Self.idleGoAway())
    }

    @Test("PINGs and later SETTINGS do not keep a connection open")
    func controlFramesDoNotCount() {
        var machine = Self.active()
        #expect(machine.receivedFrame(Self.ping, atMs: 100_000) == .replyToPing(Self.ping.payload))
        #expect(machine.receivedFrame(Self.settings, atMs: 110_000) == .peerSettings(Settings()))
        #expect(machine.timerDeadlineMs == 122_000)
        #expect(machine.timerFired(atMs: 122_000) == Self.idleGoAway())
    }

    @Test("an open stream holds the timer off; the idle clock restarts when the stream ends")
    func openStreamsHoldTheTimer() {
        var machine = Self.active()
        guard case .openStream(1, _) = machine.receivedFrame(Machine.headers(1), atMs: 5_000) else {
            Issue.record("the stream did not open")
            return
        }
        _ = machine.receivedFrame(Machine.request(1), atMs: 5_001)
        #expect(machine.timerDeadlineMs == nil)
        // Long past any idle deadline, the call still runs: the timer does nothing.
        #expect(machine.timerFired(atMs: 500_000) == .none)
        #expect(machine.streamFinished(1, atMs: 600_000) == .none)
        #expect(machine.timerDeadlineMs == 720_000)
        #expect(machine.timerFired(atMs: 719_999) == .none)
        #expect(machine.timerFired(atMs: 720_000) == Self.idleGoAway(lastStreamID: 1))
    }

    @Test("a stream frame restarts the idle clock, even one for a stream that is gone")
    func streamFramesCount() {
        var machine = Self.active()
        _ = machine.receivedFrame(Machine.headers(1), atMs: 3_000)
        #expect(machine.receivedFrame(Machine.frame(.cancel, 1), atMs: 7_000) == .cancelStream(streamID: 1))
        #expect(machine.timerDeadlineMs == 127_000)
        // A late CANCEL for that stream is work the client sent: it counts too.
        #expect(machine.receivedFrame(Machine.frame(.cancel, 1), atMs: 50_000) == .none)
        #expect(machine.timerDeadlineMs == 170_000)
    }

    @Test("an input stamped earlier than one already seen does not move the deadline back")
    func timeNeverGoesBack() {
        var machine = Self.active(settingsAtMs: 9_000)
        _ = machine.receivedFrame(Machine.headers(1), atMs: 20_000)
        #expect(machine.streamFinished(1, atMs: 15_000) == .none)
        #expect(machine.timerDeadlineMs == 140_000)
    }

    @Test("a machine without timeouts has no timer")
    func noTimeoutsNoTimer() {
        var machine = ServerConnectionStateMachine(limits: ConnectionLimits())
        #expect(machine.timerDeadlineMs == nil)
        #expect(machine.timerFired(atMs: .max) == .none)
        #expect(!machine.isClosed)
    }

    @Test("a draining connection with no stream left is closed by draining, not by the timer")
    func drainingClosesFirst() {
        var machine = Self.active()
        _ = machine.receivedFrame(Machine.headers(1), atMs: 3_000)
        #expect(machine.beginDraining()?.closeNow == false)
        #expect(machine.timerDeadlineMs == nil)
        #expect(machine.streamFinished(1, atMs: 4_000) == .close)
        #expect(machine.timerDeadlineMs == nil)
        #expect(machine.timerFired(atMs: 999_000) == .none)
    }
}
