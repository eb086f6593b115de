import FlintTestSupport
import Logging
import Testing

@testable import Auth

/// Keys never appear in logs: record everything at trace level and look for them.
@Suite struct SecretLoggingTests {
    @Test func noSecretIsEverLogged() async throws {
        let recording = LogRecording()
        let logger = recording.logger()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock()
        let store = try await KeyStore.open(
            dataDirectory: directory.path,
            configuration: .init(lastUsedFlushInterval: nil),
            clock: clock,
            logger: logger
        )
        let authenticator = Authenticator(store: store, logger: logger)
        let adminText = try String(contentsOfFile: try #require(store.createdAdminKeyFile), encoding: .utf8)
        let admin = try APIKey(parsing: String(adminText.dropLast()))

        let issued = try await store.issueKey(partner: "acme", name: "ci", scopes: [.inference], actor: admin.id)
        var secrets = [admin.secret, issued.key.secret]
        _ = try await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference).get()
        _ = await authenticator.authenticate(authorization: bearer(issued.key), requiring: .admin)
        let rotated = try await store.rotateKey(id: issued.key.id, gracePeriod: .seconds(5), actor: admin.id)
        secrets.append(rotated.issued.key.secret)
        _ = try await authenticator.authenticate(authorization: bearer(rotated.issued.key), requiring: .inference).get()
        try await store.revokeKey(id: rotated.issued.key.id, actor: admin.id)
        _ = await authenticator.authenticate(authorization: bearer(rotated.issued.key), requiring: .inference)
        let unknown = APIKey.generate()
        secrets.append(unknown.secret)
        _ = await authenticator.authenticate(authorization: bearer(unknown), requiring: .inference)
        let mangled = String(issued.key.plaintext.dropLast()) + "!"
        _ = await authenticator.authenticate(authorization: "Bearer " + mangled, requiring: .inference)
        try await store.flushLastUsed()
        await store.close()
        _ = await authenticator.authenticate(authorization: bearer(issued.key), requiring: .inference)

        let lines = recording.all
        #expect(lines.count > 5)
        #expect(lines.contains { $0.contains(issued.key.id.rawValue) })
        for line in lines {
            for secret in secrets {
                #expect(!line.contains(secret), "secret logged: \(line.prefix(60))…")
            }
            #expect(!line.contains(String(mangled.dropFirst(20))))
        }
    }
}
