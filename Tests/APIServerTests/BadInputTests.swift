import FlintAPI
@_spi(Testing) import Wire
import FlintTestSupport
import Foundation
import NIOCore
import Testing

/// Hostile and broken input: each gets the answer DESIGN §2 names, and the server keeps
/// serving other connections.
@Suite("Bad input")
struct BadInputTests {
    static func headers(_ streamID: UInt32, _ method: String = "/flint.v1.Health/Check") -> Frame {
        Frame(type: .headers, streamID: streamID, payload: ByteBuffer(bytes: RequestHeaders(method: method).protobufBytes()))
    }

    static func request(_ streamID: UInt32, _ message: some ProtobufMessage = HealthCheckRequest()) -> Frame {
        Frame(type: .message, flags: .endStream, streamID: streamID, payload: ByteBuffer(bytes: message.protobufBytes()))
    }

    /// Opens a raw TLS connection that has sent the preface and SETTINGS.
    static func withRaw<T: Sendable>(_ server: TestServer, _ body: (RawConnection) async throws -> T) async throws -> T {
        try await RawConnection.with(port: server.port, tls: server.clientTLS()) { connection in
            try await connection.handshake()
            return try await body(connection)
        }
    }

    @Test("plaintext bytes and an HTTP request on the TLS port are dropped; the server goes on",
          arguments: ["hello\n", "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"])
    func plaintext(text: String) async throws {
        try await TestServer.with { server in
            try await RawConnection.with(port: server.port, tls: nil) { connection in
                try await connection.send(Array(text.utf8))
                await connection.waitForClose()
            }
            #expect(await server.isServing())
        }
    }

