import NIOCore

/// The lifecycle of one TLS connection as seen by ``TLSHandler``, as a value: each
/// method takes an event, updates the state and says what the handler must do.
///
/// Writes issued before the handshake completes are held here, bounded by
/// `maximumPendingBytes`; after the handshake they pass straight through.
struct TLSHandlerStateMachine {
    enum State: Equatable {
        /// The channel is not active yet.
        case idle
        case handshaking
        case active
        /// Final bytes (alert or close_notify) are being flushed; close comes next.
        case closing
        case closed
    }

    /// A write held until the handshake completes.
    struct PendingWrite {
        var data: ByteBuffer
        var promise: EventLoopPromise<Void>?
    }

    private(set) var state: State = .idle
    private var pendingWrites = CircularBuffer<PendingWrite>()
    private var pendingBytes = 0
    private var flushRequested = false
    let maximumPendingBytes: Int

    init(maximumPendingBytes: Int) {
        self.maximumPendingBytes = maximumPendingBytes
    }
}

// MARK: - Handshake

extension TLSHandlerStateMachine {
    /// The channel became active (or the handler joined an active channel).
    /// Returns whether the handshake should start now.
    mutating func channelActive() -> Bool {
        switch self.state {
        case .idle:
            self.state = .handshaking
            return true
        case .handshaking, .active, .closing, .closed:
            return false
        }
    }

    enum HandshakeCompletedAction {
        /// Encrypt these held writes, flush if asked, then announce the handshake.
        case activate(pendingWrites: CircularBuffer<PendingWrite>, flush: Bool)
        /// The connection is already going away; do nothing.
        case ignore
    }

    mutating func handshakeCompleted() -> HandshakeCompletedAction {
        switch self.state {
        case .handshaking:
            self.state = .active
            let action = HandshakeCompletedAction.activate(
                pendingWrites: self.takePendingWrites(),
                flush: self.flushRequested
            )
            self.flushRequested = false
            return action
        case .idle, .active, .closing, .closed:
            return .ignore
        }
    }

    /// Whether a handshake timeout that just fired should fail the connection.
    func handshakeTimedOut() -> Bool {
        self.state == .handshaking
    }
}

// MARK: - Reads and writes

extension TLSHandlerStateMachine {
    enum ReadAction: Equatable {
        case continueHandshake
        case decrypt
        case discard
    }

    func channelRead() -> ReadAction {
        switch self.state {
        case .idle, .handshaking: .continueHandshake
        case .active: .decrypt
        case .closing, .closed: .discard
        }
    }

    enum WriteAction {
        /// Encrypt and write now.
        case encrypt
        /// Held until the handshake completes.
        case held
        /// Too much is held: fail this write and the connection with this error.
        case overLimit(TLSError)
        /// The connection is closing or closed: fail this write.
        case fail(ChannelError)
    }

    mutating func write(_ data: ByteBuffer, promise: EventLoopPromise<Void>?) -> WriteAction {
        switch self.state {
        case .idle, .handshaking:
            return self.hold(data, promise: promise)
        case .active:
            return .encrypt
        case .closing, .closed:
            return .fail(.ioOnClosedChannel)
        }
    }

    /// Returns whether the flush should be passed on now.
    mutating func flush() -> Bool {
        switch self.state {
        case .idle, .handshaking:
            self.flushRequested = true
            return false
        case .active:
            return true
        case .closing, .closed:
            return false
        }
    }

    private mutating func hold(_ data: ByteBuffer, promise: EventLoopPromise<Void>?) -> WriteAction {
        guard self.pendingBytes + data.readableBytes <= self.maximumPendingBytes else {
            return .overLimit(
                TLSError(
                    code: .pendingWriteLimitExceeded,
                    message: "more than \(self.maximumPendingBytes) bytes written before the TLS handshake completed"
                )
            )
        }
        self.pendingBytes += data.readableBytes
        self.pendingWrites.append(PendingWrite(data: data, promise: promise))
        return .held
    }

    private mutating func takePendingWrites() -> CircularBuffer<PendingWrite> {
        let writes = self.pendingWrites
        self.pendingWrites = CircularBuffer()
        self.pendingBytes = 0
        return writes
    }
}

// MARK: - Closing

extension TLSHandlerStateMachine {
    enum CloseAction {
        /// No TLS session to end: fail these held writes and close the channel now.
        case closeNow(failing: CircularBuffer<PendingWrite>)
        /// Queue close_notify, flush it, then close.
        case sendCloseNotify
        /// A close is already under way; join it.
        case joinClose
        /// Already closed: pass the close on so the channel answers it.
        case forward
    }

    /// The application asked to close the channel.
    mutating func closeRequested() -> CloseAction {
        switch self.state {
        case .idle, .handshaking:
            self.state = .closed
            return .closeNow(failing: self.takePendingWrites())
        case .active:
            self.state = .closing
            return .sendCloseNotify
        case .closing:
            return .joinClose
        case .closed:
            return .forward
        }
    }

    /// The peer sent close_notify. Returns whether to answer it and close.
    mutating func peerClosed() -> Bool {
        switch self.state {
        case .active:
            self.state = .closing
            return true
        case .idle, .handshaking, .closing, .closed:
            return false
        }
    }

    enum FailureAction {
        /// Fail these held writes, fire the error, flush any alert, then close.
        case failAndClose(failing: CircularBuffer<PendingWrite>)
        /// Already closing or closed: nothing more to do.
        case ignore
    }

    /// A handshake, record or timeout failure.
    mutating func failed() -> FailureAction {
        switch self.state {
        case .idle, .handshaking, .active:
            self.state = .closing
            return .failAndClose(failing: self.takePendingWrites())
        case .closing, .closed:
            return .ignore
        }
    }

    /// The final bytes were flushed (or the flush timed out). Returns whether to close now.
    mutating func finalBytesFlushed() -> Bool {
        switch self.state {
        case .closing:
            self.state = .closed
            return true
        case .idle, .handshaking, .active, .closed:
            return false
        }
    }

    enum InactiveAction {
        /// The peer went away mid-handshake: fail these writes with a handshake error.
        case handshakeInterrupted(failing: CircularBuffer<PendingWrite>)
        /// Fail these writes (if any) and pass the event on.
        case closed(failing: CircularBuffer<PendingWrite>)
    }

    mutating func channelInactive() -> InactiveAction {
        let wasHandshaking = self.state == .handshaking
        self.state = .closed
        let writes = self.takePendingWrites()
        return wasHandshaking ? .handshakeInterrupted(failing: writes) : .closed(failing: writes)
    }
}
