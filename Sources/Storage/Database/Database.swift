import Dispatch
import Logging
import Synchronization

/// An SQLite database file owned by one connection on one serial queue.
///
/// Every ``read(_:)`` and ``write(_:)`` closure runs on the database's own dispatch
/// queue, one at a time, so blocking SQLite work (disk reads, `fsync`) never runs on a
/// caller's event loop or cooperative thread; callers just `await`. The connection never
/// leaves that queue.
public final class Database: Sendable {
    /// How to open a database.
    public struct Configuration: Sendable {
        /// The file path.
        public var path: String
        /// Connection set-up: durability, busy timeout, WAL.
        public var options: SQLiteConnection.Options
        /// The store's schema history, applied on open.
        public var migrations: [Migration]

        public init(path: String, options: SQLiteConnection.Options = .init(), migrations: [Migration] = []) {
            self.path = path
            self.options = options
            self.migrations = migrations
        }
    }

    /// How often the database was used, for tests and metrics.
    public struct Statistics: Hashable, Sendable {
        /// ``read(_:)`` calls that ran.
        public var reads: Int
        /// ``write(_:)`` calls that ran.
        public var writes: Int

        public init(reads: Int, writes: Int) {
            self.reads = reads
            self.writes = writes
        }
    }

    private let queue: DispatchQueue
    /// Touched only on `queue`; the mutex lets the compiler check that.
    private let connection: Mutex<SQLiteConnection?>
    private let readCount = Atomic<Int>(0)
    private let writeCount = Atomic<Int>(0)
    private let logger: Logger

    private init(logger: Logger) {
        self.queue = DispatchQueue(label: "flint.sqlite")
        self.connection = Mutex(nil)
        self.logger = logger
    }

    /// Opens the database, creating the file if needed, and applies pending migrations.
    public static func open(_ configuration: Configuration, logger: Logger) async throws -> Database {
        let database = Database(logger: logger)
        try await Self.run(on: database.queue) {
            try database.connection.withLock { slot in
                let connection = try SQLiteConnection(path: configuration.path, options: configuration.options)
                let versions = try connection.migrate(configuration.migrations) { version, migration in
                    logger.debug(
                        "Applied migration",
                        metadata: [
                            "db.path": "\(configuration.path)", "db.version": "\(version)",
                            "db.migration": "\(migration.name)",
                        ]
                    )
                }
                logger.debug("Opened database", metadata: ["db.path": "\(configuration.path)", "db.version": "\(versions.to)"])
                slot = connection
            }
        }
        return database
    }

    /// Runs `body` with the connection in a deferred (read) transaction.
    public func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await self.withConnection { connection in
            self.readCount.add(1, ordering: .relaxed)
            return try connection.transaction(.deferred) { try body(connection) }
        }
    }

    /// Runs `body` with the connection in an immediate (write) transaction, committed if
    /// `body` returns and rolled back if it throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await self.withConnection { connection in
            self.writeCount.add(1, ordering: .relaxed)
            return try connection.transaction(.immediate) { try body(connection) }
        }
    }

    /// Closes the connection after the work already queued. Later calls throw
    /// ``SQLiteError/Code/misuse``. Idempotent.
    public func close() async {
        _ = try? await Self.run(on: self.queue) {
            self.connection.withLock { connection in
                guard let open = connection else { return }
                open.close()
                connection = nil
                self.logger.debug("Closed database")
            }
        }
    }

    /// How often the database has been used so far.
    public var statistics: Statistics {
        Statistics(reads: self.readCount.load(ordering: .relaxed), writes: self.writeCount.load(ordering: .relaxed))
    }

    private func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws -> T
    ) async throws -> T {
        try await Self.run(on: self.queue) {
            try self.connection.withLock { connection in
                guard let connection else { throw SQLiteError.closed }
                return try body(connection)
            }
        }
    }

    private static func run<T: Sendable>(
        on queue: DispatchQueue,
        _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
