import Auth
import Foundation
import Logging
import Synchronization

/// A real key store in a temporary directory with one issued inference key, and an
/// authenticator that has already checked (and so cached) it.
///
/// The cache lives an hour here, so every measured check takes the cached path; the
/// server's own time to live only bounds how stale a revocation may be.
final class KeyCheckFixture: Sendable {
    let store: KeyStore
    let authenticator: Authenticator
    let authorization: String
    let directory: String

    private static let opened = Mutex<KeyCheckFixture?>(nil)

    private init(store: KeyStore, authenticator: Authenticator, authorization: String, directory: String) {
        self.store = store
        self.authenticator = authenticator
        self.authorization = authorization
        self.directory = directory
    }

    /// The fixture opened by the running benchmark's setup.
    static var current: KeyCheckFixture {
        guard let fixture = opened.withLock({ $0 }) else { fatalError("KeyCheckFixture.open() was not run") }
        return fixture
    }

    static func open() async throws {
        let directory = NSTemporaryDirectory() + "flint-bench-micro-" + UUID().uuidString
        let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let store = try await KeyStore.open(dataDirectory: directory, logger: logger)
        let authenticator = Authenticator(
            store: store, configuration: Authenticator.Configuration(cacheTimeToLive: .seconds(3600)), logger: logger
        )
        let issued = try await store.issueKey(partner: "bench", name: "bench", scopes: [.inference], actor: nil)
        let fixture = KeyCheckFixture(
            store: store, authenticator: authenticator, authorization: "Bearer " + issued.key.plaintext, directory: directory
        )
        _ = await fixture.checkKey()
        opened.withLock { $0 = fixture }
    }

    static func close() async {
        guard let fixture = opened.withLock({ $0.take() }) else { return }
        _ = try? await fixture.store.flushLastUsed()
        await fixture.store.close()
        try? FileManager.default.removeItem(atPath: fixture.directory)
    }

    /// One key check as the server makes it for an inference call; a rejection stops the run.
    func checkKey() async -> Principal {
        switch await authenticator.authenticate(authorization: authorization, requiring: .inference) {
        case .success(let principal): return principal
        case .failure(let failure): fatalError("the benchmark key was rejected: \(failure)")
        }
    }
}
