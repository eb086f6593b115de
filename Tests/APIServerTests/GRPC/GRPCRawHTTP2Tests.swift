import FlintAPI
import FlintTestSupport
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import Testing
@_spi(Testing) import Wire

/// What stock clients never send, over a raw HTTP/2 connection on the server's TLS port
/// (ALPN h2): a wrong content type, a compressed message, an encoding Flint does not
/// speak, and a request split into one-byte DATA frames.
@Suite("gRPC over raw HTTP/2")
struct GRPCRawHTTP2Tests {
    typealias Stream = NIOAsyncChannel<HTTP2Frame.FramePayload, HTTP2Frame.FramePayload>

    /// What came back on one stream: every HEADERS block and the DATA bytes, in order.
    struct Answer {
        var headers: [HPACKHeaders] = []
        var data: [UInt8] = []
        var status: String? { headers.last?.first(name: "grpc-status") }
    }

    static let healthCheck = Methods.Health.check.path

    typealias Connection = (channel: any Channel, multiplexer: NIOHTTP2Handler.AsyncStreamMultiplexer<Void>)

    /// An HTTP/2 connection (ALPN h2) to `server`.
    static func connect(_ server: TestServer) async throws -> Connection {
        var client = TLSConfiguration.Client(serverName: "127.0.0.1", trustRoots: .certificateFile(server.caPath))
        client.testingOverrides.offeredApplicationProtocols = ["h2"]
        let context = try TLSContext(configuration: TLSConfiguration(role: .client(client)))
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: server.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context))
                    let multiplexer = try channel.pipeline.syncOperations.configureAsyncHTTP2Pipeline(mode: .client) { stream in
                        stream.eventLoop.makeSucceededFuture(())
                    }
                    return (channel, multiplexer)
                }
            }
    }

    /// Opens an h2 connection to `server`, sends `headers` and then each of `dataFrames`
    /// (the last with END_STREAM), and reads the stream to its end.
    static func call(_ server: TestServer, headers: HPACKHeaders, dataFrames: [[UInt8]]) async throws -> Answer {
        let connection = try await connect(server)
        defer { connection.channel.close(promise: nil) }
        let stream = try await connection.multiplexer.openStream { channel in
            channel.eventLoop.makeCompletedFuture { try Stream(wrappingChannelSynchronously: channel) }
        }
        return try await bounded(.seconds(20)) {
            try await stream.executeThenClose { inbound, outbound in
                try await outbound.write(.headers(.init(headers: headers, endStream: dataFrames.isEmpty)))
                for (index, bytes) in dataFrames.enumerated() {
                    try await outbound.write(.data(.init(data: .byteBuffer(ByteBuffer(bytes: bytes)), endStream: index == dataFrames.count - 1)))
                }
                var answer = Answer()
                for try await frame in inbound {
                    switch frame {
                    case .headers(let block):
                        answer.headers.append(block.headers)
                        if block.endStream { return answer }
                    case .data(let data):
                        if case .byteBuffer(let bytes) = data.data { answer.data += bytes.readableBytesView }
                        if data.endStream { return answer }
                    default:
                        continue
                    }
                }
                return answer
            }
        }
    }

    static func headers(contentType: String = "application/grpc", _ extra: [(String, String)] = []) -> HPACKHeaders {
        HPACKHeaders([
            (":method", "POST"), (":scheme", "https"), (":path", healthCheck), (":authority", "127.0.0.1"),
            ("content-type", contentType), ("te", "trailers"),
        ] + extra)
    }

    static func framed(_ message: [UInt8], compressed: Bool = false) -> [UInt8] {
        let length = UInt32(message.count)
        return [compressed ? 1 : 0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + message
    }

    @Test("a Health.Check split into one-byte DATA frames is answered SERVING")
    func splitRequest() async throws {
        try await TestServer.with { server in
            let request = Self.framed(HealthCheckRequest(service: "").protobufBytes())
            let answer = try await Self.call(server, headers: Self.headers(), dataFrames: request.map { [$0] })
            #expect(answer.headers.first?.first(name: ":status") == "200")
            #expect(answer.status == "0")
            #expect(answer.data.count >= 5)
            let response = try HealthCheckResponse(protobufBytes: Array(answer.data.dropFirst(5)))
            #expect(response.status == .serving)
        }
    }

    @Test("a content type other than application/grpc is answered with HTTP 415")
    func wrongContentType() async throws {
        try await TestServer.with { server in
            let answer = try await Self.call(server, headers: Self.headers(contentType: "application/json"), dataFrames: [Array("{}".utf8)])
            #expect(answer.headers.first?.first(name: ":status") == "415")
            #expect(answer.status == nil)
        }
    }

    @Test("grpc-encoding gzip is UNIMPLEMENTED with grpc-accept-encoding identity, in Trailers-Only")
    func unsupportedEncoding() async throws {
        try await TestServer.with { server in
            let answer = try await Self.call(server, headers: Self.headers([("grpc-encoding", "gzip")]), dataFrames: [Self.framed([], compressed: true)])
            #expect(answer.headers.count == 1)
            #expect(answer.status == "12")
            #expect(answer.headers.first?.first(name: "grpc-accept-encoding") == "identity")
        }
    }

    @Test("a message with the compressed flag on an identity stream is INTERNAL")
    func compressedMessage() async throws {
        try await TestServer.with { server in
            let answer = try await Self.call(server, headers: Self.headers(), dataFrames: [Self.framed([0x0A, 0x00], compressed: true)])
            #expect(answer.status == "13")
            #expect(answer.headers.last?.first(name: "grpc-message")?.contains("compressed") == true)
        }
    }

    @Test("an HTTP/2 connection with no open stream is closed at the idle timeout")
    func idleConnection() async throws {
        try await TestServer.with(configure: { $0.idleTimeout = .milliseconds(300) }) { server in
            let connection = try await Self.connect(server)
            try await bounded(.seconds(20)) { try? await connection.channel.closeFuture.get() }
            #expect(!connection.channel.isActive)
        }
    }

    @Test("an HTTP/2 connection is told GOAWAY and closed at its maximum age, idle timeout or not")
    func maximumAge() async throws {
        try await TestServer.with(configure: {
            $0.idleTimeout = .seconds(120)
            $0.maxConnectionAge = .milliseconds(300)
        }) { server in
            let connection = try await Self.connect(server)
            // Well before the idle timeout: the age closed it.
            try await bounded(.seconds(20)) { try? await connection.channel.closeFuture.get() }
            #expect(!connection.channel.isActive)
        }
    }
}
