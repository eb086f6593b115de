import Logging
import NIOCore
import RateLimit
import Synchronization
import FlintAPI
import Wire
import Timing

/// One client connection: reads frames, runs the state machine, and starts a task per stream.
///
/// The connection owns its streams' tasks: it cancels them when it ends and waits for them
/// (a cancelled call still settles its quota and records its usage) before ``run(_:)``
/// returns, so a server whose connections have all ended has no call left running. They are
/// not task-group children because CANCEL must stop one stream and leave the others.
final class ServerConnection: Sendable {
    struct ActiveStream {
        var requestID: String
        var task: Task<Void, Never>?
        var request: RequestSlot
    }

    struct State {
        var machine: ServerConnectionStateMachine
        var streams: [UInt32: ActiveStream] = [:]
        var sink: FrameSink?
        /// Calls started and not yet ended (a call ends after its last frames are written,
        /// which is after its stream has left `streams`).
        var runningCalls = 0
        /// Who waits for `runningCalls` to reach 0 (``awaitCalls()``), and whether that wait
        /// was cancelled before it could be stored.
        var callsEnded: CheckedContinuation<Void, Never>?
        var callsWaitCancelled = false
    }

    let channel: any Channel
    /// The client's IP address, for per-address limits (never logged or used as a label).
    let clientAddress: String
    let services: CallServices
    let configuration: ServerConfiguration
    let logger: Logger
    let state: Mutex<State>
    /// The connection's clock: the state machine's idle timer and the write timeout run on it.
    private let clock = SystemMonotonicClock()
    /// Writes waiting for the peer to take them, and when a write last completed (or the
    /// first of them was queued), in ms of `clock`: no progress for the write timeout
    /// closes. Atomics, not the state lock: every outbound frame passes here.
    private let pendingWrites = Atomic<Int>(0)
    private let writeProgressMs = Atomic<Int64>(0)

    init(channel: any Channel, services: CallServices, configuration: ServerConfiguration, logger: Logger) {
        self.channel = channel
        self.clientAddress = ServerConnection.address(of: channel)
        self.services = services
        self.configuration = configuration
        self.logger = logger
        let timeouts = ServerConnectionStateMachine.Timeouts(handshake: configuration.handshakeTimeout, idle: configuration.idleTimeout)
        self.state = Mutex(State(machine: ServerConnectionStateMachine(limits: configuration.limits, timeouts: timeouts, startedAtMs: clock.nowMs)))
    }

    /// Serves the connection until it closes; never throws.
    func run(_ connection: NIOAsyncChannel<InboundFrameEvent, Frame>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                let sink = FrameSink { frames in
                    self.writeQueued()
                    defer { self.writeEnded() }
                    try await outbound.write(contentsOf: frames)
                }
                self.state.withLock { $0.sink = sink }
                try await sink.write(self.settingsFrame)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await self.closeWhenIdle() }
                    defer { group.cancelAll() }
                    for try await event in inbound {
                        guard try await self.handle(event, sink: sink) else { break }
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
        cancelAllStreams()
        await awaitCalls()
    }

    private func writeQueued() {
        if pendingWrites.add(1, ordering: .relaxed).oldValue == 0 {
            writeProgressMs.store(clock.nowMs, ordering: .relaxed)
        }
    }

    private func writeEnded() {
        writeProgressMs.store(clock.nowMs, ordering: .relaxed)
        pendingWrites.subtract(1, ordering: .relaxed)
    }

    /// When the queued writes time out, in ms of `clock`, if any are waiting.
    private var writeDeadlineMs: Int64? {
        guard pendingWrites.load(ordering: .relaxed) > 0 else { return nil }
        return writeProgressMs.load(ordering: .relaxed) + configuration.writeTimeout.wholeMilliseconds
    }

    /// The IP address a per-address limit counts `channel` under.
    static func address(of channel: any Channel) -> String {
        channel.remoteAddress?.ipAddress ?? "unknown"
    }

