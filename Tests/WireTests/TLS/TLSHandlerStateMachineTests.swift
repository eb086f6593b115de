import NIOCore
import Testing

@testable import Wire

/// The handler's state machine on its own: no sockets, no OpenSSL.
struct TLSHandlerStateMachineTests {
    private func handshaking(limit: Int = 16) -> TLSHandlerStateMachine {
        var machine = TLSHandlerStateMachine(maximumPendingBytes: limit)
        let started = machine.channelActive()
        #expect(started)
        return machine
    }

    @Test func startsTheHandshakeOnce() {
        var machine = TLSHandlerStateMachine(maximumPendingBytes: 16)
        #expect(machine.channelRead() == .continueHandshake)
        let first = machine.channelActive()
        let second = machine.channelActive()
        #expect(first)
        #expect(!second)
        #expect(machine.state == .handshaking)
    }

    @Test func holdsWritesAndFlushUntilTheHandshakeCompletes() {
        var machine = self.handshaking()
        guard case .held = machine.write(ByteBuffer(string: "abc"), promise: nil) else {
            Issue.record("expected the write to be held")
            return
        }
        let flushedEarly = machine.flush()
        #expect(!flushedEarly)
        guard case .activate(let writes, let flush) = machine.handshakeCompleted() else {
            Issue.record("expected activation")
            return
        }
        #expect(writes.map { String(buffer: $0.data) } == ["abc"])
        #expect(flush)
        #expect(machine.state == .active)
        #expect(machine.channelRead() == .decrypt)
        let flushedNow = machine.flush()
        #expect(flushedNow)
        guard case .encrypt = machine.write(ByteBuffer(string: "d"), promise: nil) else {
            Issue.record("expected the write to pass through")
            return
        }
    }

    @Test func refusesHeldWritesBeyondTheLimit() {
        var machine = self.handshaking(limit: 4)
        guard case .held = machine.write(ByteBuffer(string: "1234"), promise: nil) else {
            Issue.record("expected the write to be held")
            return
        }
        guard case .overLimit(let error) = machine.write(ByteBuffer(string: "5"), promise: nil) else {
            Issue.record("expected the limit to be hit")
            return
        }
        #expect(error.code == .pendingWriteLimitExceeded)
        guard case .failAndClose(let writes) = machine.failed() else {
            Issue.record("expected failure")
            return
        }
        #expect(writes.count == 1)
    }

    @Test func closingWhileHandshakingClosesAtOnceAndReturnsHeldWrites() {
        var machine = self.handshaking()
        _ = machine.write(ByteBuffer(string: "x"), promise: nil)
        guard case .closeNow(let writes) = machine.closeRequested() else {
            Issue.record("expected an immediate close")
            return
        }
        #expect(writes.count == 1)
        #expect(machine.state == .closed)
        guard case .forward = machine.closeRequested() else {
            Issue.record("expected a second close to be forwarded")
            return
        }
    }

    @Test func closingWhenActiveSendsCloseNotifyThenCloses() {
        var machine = self.handshaking()
        _ = machine.handshakeCompleted()
        guard case .sendCloseNotify = machine.closeRequested() else {
            Issue.record("expected close_notify")
            return
        }
        guard case .joinClose = machine.closeRequested() else {
            Issue.record("expected a second close to join the first")
            return
        }
        guard case .fail(.ioOnClosedChannel) = machine.write(ByteBuffer(), promise: nil) else {
            Issue.record("expected writes to fail while closing")
            return
        }
        #expect(machine.channelRead() == .discard)
        let closeNow = machine.finalBytesFlushed()
        let closeAgain = machine.finalBytesFlushed()
        #expect(closeNow)
        #expect(!closeAgain)
        #expect(machine.state == .closed)
    }

    @Test func peerCloseNotifyIsAnsweredOnlyWhenActive() {
        var machine = self.handshaking()
        let answeredWhileHandshaking = machine.peerClosed()
        _ = machine.handshakeCompleted()
        let answeredWhenActive = machine.peerClosed()
        let answeredTwice = machine.peerClosed()
        #expect(!answeredWhileHandshaking)
        #expect(answeredWhenActive)
        #expect(!answeredTwice)
        #expect(machine.state == .closing)
    }

    @Test func failingTwiceOnlyFailsOnce() {
        var machine = self.handshaking()
        guard case .failAndClose = machine.failed() else {
            Issue.record("expected failure")
            return
        }
        guard case .ignore = machine.failed() else {
            Issue.record("expected the second failure to be ignored")
            return
        }
        guard case .ignore = machine.handshakeCompleted() else {
            Issue.record("a late handshake completion must not reactivate")
            return
        }
    }

    @Test func timeoutOnlyCountsWhileHandshaking() {
        var machine = self.handshaking()
        #expect(machine.handshakeTimedOut())
        _ = machine.handshakeCompleted()
        #expect(!machine.handshakeTimedOut())
    }

    @Test func inactiveDuringTheHandshakeIsAnInterruptedHandshake() {
        var machine = self.handshaking()
        guard case .handshakeInterrupted = machine.channelInactive() else {
            Issue.record("expected an interrupted handshake")
            return
        }
        guard case .closed = machine.channelInactive() else {
            Issue.record("expected a plain closure")
            return
        }
    }
}
