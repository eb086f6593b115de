import NIOCore
import FlintAPI
import Wire

/// Performing the state machine's actions, as `ServerConnection.handle` does, with checks.
extension ServerConnectionDriver {
    mutating func perform(_ action: ServerConnectionStateMachine.Action, after frame: Frame?) throws(FuzzInvariantViolation) {
        switch action {
        case .none, .peerSettings:
            break
        case .openStream(let id, _):
            try require(id > lastStreamID, "stream \(id) opened at or below the last id \(lastStreamID)")
            try require(openStreams < Int(options.limits.maxConcurrentStreams), "stream \(id) opened over the limit")
            awaitingRequest.insert(id)
            outcome.streamsOpened += 1
        case .deliverRequest(let id, let payload):
            try require(awaitingRequest.remove(id) != nil, "a request for stream \(id), which awaits none")
            try require(
                frame?.type == .message && frame?.streamID == id && frame?.flags.contains(.endStream) == true && frame?.payload == payload,
                "a request delivered that is not the MESSAGE with END_STREAM just read")
            outcome.requestsDelivered += 1
            running.insert(id)
            if options.callsFinishAtOnce { try finishCall(id) }
        case .cancelStream(let id):
            try require(removeStream(id), "CANCEL acted on for stream \(id), which is not open")
            try closeIfDrained()
        case .rejectStream(let id, let status, let cancelWork):
            try require(status.code != .ok, "stream \(id) rejected with OK")
            try require(removeStream(id) == cancelWork, "stream \(id) rejected with cancelWork \(cancelWork) against its state")
            try write(status, on: id)
            outcome.streamsRejected += 1
            try closeIfDrained()
        case .replyToPing(let payload):
            try require(payload.readableBytes == 8, "a PING answer of \(payload.readableBytes) bytes")
            write(Frame(type: .ping, flags: .ack, streamID: 0, payload: payload))
        case .goAwayAndClose(let goAway):
            try require(goAway.code != .ok, "a protocol error ended the connection with OK")
            try require(machine.isClosed, "GOAWAY sent but the machine is not closed")
            try end(with: goAway)
        case .close:
            try requireDrained()
            ended = true
        }
    }

    /// The server's call for `id` ended (its TRAILERS are written).
    mutating func finishCall(_ id: UInt32) throws(FuzzInvariantViolation) {
        try require(removeStream(id), "stream \(id) finished but was not open")
        try write(RPCStatus(code: .ok), on: id)
        let action = machine.streamFinished(id)
        try require(action == .none || action == .close, "finishing stream \(id) asked for \(action)")
        if action == .close {
            try requireDrained()
            ended = true
        }
    }

    mutating func beginDraining() throws(FuzzInvariantViolation) {
        let hadSettings = machine.hasReceivedSettings
        guard let (goAway, closeNow) = machine.beginDraining() else {
            throw FuzzInvariantViolation("draining an open connection for the first time did nothing")
        }
        try require(goAway.code == .ok && goAway.lastStreamID == machine.lastStreamID, "shutdown GOAWAY \(goAway)")
        try require(closeNow == (!hadSettings || openStreams == 0), "closeNow \(closeNow) with \(openStreams) open streams")
        try require(machine.isClosed == closeNow, "closeNow \(closeNow) but the machine closed: \(machine.isClosed)")
        draining = true
        outcome.goAway = goAway
        if closeNow { try end(with: goAway) } else { try write(goAway) }
    }

    /// The end of the input: the server shuts down, every stream's call ends, and the
    /// connection must then close.
    mutating func shutDown() throws(FuzzInvariantViolation) {
        if !draining { try beginDraining() }
        for id in (awaitingRequest.union(running)).sorted() where !ended {
            try finishCall(id)
        }
        try require(ended && machine.isClosed, "a drained connection with every call ended did not close")
    }

    // MARK: Helpers

    private mutating func closeIfDrained() throws(FuzzInvariantViolation) {
        guard machine.closeIfDrained() == .close else { return }
        try requireDrained()
        ended = true
    }

    private func requireDrained() throws(FuzzInvariantViolation) {
        try require(draining && openStreams == 0, "closed with \(openStreams) streams open, draining: \(draining)")
    }

    /// Forgets stream `id`; true if it was open.
    private mutating func removeStream(_ id: UInt32) -> Bool {
        awaitingRequest.remove(id) != nil || running.remove(id) != nil
    }

    private mutating func end(with goAway: GoAway) throws(FuzzInvariantViolation) {
        try write(goAway)
        outcome.goAway = goAway
        awaitingRequest.removeAll()
        running.removeAll()
        ended = true
        let ping = Frame(type: .ping, streamID: 0, payload: ByteBuffer(bytes: [UInt8](repeating: 0, count: 8)))
        try require(machine.receivedFrame(ping) == .none, "a closed connection answered a frame")
    }

    /// Writes a TRAILERS frame; its status must decode back to itself.
    private mutating func write(_ status: RPCStatus, on id: UInt32) throws(FuzzInvariantViolation) {
        let bytes = status.protobufBytes()
        try require((try? RPCStatus(protobufBytes: bytes)) == status, "a TRAILERS status does not decode to itself")
        write(Frame(type: .trailers, streamID: id, payload: ByteBuffer(bytes: bytes)))
    }

    /// Writes a GOAWAY frame; it must decode back to itself.
    private mutating func write(_ goAway: GoAway) throws(FuzzInvariantViolation) {
        let bytes = goAway.protobufBytes()
        try require((try? GoAway(protobufBytes: bytes)) == goAway, "a GOAWAY does not decode to itself")
        write(Frame(type: .goAway, streamID: 0, payload: ByteBuffer(bytes: bytes)))
    }

    private mutating func write(_ frame: Frame) {
        outbound.clear()
        outbound.writeFrame(frame)
        outcome.framesWritten += 1
    }
}

extension ServerConnectionStateMachine.Action {
    var isGoAway: Bool {
        if case .goAwayAndClose = self { return true }
        return false
    }
}
