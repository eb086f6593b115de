/// One step of a store's schema history.
///
/// A store lists its migrations in order, oldest first, and never edits or removes one
/// that has shipped: step `n` (1-based) brings the schema to version `n`, recorded in
/// `PRAGMA user_version`.
public struct Migration: Sendable {
    /// A short label for logs, e.g. "create keys".
    public var name: String
    /// One or more SQL statements.
    public var sql: String

    public init(_ name: String, sql: String) {
        self.name = name
        self.sql = sql
    }
}

extension SQLiteConnection {
    /// The schema version recorded in the file (`PRAGMA user_version`).
    public func schemaVersion() throws -> Int {
        try self.queryFirst("PRAGMA user_version")?.get(0, as: Int.self) ?? 0
    }

    /// Applies the migrations the file has not seen yet, each in its own transaction
    /// together with its version bump, and returns the versions before and after.
    ///
    /// A file whose version is newer than `migrations.count` was written by a newer build;
    /// it is refused rather than used with a schema this build does not know.
    @discardableResult
    public func migrate(_ migrations: [Migration], logStep: (Int, Migration) -> Void = { _, _ in }) throws -> (from: Int, to: Int) {
        let current = try self.schemaVersion()
        guard current <= migrations.count else {
            throw SQLiteError(
                code: .error,
                message: "schema version \(current) is newer than this build knows (\(migrations.count))"
            )
        }
        for (offset, migration) in migrations.enumerated().dropFirst(current) {
            let version = offset + 1
            try self.transaction(.immediate) {
                try self.execute(migration.sql)
                try self.execute("PRAGMA user_version = \(version)")
            }
            logStep(version, migration)
        }
        return (current, migrations.count)
    }
}
