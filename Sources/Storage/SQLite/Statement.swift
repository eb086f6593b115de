internal import CSQLite

/// A prepared SQLite statement. Owns its `sqlite3_stmt *` and finalizes it in `deinit`.
///
/// Values are bound by position (`?` placeholders); text and blobs are copied by SQLite
/// (`SQLITE_TRANSIENT`), so nothing here outlives a Swift buffer. Rows are copied out as
/// ``SQLiteRow`` values. A statement belongs to the connection that prepared it and is used
/// on that connection's thread only.
public final class Statement {
    private let handle: OpaquePointer
    /// The statement's SQL text, with placeholders: safe to put in errors.
    public let sql: String

    private init(handle: OpaquePointer) {
        self.handle = handle
        self.sql = String(cString: sqlite3_sql(handle))
    }

    /// Prepares every statement of `sql` in turn, handing each to `body` before preparing
    /// the next (a later statement may depend on an earlier one, as in a migration).
    static func prepareEach(database: OpaquePointer, sql: String, _ body: (Statement) throws -> Void) throws {
        var bytes = Array(sql.utf8)
        bytes.append(0)
        try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { chars in
                guard var cursor = chars.baseAddress else { return }
                let end = cursor + chars.count - 1
                while cursor < end {
                    var statement: OpaquePointer?
                    var tail: UnsafePointer<CChar>?
                    let code = sqlite3_prepare_v2(database, cursor, Int32(end - cursor), &statement, &tail)
                    guard code == SQLITE_OK else {
                        throw SQLiteError(
                            code: .init(rawValue: sqlite3_extended_errcode(database)),
                            message: "prepare failed: " + String(cString: sqlite3_errmsg(database)),
                            sql: String(cString: cursor).trimmingWhitespace()
                        )
                    }
                    guard let statement else { return }  // only whitespace or comments remain
                    try body(Statement(handle: statement))
                    guard let tail, tail > cursor else { return }
                    cursor = tail
                }
            }
        }
    }

    /// Prepares `sql`, which must hold exactly one statement.
    static func prepareOne(database: OpaquePointer, sql: String) throws -> Statement {
        var prepared: [Statement] = []
        try self.prepareEach(database: database, sql: sql) { prepared.append($0) }
        guard prepared.count == 1, let statement = prepared.first else {
            throw SQLiteError(
                code: .misuse,
                message: "expected one SQL statement, found \(prepared.count)",
                sql: sql.trimmingWhitespace()
            )
        }
        return statement
    }

    deinit {
        sqlite3_finalize(self.handle)
    }

    /// The number of `?` placeholders.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(self.handle)) }

    /// Whether the statement leaves the database unchanged.
    public var isReadOnly: Bool { sqlite3_stmt_readonly(self.handle) != 0 }

    /// Binds `values` to the placeholders in order, replacing earlier bindings.
    public func bind(_ values: [SQLiteValue]) throws {
        guard values.count == self.parameterCount else {
            throw self.error(
                code: SQLITE_RANGE,
                "statement has \(self.parameterCount) placeholders but \(values.count) values were bound"
            )
        }
        sqlite3_clear_bindings(self.handle)
        for (offset, value) in values.enumerated() {
            try self.bind(value, at: Int32(offset + 1))
        }
    }

    /// Advances to the next row: the row, or `nil` when the statement is done.
    public func step() throws -> SQLiteRow? {
        let code = sqlite3_step(self.handle)
        switch code {
        case SQLITE_ROW:
            return self.currentRow()
        case SQLITE_DONE:
            return nil
        default:
            throw self.error(code: code, "step failed")
        }
    }

    /// Rewinds the statement so it can run again; bindings are kept.
    public func reset() {
        // The code repeats the last step's failure, already reported by `step`.
        sqlite3_reset(self.handle)
    }

    private func bind(_ value: SQLiteValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(self.handle, index)
        case .integer(let integer):
            code = sqlite3_bind_int64(self.handle, index, integer)
        case .real(let real):
            code = sqlite3_bind_double(self.handle, index, real)
        case .text(let text):
            code = Self.bindText(text, statement: self.handle, index: index)
        case .blob(let bytes):
            code = Self.bindBlob(bytes, statement: self.handle, index: index)
        }
        guard code == SQLITE_OK else {
            throw self.error(code: code, "binding parameter \(index) (\(value.typeName)) failed")
        }
    }

    private static func bindText(_ text: String, statement: OpaquePointer, index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count <= Int32.max else {
                return bytes.isEmpty ? sqlite3_bind_text(statement, index, "", 0, nil) : SQLITE_TOOBIG
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(statement, index, $0, Int32(bytes.count), flint_sqlite_transient())
            }
        }
    }

    private static func bindBlob(_ bytes: [UInt8], statement: OpaquePointer, index: Int32) -> Int32 {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count <= Int32.max else {
                return raw.isEmpty ? sqlite3_bind_zeroblob(statement, index, 0) : SQLITE_TOOBIG
            }
            return sqlite3_bind_blob(statement, index, base, Int32(raw.count), flint_sqlite_transient())
        }
    }

    private func currentRow() -> SQLiteRow {
        let count = sqlite3_column_count(self.handle)
        return SQLiteRow((0..<count).map { self.column($0) })
    }

    private func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(self.handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(self.handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(self.handle, index))
        case SQLITE_TEXT:
            // Ask for the pointer first, then the length (SQLite's documented order).
            guard let text = sqlite3_column_text(self.handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(self.handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let blob = sqlite3_column_blob(self.handle, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(self.handle, index))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }

    private func error(code: Int32, _ what: String) -> SQLiteError {
        let database = sqlite3_db_handle(self.handle)
        let detail = database.map { String(cString: sqlite3_errmsg($0)) } ?? "no connection"
        let extended = database.map { sqlite3_extended_errcode($0) } ?? code
        // `sqlite3_step` returns the primary code; the extended one is more precise.
        let reported = (extended & 0xFF) == (code & 0xFF) ? extended : code
        return SQLiteError(code: .init(rawValue: reported), message: "\(what): \(detail)", sql: self.sql)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = self.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
