internal import CSQLite

/// One open SQLite database connection. Owns its `sqlite3 *`, which never leaves this
/// class, and closes it in `deinit` (or ``close()``).
///
/// A connection is not `Sendable`: it is used by one thread at a time. ``Database`` keeps
/// one on a serial queue; tests and tools may use one directly. Opening applies the
/// pragmas of ``SQLiteConnection/Options``: WAL journal, foreign keys on, a busy timeout,
/// the requested `synchronous` level, and no double-quoted string literals.
public final class SQLiteConnection {
    private var handle: OpaquePointer?
    private var statementCache: [String: Statement] = [:]
    /// Number of statements this connection has run, for tests and metrics.
    public private(set) var statementsExecuted = 0

    /// Opens (creating if needed) the database at `path`; `":memory:"` is a private
    /// in-memory database.
    public init(path: String, options: Options = Options()) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw SQLiteError(code: .init(rawValue: code), message: "cannot open database at \(path): \(message)")
        }
        self.handle = handle
        do {
            try self.configure(options)
        } catch {
            self.close()
            throw error
        }
    }

    deinit {
        self.close()
    }

    /// Closes the connection. Later calls throw ``SQLiteError/Code/misuse``. Idempotent.
    public func close() {
        self.statementCache.removeAll()
        guard let handle = self.handle else { return }
        self.handle = nil
        // `_v2` defers the close until statements still held elsewhere are finalized.
        sqlite3_close_v2(handle)
    }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { self.handle == nil }

    /// Runs one or more statements without parameters, discarding any rows.
    public func execute(_ sql: String) throws {
        let database = try self.database()
        try Statement.prepareEach(database: database, sql: sql) { statement in
            self.statementsExecuted += 1
            defer { statement.reset() }
            while try statement.step() != nil {}
        }
    }

    /// Runs one statement with `values` bound, discarding any rows.
    public func run(_ sql: String, _ values: [SQLiteValue] = []) throws {
        _ = try self.withCachedStatement(sql, values) { statement in
            while try statement.step() != nil {}
        }
    }

    /// Runs one statement with `values` bound and returns every row.
    public func query(_ sql: String, _ values: [SQLiteValue] = []) throws -> [SQLiteRow] {
        try self.withCachedStatement(sql, values) { statement in
            var rows: [SQLiteRow] = []
            while let row = try statement.step() {
                rows.append(row)
            }
            return rows
        }
    }

    /// Runs one statement with `values` bound and returns its first row, if any.
    public func queryFirst(_ sql: String, _ values: [SQLiteValue] = []) throws -> SQLiteRow? {
        try self.withCachedStatement(sql, values) { try $0.step() }
    }

    /// Prepares a statement the caller steps itself (not cached).
    public func prepare(_ sql: String) throws -> Statement {
        try Statement.prepareOne(database: self.database(), sql: sql)
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int {
        self.handle.map { Int(sqlite3_changes64($0)) } ?? 0
    }

    /// The rowid of the most recent successful INSERT.
    public var lastInsertRowID: Int64 {
        self.handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// Whether a transaction is open (the connection is not in autocommit mode).
    public var isInTransaction: Bool {
        self.handle.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    private func database() throws -> OpaquePointer {
        guard let handle = self.handle else { throw SQLiteError.closed }
        return handle
    }

    /// Runs `body` with the cached statement for `sql`, bound to `values`, and resets it
    /// afterwards so the next user starts clean.
    private func withCachedStatement<T>(
        _ sql: String,
        _ values: [SQLiteValue],
        _ body: (Statement) throws -> T
    ) throws -> T {
        let statement = try self.cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        self.statementsExecuted += 1
        return try body(statement)
    }

    private func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = self.statementCache[sql] {
            return statement
        }
        let statement = try Statement.prepareOne(database: self.database(), sql: sql)
        if self.statementCache.count >= Self.statementCacheLimit {
            self.statementCache.removeAll(keepingCapacity: true)
        }
        self.statementCache[sql] = statement
        return statement
    }

    /// Statements kept prepared; Flint's stores use a few dozen distinct ones.
    private static let statementCacheLimit = 128
}

extension SQLiteConnection {
    private func configure(_ options: Options) throws {
        let database = try self.database()
        // Bad SQL such as `WHERE name = "x"` must fail, not compare against a string.
        flint_sqlite3_db_config_flag(database, SQLITE_DBCONFIG_DQS_DML, 0)
        flint_sqlite3_db_config_flag(database, SQLITE_DBCONFIG_DQS_DDL, 0)
        // No writable_schema or other ways to corrupt the file through SQL.
        flint_sqlite3_db_config_flag(database, SQLITE_DBCONFIG_DEFENSIVE, 1)
        let milliseconds = options.busyTimeout.components.seconds * 1000
            + options.busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(database, Int32(clamping: milliseconds))
        try self.execute("PRAGMA foreign_keys = ON")
        try self.execute("PRAGMA synchronous = \(options.synchronous.pragmaValue)")
        if options.writeAheadLog {
            try self.enableWriteAheadLog()
        }
    }

    private func enableWriteAheadLog() throws {
        let mode = try self.queryFirst("PRAGMA journal_mode = WAL")?.get(0, as: String.self)
        // In-memory databases keep journal mode "memory"; files must switch to WAL.
        guard mode == "wal" || mode == "memory" else {
            throw SQLiteError(code: .error, message: "could not enable WAL (journal mode is \(mode ?? "unknown"))")
        }
    }
}
