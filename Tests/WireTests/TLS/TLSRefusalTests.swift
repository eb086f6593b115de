import NIOCore
import Testing
@_spi(Testing) import Wire

@Suite(.timeLimit(.minutes(1)))
struct TLSRefusalTests {
    @Test func serverRefusesATLS11Client() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let serverEvents = EventReader(server.events)
                let configuration = files.client {
                    $0.minimumVersion = .tls1_0
                    $0.maximumVersion = .tls1_1
                    // OpenSSL 3 only offers TLS 1.0/1.1 at security level 0.
                    $0.testingOverrides.cipherList = "DEFAULT:@SECLEVEL=0"
                }
                let client = try await TestClient.connect(port: server.port, configuration)
                let error = try await #require(throws: TLSError.self) { try await client.handshake() }
                #expect(error.code == .handshakeFailed)
                #expect(error.message.contains("protocol version"))
                let serverError = await serverEvents.firstTLSError()
                #expect(serverError?.code == .handshakeFailed)
                #expect(serverError?.message.contains("unsupported protocol") == true)
            }
        }
    }

    @Test(arguments: ["ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA", "AES128-GCM-SHA256"])
    func serverRefusesTLS12SuitesWithoutECDHEAndAEAD(cipher: String) async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let serverEvents = EventReader(server.events)
                let configuration = files.client {
                    $0.maximumVersion = .tls1_2
                    $0.testingOverrides.cipherList = cipher
                }
                let client = try await TestClient.connect(port: server.port, configuration)
                await #expect(throws: TLSError.self) { try await client.handshake() }
                let serverError = await serverEvents.firstTLSError()
                #expect(serverError?.message.contains("no shared cipher") == true)
            }
        }
    }

    @Test func serverRefusesALPNWithNoneOfItsProtocols() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let serverEvents = EventReader(server.events)
                let configuration = files.client { $0.testingOverrides.offeredApplicationProtocols = ["http/1.1", "spdy/3.1"] }
                let client = try await TestClient.connect(port: server.port, configuration)
                let error = try await #require(throws: TLSError.self) { try await client.handshake() }
                #expect(error.code == .handshakeFailed)
                #expect(error.message.contains("no application protocol"))
                #expect(await serverEvents.firstTLSError()?.code == .handshakeFailed)
            }
        }
    }

    @Test(arguments: [
        (["h2", "flint/1"], "flint/1"),
        (["grpc-exp", "h2", "flint/1"], "flint/1"),
        (["http/1.1", "h2"], "h2"),
        (["grpc-exp", "h2"], "h2"),
        (["grpc-exp"], "grpc-exp"),
    ])
    func serverSelectsFlintFirstThenHTTP2(offered: [String], selected: String) async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let serverEvents = EventReader(server.events)
                let configuration = files.client { $0.testingOverrides.offeredApplicationProtocols = offered }
                let client = try await TestClient.connect(port: server.port, configuration)
                #expect(try await client.handshake().negotiatedProtocol == selected)
                // The server fires NIO's standard event too, after Flint's own.
                let events = await serverEvents.collect(until: { if case .standardHandshakeCompleted = $0 { true } else { false } })
                guard case .standardHandshakeCompleted(let negotiated)? = events.last else {
                    Issue.record("no TLSUserEvent.handshakeCompleted on the server: \(events)")
                    return
                }
                #expect(negotiated == selected)
                #expect(events.contains { if case .handshakeCompleted(let flint) = $0 { flint.negotiatedProtocol == selected } else { false } })
                await client.close()
            }
        }
    }

    @Test func serverAcceptsAClientOfferingNoALPN() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let configuration = files.client { $0.testingOverrides.offeredApplicationProtocols = [] }
                let client = try await TestClient.connect(port: server.port, configuration)
                #expect(try await client.handshake().negotiatedProtocol == nil)
                #expect(try await client.echo(Array("hello".utf8)) == Array("hello".utf8))
                await client.close()
            }
        }
    }

    @Test(arguments: [
        Array("\u{0}\u{1}garbage that is not TLS at all\r\n".utf8),
        Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8),
    ])
    func serverClosesAConnectionThatIsNotTLS(bytes: [UInt8]) async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let serverEvents = EventReader(server.events)
                let raw = try await TestClient.connectRaw(port: server.port)
                try await raw.channel.writeAndFlush(ByteBuffer(bytes: bytes))
                #expect(await raw.eventsUntilClosed().last.map(isClosed) == true)
                #expect(await serverEvents.firstTLSError()?.code == .handshakeFailed)

                let client = try await TestClient.connect(port: server.port, files.client())
                #expect(try await client.echo(Array("still fine".utf8)) == Array("still fine".utf8))
                await client.close()
            }
        }
    }

    @Test func serverClosesASilentConnectionAtTheHandshakeTimeout() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.server(handshakeTimeout: .milliseconds(300))) { server in
                let serverEvents = EventReader(server.events)
                let clock = ContinuousClock()
                let start = clock.now
                let raw = try await TestClient.connectRaw(port: server.port)
                #expect(await raw.eventsUntilClosed().last.map(isClosed) == true)
                let elapsed = clock.now - start
                #expect(elapsed >= .milliseconds(250))
                #expect(elapsed < .seconds(5))
                #expect(await serverEvents.firstTLSError()?.code == .handshakeTimeout)
            }
        }
    }
}
