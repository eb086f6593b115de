internal import CSQLite

/// A failure reported by SQLite, or a misuse of a connection Flint detected itself.
///
/// The ``code`` is SQLite's (extended) result code, so new codes never break callers.
/// The ``message`` is SQLite's own text plus what Flint was doing; ``sql`` is the
/// statement text with its `?` placeholders. Bound values are never part of an error:
/// they can be secrets (key hashes) or partner data, and errors end up in logs.
public struct SQLiteError: Error, Hashable, Sendable {
    /// An SQLite result code. Compare ``primary`` with the static constants to ignore the
    /// extended part (`SQLITE_CONSTRAINT_UNIQUE` is a `.constraint`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The (extended) result code as SQLite returned it.
        public let rawValue: Int32

        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        /// The primary result code: the low byte of an extended code.
        public var primary: Code { Code(rawValue: self.rawValue & 0xFF) }

        /// SQLite's English name for the code, e.g. "constraint failed".
        public var description: String {
            String(cString: sqlite3_errstr(self.rawValue))
        }

        /// Generic error, also used for Flint-detected problems such as a schema version
        /// newer than the running build.
        public static let error = Code(rawValue: SQLITE_ERROR)
        public static let `internal` = Code(rawValue: SQLITE_INTERNAL)
        public static let permission = Code(rawValue: SQLITE_PERM)
        public static let abort = Code(rawValue: SQLITE_ABORT)
        /// Another connection holds a lock longer than the busy timeout.
        public static let busy = Code(rawValue: SQLITE_BUSY)
        public static let locked = Code(rawValue: SQLITE_LOCKED)
        public static let noMemory = Code(rawValue: SQLITE_NOMEM)
        public static let readOnly = Code(rawValue: SQLITE_READONLY)
        public static let ioError = Code(rawValue: SQLITE_IOERR)
        public static let corrupt = Code(rawValue: SQLITE_CORRUPT)
        public static let full = Code(rawValue: SQLITE_FULL)
        public static let cannotOpen = Code(rawValue: SQLITE_CANTOPEN)
        /// A UNIQUE, NOT NULL, CHECK, FOREIGN KEY or PRIMARY KEY constraint failed.
        public static let constraint = Code(rawValue: SQLITE_CONSTRAINT)
        /// A value had the wrong type for a column (STRICT tables) or for a reader.
        public static let mismatch = Code(rawValue: SQLITE_MISMATCH)
        /// The connection was used wrongly (closed, statement finalized, ...).
        public static let misuse = Code(rawValue: SQLITE_MISUSE)
        public static let range = Code(rawValue: SQLITE_RANGE)
        public static let notADatabase = Code(rawValue: SQLITE_NOTADB)

        // Extended constraint codes: `SQLITE_CONSTRAINT | (n << 8)`, macros Swift cannot import.
        public static let constraintCheck = Code(rawValue: SQLITE_CONSTRAINT | (1 << 8))
        public static let constraintForeignKey = Code(rawValue: SQLITE_CONSTRAINT | (3 << 8))
        public static let constraintNotNull = Code(rawValue: SQLITE_CONSTRAINT | (5 << 8))
        public static let constraintPrimaryKey = Code(rawValue: SQLITE_CONSTRAINT | (6 << 8))
        public static let constraintUnique = Code(rawValue: SQLITE_CONSTRAINT | (8 << 8))
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation: SQLite's message and what Flint was doing.
    public var message: String
    /// The statement involved, as written with placeholders (never with values).
    public var sql: String?

    public init(code: Code, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }
}

extension SQLiteError: CustomStringConvertible {
    public var description: String {
        let base = "SQLiteError(\(self.code.rawValue), \(self.code)): \(self.message)"
        guard let sql = self.sql else { return base }
        return base + " [sql: \(sql)]"
    }
}

extension SQLiteError {
    /// The error for using a connection or database after it was closed.
    static let closed = SQLiteError(code: .misuse, message: "the database connection is closed")
}
