import NIOCore
import Testing
import Wire

@Suite(.timeLimit(.minutes(1)))
struct TLSRoundTripTests {
    @Test func smallPayloadRoundTripsAndNegotiatesFlintALPN() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let client = try await TestClient.connect(port: server.port, files.client())
                let handshake = try await client.handshake()
                #expect(handshake.negotiatedProtocol == "flint/1")
                #expect(handshake.protocolVersion == "TLSv1.3")
                #expect(try await client.echo(Array("FLINT/1\n".utf8)) == Array("FLINT/1\n".utf8))
                await client.close()
            }
        }
    }

    @Test func oneMebibytePayloadRoundTrips() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let client = try await TestClient.connect(port: server.port, files.client())
                _ = try await client.handshake()
                let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
                #expect(try await client.echo(payload) == payload)
                await client.close()
            }
        }
    }

    @Test func writesBeforeTheHandshakeAreSentAfterIt() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let client = try await TestClient.connect(port: server.port, files.client())
                // Written right after connect, while the handshake is still in flight.
                let written = client.channel.eventLoop.makePromise(of: Void.self)
                client.channel.writeAndFlush(ByteBuffer(string: "early"), promise: written)
                _ = try await client.handshake()
                try await written.futureResult.get()
                #expect(try await client.receive(count: 5) == Array("early".utf8))
                await client.close()
            }
        }
    }

    @Test func serverNameMayBeAnIPAddressInTheCertificate() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let client = try await TestClient.connect(port: server.port, files.client(serverName: "127.0.0.1"))
                #expect(try await client.handshake().negotiatedProtocol == "flint/1")
                await client.close()
            }
        }
    }

    @Test func tls12ClientNegotiatesAnECDHEAEADSuite() async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let configuration = files.client { $0.maximumVersion = .tls1_2 }
                let client = try await TestClient.connect(port: server.port, configuration)
                #expect(try await client.handshake().protocolVersion == "TLSv1.2")
                #expect(try await client.echo(Array("ping".utf8)) == Array("ping".utf8))
                await client.close()
            }
        }
    }
}
