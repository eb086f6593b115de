import Testing
import Wire

struct TLSConfigurationTests {
    @Test func clientDefaultsVerifyTheServerWithModernTLS() {
        let client = TLSConfiguration.Client(serverName: "api.example")
        #expect(client.verifyPeer)
        #expect(client.verification == .verifyPeer)
        #expect(client.trustRoots == .systemDefault)
        #expect(client.minimumVersion == .tls1_2)
        #expect(client.maximumVersion == nil)
        #expect(client.handshakeTimeout == .seconds(10))
    }

    @Test func serverDefaultsToTLS12AndATenSecondHandshake() {
        let server = TLSConfiguration.Server(certificateChainPath: "a.pem", privateKeyPath: "k.pem")
        #expect(server.minimumVersion == .tls1_2)
        #expect(server.handshakeTimeout == .seconds(10))
        #expect(server.clientCertificateAuthorityPath == nil)
    }

    @Test func serverRefusesAMinimumBelowTLS12() throws {
        try withDevelopmentCertificates { files in
            var server = TLSConfiguration.Server(
                certificateChainPath: files.certificateChainPath,
                privateKeyPath: files.privateKeyPath
            )
            server.minimumVersion = .tls1_1
            let error = #expect(throws: TLSError.self) {
                try TLSContext(configuration: TLSConfiguration(role: .server(server)))
            }
            #expect(error?.code == .configuration)
        }
    }

    @Test func missingCertificateFileReportsOpenSSLErrors() {
        let configuration = TLSConfiguration.server(
            certificateChainPath: "/nonexistent/server.pem",
            privateKeyPath: "/nonexistent/server-key.pem"
        )
        let error = #expect(throws: TLSError.self) { try TLSContext(configuration: configuration) }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("/nonexistent/server.pem") == true)
        #expect(error?.openSSLErrors.isEmpty == false)
        #expect(error.map { String(describing: $0) }?.hasPrefix("TLSError.configuration: ") == true)
    }

    @Test func mismatchedKeyIsAConfigurationError() throws {
        try withDevelopmentCertificates { files in
            let configuration = TLSConfiguration.server(
                certificateChainPath: files.certificateChainPath,
                privateKeyPath: files.caPrivateKeyPath
            )
            let error = #expect(throws: TLSError.self) { try TLSContext(configuration: configuration) }
            #expect(error?.code == .configuration)
        }
    }

    @Test func verifyingClientNeedsAServerName() {
        let configuration = TLSConfiguration.client(serverName: "")
        #expect(throws: TLSError.self) { try TLSContext(configuration: configuration) }
    }
}