    @Test("a TLS 1.1-only client is refused")
    func oldTLS() async throws {
        try await TestServer.with { server in
            var tls = TLSConfiguration.Client(serverName: "127.0.0.1", trustRoots: .certificateFile(server.caPath))
            tls.minimumVersion = .tls1_0
            tls.maximumVersion = .tls1_1
            tls.testingOverrides.cipherList = "DEFAULT:@SECLEVEL=0"
            await #expect(throws: (any Error).self) {
                _ = try await ClientConnection.connect(host: "127.0.0.1", port: server.port, tls: TLSConfiguration(role: .client(tls)))
            }
            #expect(await server.isServing())
        }
    }

    @Test("a client offering ALPN with neither flint/1 nor h2 is refused; one offering none is served flint/1")
    func alpn() async throws {
        try await TestServer.with { server in
            var tls = TLSConfiguration.Client(serverName: "127.0.0.1", trustRoots: .certificateFile(server.caPath))
            tls.testingOverrides.offeredApplicationProtocols = ["http/1.1"]
            await #expect(throws: (any Error).self) {
                _ = try await ClientConnection.connect(host: "127.0.0.1", port: server.port, tls: TLSConfiguration(role: .client(tls)))
            }
            tls.testingOverrides.offeredApplicationProtocols = []
            let settings = try await RawConnection.with(port: server.port, tls: TLSConfiguration(role: .client(tls))) { connection in
                try await connection.handshake()
                return try await connection.nextFrame()
            }
            #expect(settings?.type == .settings)
            #expect(await server.isServing())
        }
    }

    @Test("a client that does not trust the server's CA fails with a verification error")
    func untrustedServer() async throws {
        try await TestServer.with { server in
            let otherCA = try TemporaryDirectory().path
            defer { try? FileManager.default.removeItem(atPath: otherCA) }
            let other = try DevelopmentCertificateAuthority.ensure(directory: otherCA)
            let error = await #expect(throws: (any Error).self) {
                _ = try await ClientConnection.connect(host: "127.0.0.1", port: server.port, tls: server.clientTLS(caPath: other.caCertificatePath))
            }
            #expect("\(error.map { "\($0)" } ?? "")".contains("certificate verify failed"))
            #expect(await server.isServing())
        }
    }

    @Test("a wrong or missing preface closes the connection", arguments: ["FLINT/2\n", "\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}"])
    func wrongPreface(text: String) async throws {
        try await TestServer.with { server in
            try await RawConnection.with(port: server.port, tls: server.clientTLS()) { connection in
                try await connection.send(Array(text.utf8))
                #expect(try await connection.waitFor { $0.type != .settings } == nil)
            }
            #expect(await server.isServing())
        }
    }

    @Test("a client that connects and sends nothing is closed at the handshake timeout")
    func silentClient() async throws {
        try await TestServer.with(configure: { $0.handshakeTimeout = .seconds(1) }) { server in
            let start = ContinuousClock.now
            try await RawConnection.with(port: server.port, tls: nil) { connection in
                await connection.waitForClose()
            }
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(await server.isServing())
        }
    }

    @Test("a client that opens no stream is closed at the idle timeout with GOAWAY")
    func idleClient() async throws {
        try await TestServer.with(configure: { $0.idleTimeout = .seconds(1) }) { server in
            try await Self.withRaw(server) { connection in
                let goAway = try await connection.goAway()
                #expect(goAway?.reason == "idle timeout")
            }
            #expect(await server.isServing())
        }
    }

    @Test("a client that finishes TLS but sends no preface is closed at the handshake timeout")
    func noPreface() async throws {
        try await TestServer.with(configure: { $0.handshakeTimeout = .seconds(1) }) { server in
            let start = ContinuousClock.now
            try await RawConnection.with(port: server.port, tls: server.clientTLS()) { connection in
                await connection.waitForClose()
            }
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(await server.isServing())
        }
    }

    @Test("a truncated frame followed by a disconnect leaves the server serving")
    func truncatedFrame() async throws {
        try await TestServer.with { server in
            try await Self.withRaw(server) { connection in
                var bytes = ByteBuffer()
                bytes.writeFrame(Self.headers(1))
                try await connection.send(Array(Array(buffer: bytes).prefix(7)))
            }
            #expect(await server.isServing())
        }
    }

    @Test("a length prefix above the max frame size fails the stream without allocating it",
          arguments: [UInt32(4 << 20) + 1, 0xFFFF_FFFF])
    func oversizedFrame(length: UInt32) async throws {
        try await TestServer.with { server in
            try await Self.withRaw(server) { connection in
                var bytes = ByteBuffer()
                bytes.writeFrameHeader(FrameHeader(payloadLength: length, type: .headers, flags: [], streamID: 1))
                try await connection.send(Array(buffer: bytes))
                #expect(try await connection.status(of: 1)?.code == .resourceExhausted)
            }
            #expect(await server.isServing())
        }
    }

    @Test("after an oversized frame has passed, the same connection serves the next call")
    func connectionGoesOnAfterOversized() async throws {
        try await TestServer.with(configure: { $0.limits.maxFrameSize = 1024 }) { server in
            try await Self.withRaw(server) { connection in
                let big = Frame(type: .headers, streamID: 1, payload: ByteBuffer(bytes: [UInt8](repeating: 0x41, count: 5000)))
                try await connection.send(big, Self.headers(3), Self.request(3))
                #expect(try await connection.status(of: 1)?.code == .resourceExhausted)
                #expect(try await connection.status(of: 3)?.code == .ok)
            }
        }
    }

    @Test("an unknown frame type on a stream fails that stream; the connection goes on")
    func unknownFrameType() async throws {
        try await TestServer.with { server in
            try await Self.withRaw(server) { connection in
                try await connection.send(Frame(type: FrameType(rawValue: 9), streamID: 1), Self.headers(3), Self.request(3))
                #expect(try await connection.status(of: 1)?.code == .invalidArgument)
                #expect(try await connection.status(of: 3)?.code == .ok)
            }
        }
    }

    @Test("MESSAGE before HEADERS fails that stream")
    func messageBeforeHeaders() async throws {
        try await TestServer.with { server in
            try await Self.withRaw(server) { connection in
                try await connection.send(Self.request(1))
                #expect(try await connection.status(of: 1)?.code == .invalidArgument)
            }
        }
    }

    @Test("a reused or decreasing stream id gets GOAWAY and close", arguments: [UInt32(5), 3])
    func reusedStreamID(id: UInt32) async throws {
        try await TestServer.with { server in
            try await Self.withRaw(server) { connection in
                try await connection.send(Self.headers(5), Self.request(5))
                #expect(try await connection.status(of: 5)?.code == .ok)
                try await connection.send(Self.headers(id), Self.request(id))
                #expect(try await connection.goAway()?.code == .invalidArgument)
                await connection.waitForClose()
            }
            #expect(await server.isServing())
        }
    }

    @Test("an undecodable HEADERS or request payload is INVALID_ARGUMENT")
    func undecodablePayloads() async throws {
        try await TestServer.with { server in
            try await Self.withRaw(server) { connection in
                let garbage = ByteBuffer(bytes: [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
                try await connection.send(Frame(type: .headers, streamID: 1, payload: garbage))
                #expect(try await connection.status(of: 1)?.code == .invalidArgument)
                try await connection.send(Self.headers(3), Frame(type: .message, flags: .endStream, streamID: 3, payload: garbage))
                #expect(try await connection.status(of: 3)?.code == .invalidArgument)
            }
        }
    }

    @Test("more concurrent streams than announced get RESOURCE_EXHAUSTED")
    func tooManyStreams() async throws {
        let cancelled = Counter()
        try await TestServer.with(
            configure: { $0.limits.maxConcurrentStreams = 2 },
            extraMethods: { TestMethods.register(in: &$0, cancelled: cancelled) }
        ) { server in
            try await Self.withRaw(server) { connection in
                let slow = HealthCheckRequest(service: "300")
                try await connection.send(
                    Self.headers(1, TestMethods.sleepPath), Self.request(1, slow),
                    Self.headers(2, TestMethods.sleepPath), Self.request(2, slow),
                    Self.headers(3, TestMethods.sleepPath), Self.request(3, slow))
                #expect(try await connection.status(of: 3)?.code == .resourceExhausted)
                #expect(try await connection.status(of: 1)?.code == .ok)
            }
        }
    }

    @Test("an abrupt disconnect mid-stream cancels the call's work; the server goes on")
    func abruptDisconnect() async throws {
        let cancelled = Counter()
        let started = Counter()
        try await TestServer.with(extraMethods: { TestMethods.register(in: &$0, cancelled: cancelled, started: started) }) { server in
            try await Self.withRaw(server) { connection in
                try await connection.send(Self.headers(1, TestMethods.sleepPath), Self.request(1, HealthCheckRequest(service: "60000")))
                try await started.wait(for: 1)
            }
            try await cancelled.wait(for: 1)
            #expect(cancelled.count == 1)
            #expect(await server.isServing())
        }
    }

    @Test("CANCEL stops the call's work and frames after it are discarded")
    func cancelFrame() async throws {
        let cancelled = Counter()
        let started = Counter()
        try await TestServer.with(extraMethods: { TestMethods.register(in: &$0, cancelled: cancelled, started: started) }) { server in
            try await Self.withRaw(server) { connection in
                try await connection.send(Self.headers(1, TestMethods.sleepPath), Self.request(1, HealthCheckRequest(service: "60000")))
                try await started.wait(for: 1)
                try await connection.send(Frame(type: .cancel, streamID: 1), Self.request(1), Frame(type: .cancel, streamID: 1))
                try await connection.send(Self.headers(3), Self.request(3))
                let next = try await connection.waitFor { $0.type == .trailers }
                #expect(next?.streamID == 3)
            }
            try await cancelled.wait(for: 1)
            #expect(cancelled.count == 1)
        }
    }
}