    private var settingsFrame: Frame {
        let settings = Settings(
            maxFrameSize: configuration.limits.maxFrameSize,
            maxConcurrentStreams: configuration.limits.maxConcurrentStreams,
            serverVersion: configuration.serverVersion
        )
        return Frame(type: .settings, streamID: 0, payload: ByteBuffer(bytes: settings.protobufBytes()))
    }

    /// Performs what the state machine says; false once the connection is closing.
    private func handle(_ event: InboundFrameEvent, sink: FrameSink) async throws -> Bool {
        let action: ServerConnectionStateMachine.Action
        switch event {
        case .frame(let frame):
            // SETTINGS and HEADERS are decoded before the lock is taken: the lock guards
            // the state only.
            let decoded = ServerConnectionStateMachine.decode(frame, arrivedAtMs: clock.nowMs)
            action = state.withLock { $0.machine.receivedFrame(decoded) }
        case .oversizedFrame(let header):
            action = state.withLock { $0.machine.receivedOversizedFrame(header) }
        }
        switch action {
        case .none, .peerSettings:
            return true
        case .openStream(let streamID, let headers):
            openStream(streamID, headers: headers, sink: sink)
        case .deliverRequest(let streamID, let payload):
            state.withLock { $0.streams[streamID]?.request }?.deliver(payload)
        case .cancelStream(let streamID):
            removeStream(streamID)?.task?.cancel()
            return closeIfDrained()
        case .rejectStream(let streamID, var status, let cancelWork):
            let stream = cancelWork ? removeStream(streamID) : nil
            stream?.task?.cancel()
            status.requestID = stream?.requestID ?? status.requestID
            try await sink.write(Self.trailers(streamID, status))
            return closeIfDrained()
        case .replyToPing(let payload):
            try await sink.write(Frame(type: .ping, flags: .ack, streamID: 0, payload: payload))
        case .goAwayAndClose(let goAway):
            logger.debug("protocol error", metadata: ["flint.goaway.reason": "\(goAway.reason)"])
            await sendGoAwayAndClose(goAway)
            return false
        case .close:
            channel.close(promise: nil)
            return false
        }
        return true
    }

    /// Closes a draining connection whose last stream was just cancelled or failed.
    private func closeIfDrained() -> Bool {
        guard state.withLock({ $0.machine.closeIfDrained() }) == .close else { return true }
        channel.close(promise: nil)
        return false
    }

    static func trailers(_ streamID: UInt32, _ status: RPCStatus) -> Frame {
        Frame(type: .trailers, streamID: streamID, payload: ByteBuffer(bytes: status.protobufBytes()))
    }

    // MARK: Streams

    private func openStream(_ streamID: UInt32, headers: RequestHeaders, sink: FrameSink) {
        let request = RequestSlot()
        let requestID = RequestID.forCall(clientID: headers.requestID)
        state.withLock {
            $0.streams[streamID] = ActiveStream(requestID: requestID, task: nil, request: request)
            $0.runningCalls += 1
        }
        let call = ServerCall(streamID: streamID, headers: headers, requestID: requestID, request: request)
        let task = Task {
            await self.run(call, sink: sink)
            self.callEnded()
        }
        state.withLock { $0.streams[streamID]?.task = task }
    }

