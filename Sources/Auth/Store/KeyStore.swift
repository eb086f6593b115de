import Logging
import Storage
import Synchronization

/// The API-key store: partners, keys and the audit log in SQLite (DESIGN §4).
///
/// Keys are stored as HMAC-SHA256(pepper, secret) only; the full key exists once, in
/// the ``IssuedKey`` returned at issue. The database uses `synchronous=FULL`: a change the
/// store has acknowledged survives a crash. All methods are `async` and run their SQLite
/// work on the database's own queue.
///
/// Errors: ``KeyStoreError`` for invalid requests (bad name, unknown scope, unknown key),
/// `SQLiteError` for storage failures. Neither ever carries a key.
public final class KeyStore: Sendable {
    /// How to open a store. Every field has a default; a development run needs none.
    public struct Configuration: Sendable {
        /// The HMAC key. `nil`: read `<data-dir>/pepper`, creating it on first start.
        public var pepper: Pepper?
        /// How often pending last-use times are written. `nil`: only by
        /// ``KeyStore/flushLastUsed()`` and ``KeyStore/close()``.
        public var lastUsedFlushInterval: Duration?
        /// Whether a new store gets an admin key in `<data-dir>/admin.key`.
        public var bootstrapAdminKey: Bool
        /// The partner the bootstrap admin key belongs to.
        public var adminPartner: String
        /// How long SQLite waits for another process's lock.
        public var busyTimeout: Duration

        public init(
            pepper: Pepper? = nil,
            lastUsedFlushInterval: Duration? = .seconds(5),
            bootstrapAdminKey: Bool = true,
            adminPartner: String = "admin",
            busyTimeout: Duration = .seconds(5)
        ) {
            self.pepper = pepper
            self.lastUsedFlushInterval = lastUsedFlushInterval
            self.bootstrapAdminKey = bootstrapAdminKey
            self.adminPartner = adminPartner
            self.busyTimeout = busyTimeout
        }
    }

    /// The database file inside the data directory.
    public static let databaseFileName = "keys.sqlite"
    /// The pepper file inside the data directory (mode 0600).
    public static let pepperFileName = "pepper"
    /// The bootstrap admin key file inside the data directory (mode 0600).
    public static let adminKeyFileName = "admin.key"

    /// Where this open wrote a new admin key (a new store), or `nil`. Log the path, never
    /// the file's contents.
    public let createdAdminKeyFile: String?
    /// The operator's partner: the one the bootstrap admin key belongs to.
    public let adminPartner: String

    let database: Database
    let hasher: KeyHasher
    let clock: any WallClock
    let logger: Logger
    let lastUsed = LastUsedRecorder()
    private let observers = Mutex<[@Sendable (KeyStoreChange) -> Void]>([])
    private let flusher = Mutex<Task<Void, Never>?>(nil)

    init(
        database: Database,
        hasher: KeyHasher,
        clock: any WallClock,
        logger: Logger,
        createdAdminKeyFile: String?,
        adminPartner: String
    ) {
        self.adminPartner = adminPartner
        self.database = database
        self.hasher = hasher
        self.clock = clock
        self.logger = logger
        self.createdAdminKeyFile = createdAdminKeyFile
    }

    /// Writes pending last-use times, then closes the database. Later calls throw.
    public func close() async {
        self.flusher.withLock { task in
            task?.cancel()
            task = nil
        }
        do {
            try await self.flushLastUsed()
        } catch {
            self.logger.warning("Could not write last-use times on close", metadata: ["error": "\(error)"])
        }
        await self.database.close()
    }

    /// How often the store's database has been used (for tests and metrics).
    public var databaseStatistics: Database.Statistics { self.database.statistics }
}

/// A change that makes cached credentials stale.
enum KeyStoreChange: Hashable, Sendable {
    case key(KeyID)
    case partner(String)
}

extension KeyStore {
    /// Calls `observer` after every committed change to a key or partner.
    func addChangeObserver(_ observer: @escaping @Sendable (KeyStoreChange) -> Void) {
        self.observers.withLock { $0.append(observer) }
    }

    func notify(_ change: KeyStoreChange) {
        for observer in self.observers.withLock({ $0 }) {
            observer(change)
        }
    }

    /// Writes pending last-use times every `interval` until ``close()``.
    func startFlushing(every interval: Duration) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                do {
                    try await self.flushLastUsed()
                } catch {
                    self.logger.warning("Could not write last-use times", metadata: ["error": "\(error)"])
                }
            }
        }
        self.flusher.withLock { $0 = task }
    }
}
