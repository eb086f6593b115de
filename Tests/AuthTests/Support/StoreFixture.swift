import FlintTestSupport
import Auth
import Logging

/// A key store in a temporary directory with a manual clock and no background flushing.
struct StoreFixture {
    let directory: TemporaryDirectory
    let clock: ManualClock
    let store: KeyStore

    static func make(
        clock: ManualClock = ManualClock(),
        logger: Logger = Logger(label: "flint.test") { _ in SwiftLogNoOpLogHandler() },
        bootstrap: Bool = false
    ) async throws -> StoreFixture {
        let directory = try TemporaryDirectory()
        let store = try await KeyStore.open(
            dataDirectory: directory.path,
            configuration: .init(lastUsedFlushInterval: nil, bootstrapAdminKey: bootstrap),
            clock: clock,
            logger: logger
        )
        return StoreFixture(directory: directory, clock: clock, store: store)
    }

    /// Another store on the same files, as a second server process would have.
    func reopen(logger: Logger = Logger(label: "flint.test") { _ in SwiftLogNoOpLogHandler() }) async throws -> KeyStore {
        try await KeyStore.open(
            dataDirectory: self.directory.path,
            configuration: .init(lastUsedFlushInterval: nil, bootstrapAdminKey: false),
            clock: self.clock,
            logger: logger
        )
    }

    func close() async {
        await self.store.close()
        self.directory.remove()
    }

    func issue(
        partner: String = "acme",
        scopes: Set<Scope> = [.inference],
        expiresAt: Timestamp? = nil
    ) async throws -> IssuedKey {
        try await self.store.issueKey(partner: partner, name: "test key", scopes: scopes, expiresAt: expiresAt, actor: nil)
    }
}

func bearer(_ key: APIKey) -> String {
    "Bearer " + key.plaintext
}
