import NIOCore
import NIOPosix
import Wire

/// One client connection to a test server, TLS or raw TCP, with its events in order.
final class TestClient {
    let channel: any Channel
    let events: EventReader

    private init(channel: any Channel, events: AsyncStream<ConnectionEvent>) {
        self.channel = channel
        self.events = EventReader(events)
    }

    /// Connects with TLS configured by `configuration`.
    static func connect(port: Int, _ configuration: TLSConfiguration) async throws -> TestClient {
        let context = try TLSContext(configuration: configuration)
        return try await self.connect(port: port) { channel, recorder in
            try channel.pipeline.syncOperations.addHandlers(TLSHandler(context: context), recorder)
        }
    }

    /// Connects over plain TCP, for sending bytes that are not TLS.
    static func connectRaw(port: Int) async throws -> TestClient {
        try await self.connect(port: port) { channel, recorder in
            try channel.pipeline.syncOperations.addHandler(recorder)
        }
    }

    private static func connect(
        port: Int,
        _ setUp: @escaping @Sendable (any Channel, EventRecorder) throws -> Void
    ) async throws -> TestClient {
        let (events, continuation) = AsyncStream<ConnectionEvent>.makeStream()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try setUp(channel, EventRecorder(continuation, finishWhenClosed: true))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return TestClient(channel: channel, events: events)
    }

    /// Waits for the handshake; throws the TLS error (or a closure) that ended it instead.
    func handshake() async throws -> TLSHandshakeCompleted {
        while let event = await self.events.next() {
            switch event {
            case .handshakeCompleted(let completed):
                // NIO's standard event follows Flint's at once, with the same protocol.
                guard case .standardHandshakeCompleted(let negotiated)? = await self.events.next(), negotiated == completed.negotiatedProtocol else {
                    throw TestFailure("no TLSUserEvent.handshakeCompleted right after the handshake")
                }
                return completed
            case .error(let error): throw error
            case .otherError(let description): throw TestFailure("unexpected error: \(description)")
            case .closed: throw TestFailure("closed before the handshake completed")
            case .data, .closeNotifyReceived, .standardHandshakeCompleted: continue
            }
        }
        throw TestFailure("no more events before the handshake completed")
    }

    /// Sends `bytes` and waits until as many bytes came back.
    func echo(_ bytes: [UInt8]) async throws -> [UInt8] {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: bytes))
        return try await self.receive(count: bytes.count)
    }

    /// Waits for `count` bytes of data.
    func receive(count: Int) async throws -> [UInt8] {
        var received: [UInt8] = []
        received.reserveCapacity(count)
        while received.count < count, let event = await self.events.next() {
            switch event {
            case .data(let buffer): received += buffer.readableBytesView
            case .error(let error): throw error
            case .closed: throw TestFailure("closed after \(received.count) of \(count) bytes")
            case .handshakeCompleted, .standardHandshakeCompleted, .closeNotifyReceived, .otherError: continue
            }
        }
        return received
    }

    /// All remaining events up to the connection's closure.
    func eventsUntilClosed() async -> [ConnectionEvent] {
        await self.events.collect { if case .closed = $0 { true } else { false } }
    }

    func close() async {
        try? await self.channel.close()
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
