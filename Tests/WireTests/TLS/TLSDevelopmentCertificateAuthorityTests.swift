import Foundation
import Testing
import Wire

@Suite(.timeLimit(.minutes(1)))
struct TLSDevelopmentCertificateAuthorityTests {
    @Test func createsFilesWithPrivateKeysOwnerOnly() throws {
        try withTemporaryDirectory { directory in
            let files = try DevelopmentCertificateAuthority.ensure(directory: directory + "/nested/certs")
            #expect(files.created)
            #expect(try permissions(files.caPrivateKeyPath) == 0o600)
            #expect(try permissions(files.privateKeyPath) == 0o600)
            #expect(try permissions(directory + "/nested/certs") == 0o700)
            let chain = try String(contentsOfFile: files.certificateChainPath, encoding: .utf8)
            #expect(chain.components(separatedBy: "BEGIN CERTIFICATE").count == 3)
        }
    }

    @Test func reusesExistingFiles() throws {
        try withTemporaryDirectory { directory in
            let first = try DevelopmentCertificateAuthority.ensure(directory: directory)
            let before = try contents(of: first)
            let second = try DevelopmentCertificateAuthority.ensure(directory: directory)
            #expect(!second.created)
            #expect(second.certificateChainPath == first.certificateChainPath)
            #expect(try contents(of: second) == before)
        }
    }

    @Test func reissuesAServerCertificateNearItsEndFromTheSameCA() throws {
        try withTemporaryDirectory { directory in
            let now = Int64(Date().timeIntervalSince1970)
            let first = try DevelopmentCertificateAuthority.ensure(directory: directory, nowUnixSeconds: now)
            let ca = try Data(contentsOf: URL(fileURLWithPath: first.caCertificatePath))
            let server = try Data(contentsOf: URL(fileURLWithPath: first.certificateChainPath))
            // 300 days on, 65 days left: more than the 30-day window, so nothing changes.
            #expect(!(try DevelopmentCertificateAuthority.ensure(directory: directory, nowUnixSeconds: now + 300 * 86_400)).created)
            // 340 days on (within 30 days of its end), and past its end: reissued, the CA kept.
            for later in [now + 340 * 86_400, now + 400 * 86_400] {
                let renewed = try DevelopmentCertificateAuthority.ensure(directory: directory, nowUnixSeconds: later)
                #expect(renewed.created)
                #expect(try Data(contentsOf: URL(fileURLWithPath: renewed.caCertificatePath)) == ca)
                #expect(try Data(contentsOf: URL(fileURLWithPath: renewed.certificateChainPath)) != server)
            }
        }
    }

    @Test func replacesACANearItsEnd() throws {
        try withTemporaryDirectory { directory in
            let now = Int64(Date().timeIntervalSince1970)
            let first = try DevelopmentCertificateAuthority.ensure(directory: directory, nowUnixSeconds: now)
            let ca = try Data(contentsOf: URL(fileURLWithPath: first.caCertificatePath))
            let renewed = try DevelopmentCertificateAuthority.ensure(directory: directory, nowUnixSeconds: now + 5 * 365 * 86_400)
            #expect(renewed.created)
            #expect(try Data(contentsOf: URL(fileURLWithPath: renewed.caCertificatePath)) != ca)
        }
    }

    @Test func reissuesAMissingServerCertificateFromTheSameCA() throws {
        try withTemporaryDirectory { directory in
            let first = try DevelopmentCertificateAuthority.ensure(directory: directory)
            let ca = try Data(contentsOf: URL(fileURLWithPath: first.caCertificatePath))
            let server = try Data(contentsOf: URL(fileURLWithPath: first.certificateChainPath))
            try FileManager.default.removeItem(atPath: first.privateKeyPath)
            let second = try DevelopmentCertificateAuthority.ensure(directory: directory)
            #expect(second.created)
            #expect(try Data(contentsOf: URL(fileURLWithPath: second.caCertificatePath)) == ca)
            #expect(try Data(contentsOf: URL(fileURLWithPath: second.certificateChainPath)) != server)
        }
    }

    @Test func rejectsHostnamesThatWouldInjectNames() throws {
        try withTemporaryDirectory { directory in
            #expect(throws: TLSError.self) {
                try DevelopmentCertificateAuthority.ensure(directory: directory, extraHostnames: ["a.test,DNS:evil"])
            }
        }
    }

    @Test(arguments: ["localhost", "127.0.0.1", "::1", "flint.test", "10.1.2.3"])
    func serverCertificateVerifiesAgainstTheCA(serverName: String) async throws {
        try await withDevelopmentCertificates(extraHostnames: ["flint.test", "10.1.2.3"]) { files in
            try await EchoServer.with(files.serverConfiguration) { server in
                let configuration = files.clientConfiguration(serverName: serverName)
                let client = try await TestClient.connect(port: server.port, configuration)
                #expect(try await client.handshake().negotiatedProtocol == "flint/1")
                await client.close()
            }
        }
    }
}

private func permissions(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

private func contents(of files: DevelopmentCertificateAuthority.Files) throws -> [Data] {
    try [files.caCertificatePath, files.caPrivateKeyPath, files.certificateChainPath, files.privateKeyPath]
        .map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
}
