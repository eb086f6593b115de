import NIOCore
import NIOPosix
import FlintAPI
import Wire

/// A client that speaks raw bytes, over TLS or plain TCP, to feed the server hostile input
/// and read back exactly what it answers.
final class RawConnection: Sendable {
    typealias Channel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private let channel: Channel
    private let inbound: AsyncStream<ByteBuffer>
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let reader = FrameReader()

    private init(channel: Channel, inbound: AsyncStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Connects; with `tls`, completes a handshake first. Runs `body`, then closes.
    /// With `reading: false` nothing is read off the socket: a client that stopped reading.
    static func with<T: Sendable>(
        port: Int,
        tls: TLSConfiguration?,
        reading: Bool = true,
        _ body: (RawConnection) async throws -> T
    ) async throws -> T {
        let context = try tls.map { try TLSContext(configuration: $0) }
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context { try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context)) }
                    return try Channel(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
            let pump = Task {
                guard reading else { return }
                do { for try await bytes in inbound { continuation.yield(bytes) } } catch {}
                continuation.finish()
            }
            defer { pump.cancel() }
            return try await body(RawConnection(channel: channel, inbound: stream, outbound: outbound))
        }
    }

    func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    func send(_ frames: Frame...) async throws {
        var buffer = ByteBuffer()
        for frame in frames { buffer.writeFrame(frame) }
        try await outbound.write(buffer)
    }

    /// The preface and an empty SETTINGS: what a well-behaved client sends first.
    func handshake() async throws {
        var buffer = ByteBuffer(bytes: FrameParser.preface)
        buffer.writeFrame(Frame(type: .settings, streamID: 0, payload: ByteBuffer(bytes: Settings().protobufBytes())))
        try await outbound.write(buffer)
    }

    /// The next frame from the server, or nil once the server has closed the connection.
    func nextFrame() async throws -> Frame? {
        var iterator = inbound.makeAsyncIterator()
        return try await reader.next { await iterator.next() }
    }

    /// Reads until a frame matching `predicate` arrives; nil if the connection closes first.
    func waitFor(_ predicate: (Frame) -> Bool) async throws -> Frame? {
        while let frame = try await nextFrame() {
            if predicate(frame) { return frame }
        }
        return nil
    }

    /// The TRAILERS status of `streamID`, skipping other frames.
    func status(of streamID: UInt32) async throws -> RPCStatus? {
        guard let frame = try await waitFor({ $0.type == .trailers && $0.streamID == streamID }) else { return nil }
        return try RPCStatus(protobufBytes: Array(buffer: frame.payload))
    }

    /// The GOAWAY the server sends before closing, skipping other frames.
    func goAway() async throws -> GoAway? {
        guard let frame = try await waitFor({ $0.type == .goAway }) else { return nil }
        return try GoAway(protobufBytes: Array(buffer: frame.payload))
    }

    /// Waits until the server closes the connection, discarding whatever it sends.
    func waitForClose() async {
        var iterator = inbound.makeAsyncIterator()
        while await iterator.next() != nil {}
    }
}

/// Parses the server's byte stream into frames as it arrives.
final class FrameReader: @unchecked Sendable {
    private var parser = FrameParser(maxPayloadSize: .max, expectsPreface: false)
    private var buffer = ByteBuffer()

    func next(_ more: () async -> ByteBuffer?) async throws -> Frame? {
        while true {
            if case .frame(let frame) = try parser.next(from: &buffer) { return frame }
            guard var bytes = await more() else { return nil }
            buffer.writeBuffer(&bytes)
        }
    }
}
