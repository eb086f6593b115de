import NIOCore
import Testing
import Wire

@Suite(.timeLimit(.minutes(1)))
struct TLSVerificationTests {
    @Test func clientTrustingAnotherCAFailsVerification() async throws {
        try await withDevelopmentCertificates { files in
            try await withDevelopmentCertificates { otherFiles in
                try await EchoServer.with(files.serverConfiguration) { server in
                    let client = try await TestClient.connect(port: server.port, otherFiles.client())
                    let error = try await #require(throws: TLSError.self) { try await client.handshake() }
                    #expect(error.code == .verificationFailed)
                    // server.pem carries the (untrusted) CA too, so OpenSSL reports the root.
                    #expect(error.message == "certificate verify failed: self-signed certificate in certificate chain")
                    #expect(!error.openSSLErrors.isEmpty)
                    #expect(await client.eventsUntilClosed().last.map(isClosed) == true)
                }
            }
        }
    }

    @Test(arguments: [
        ("flint.example", "hostname mismatch"),
        ("10.9.8.7", "IP address mismatch"),
    ])
    func serverNameNotInTheCertificateFailsVerification(name: String, reason: String) async throws {
        try await withDevelopmentCertificates { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let client = try await TestClient.connect(port: server.port, files.client(serverName: name))
                let error = try await #require(throws: TLSError.self) { try await client.handshake() }
                #expect(error.code == .verificationFailed)
                #expect(error.message == "certificate verify failed: \(reason)")
                await client.close()
            }
        }
    }

    @Test func insecureSkipVerificationAcceptsAnUntrustedServer() async throws {
        try await withDevelopmentCertificates { files in
            try await withDevelopmentCertificates { otherFiles in
                try await EchoServer.with(files.serverConfiguration) { server in
                    let configuration = otherFiles.client(serverName: "wrong.example") {
                        $0.verification = .insecureSkipVerification
                    }
                    let client = try await TestClient.connect(port: server.port, configuration)
                    #expect(try await client.handshake().negotiatedProtocol == "flint/1")
                    await client.close()
                }
            }
        }
    }

    @Test func serverRequiringClientCertificatesRefusesAClientWithout() async throws {
        try await withDevelopmentCertificates { files in
            var server = TLSConfiguration.Server(
                certificateChainPath: files.certificateChainPath,
                privateKeyPath: files.privateKeyPath,
                clientCertificateAuthorityPath: files.caCertificatePath
            )
            server.minimumVersion = .tls1_3
            try await EchoServer.with(TLSConfiguration(role: .server(server))) { server in
                let serverEvents = EventReader(server.events)
                let client = try await TestClient.connect(port: server.port, files.client())
                // In TLS 1.3 the client finishes first; the server's refusal follows.
                _ = try? await client.handshake()
                let serverError = await serverEvents.firstTLSError()
                #expect(serverError?.code == .handshakeFailed)
                #expect(serverError?.message.contains("certificate") == true)
                await client.close()
            }
        }
    }
}

func isClosed(_ event: ConnectionEvent) -> Bool {
    if case .closed = event { true } else { false }
}

extension EventReader {
    /// The first TLS error among the events, or `nil` if the stream ends without one.
    func firstTLSError() async -> TLSError? {
        await self.collect { $0.tlsError != nil }.last?.tlsError
    }
}