    private func callEnded() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.runningCalls -= 1
            guard state.runningCalls == 0 else { return nil }
            defer { state.callsEnded = nil }
            return state.callsEnded
        }
        waiter?.resume()
    }

    /// Waits until every call the connection started has ended, at most the closing
    /// timeout (a call that ignores its cancellation cannot hold the connection for longer).
    private func awaitCalls() async {
        guard state.withLock({ $0.runningCalls }) > 0 else { return }
        let ended = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.allCallsEnded()
                return true
            }
            group.addTask {
                try? await CancellableSleep.for(self.configuration.closingTimeout)
                return false
            }
            defer { group.cancelAll() }
            return await group.next() ?? false
        }
        if !ended {
            logger.warning("calls still running when the connection closed", metadata: ["calls": "\(state.withLock { $0.runningCalls })"])
        }
    }

    private func allCallsEnded() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    guard state.runningCalls > 0, !state.callsWaitCancelled else { return true }
                    state.callsEnded = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.callsWaitCancelled = true
                defer { state.callsEnded = nil }
                return state.callsEnded
            }
            waiter?.resume()
        }
    }

    private func removeStream(_ streamID: UInt32) -> ActiveStream? {
        state.withLock { $0.streams.removeValue(forKey: streamID) }
    }

    /// Claims the right to end a stream whose call finished; false if the connection
    /// already ended it (cancel, protocol error). Closes a drained connection.
    func finishStream(_ streamID: UInt32) -> (owned: Bool, closeAfter: Bool) {
        let nowMs = clock.nowMs
        return state.withLock { state in
            guard state.streams.removeValue(forKey: streamID) != nil else { return (false, false) }
            return (true, state.machine.streamFinished(streamID, atMs: nowMs) == .close)
        }
    }

    private func cancelAllStreams() {
        let streams = state.withLock { state in
            defer { state.streams.removeAll() }
            return state.streams.values
        }
        for stream in streams {
            stream.request.finish()
            stream.task?.cancel()
        }
    }

    // MARK: Closing

    /// Stops new streams; the connection closes when the running ones finish.
    func beginDraining() async {
        guard let (goAway, closeNow) = state.withLock({ $0.machine.beginDraining() }) else { return }
        if closeNow {
            await sendGoAwayAndClose(goAway)
        } else {
            let sink = state.withLock { $0.sink }
            try? await sink?.write(Frame(type: .goAway, streamID: 0, payload: ByteBuffer(bytes: goAway.protobufBytes())))
        }
    }

    /// Ends every stream and closes, for when draining takes too long.
    func forceClose() {
        cancelAllStreams()
        channel.close(promise: nil)
    }

    /// Sends GOAWAY and closes; a GOAWAY the peer does not take within the write timeout is
    /// given up, and the connection closes all the same.
    private func sendGoAwayAndClose(_ goAway: GoAway) async {
        let frame = Frame(type: .goAway, streamID: 0, payload: ByteBuffer(bytes: goAway.protobufBytes()))
        let channel = self.channel
        let giveUp = channel.eventLoop.scheduleTask(in: TimeAmount(configuration.writeTimeout)) { channel.close(promise: nil) }
        try? await channel.writeAndFlush(frame)
        giveUp.cancel()
        try? await channel.close()
    }

    /// Fires the state machine's timer at its deadline (the machine decides when the
    /// connection is idle: ``ServerConnectionStateMachine/timerFired(atMs:)``), and closes the
    /// connection at once (cancelling its calls) when its writes make no progress for the
    /// write timeout. An open stream is otherwise bounded by itself: its request must arrive
    /// within the request timeout, its call ends by its method's maximum duration.
    private func closeWhenIdle() async {
        // While streams are open the machine has no deadline; look again this often, for
        // when they end or the writes stall.
        let recheckMs = min(configuration.idleTimeout, configuration.handshakeTimeout, configuration.writeTimeout).wholeMilliseconds
        while !Task.isCancelled {
            let nowMs = clock.nowMs
            let writeDue = writeDeadlineMs
            if let writeDue, writeDue <= nowMs {
                logger.debug("closing a connection whose writes made no progress", metadata: ["write.timeout": "\(configuration.writeTimeout)"])
                forceClose()
                return
            }
            let (action, timerDue) = state.withLock { state in
                (state.machine.timerFired(atMs: nowMs), state.machine.timerDeadlineMs)
            }
            if case .goAwayAndClose(let goAway) = action {
                logger.debug("closing idle connection")
                await sendGoAwayAndClose(goAway)
                return
            }
            let wakeMs = min(timerDue ?? .max, writeDue ?? .max, nowMs + recheckMs)
            try? await CancellableSleep.for(.milliseconds(max(1, wakeMs - nowMs)))
        }
    }
}
