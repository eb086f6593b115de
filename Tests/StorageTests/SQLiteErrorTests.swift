import Testing

@testable import Storage

/// Errors end up in logs; the values bound to a failing statement must not.
@Suite struct SQLiteErrorTests {
    static let secret = "flint_SECRETVALUE1_doNotLeakThisSecretAnywhere0"
    static let secretBytes: [UInt8] = Array("blob-secret-0123456789".utf8)

    private func assertNoLeak(_ error: SQLiteError?) throws {
        let error = try #require(error)
        let renderings = [
            String(describing: error), String(reflecting: error), error.message, error.sql ?? "",
            { var out = ""; dump(error, to: &out); return out }(),
        ]
        for text in renderings {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("blob-secret"))
            #expect(!text.contains("626C6F62"))  // hex of "blob"
        }
    }

    @Test func uniqueViolationDoesNotLeakValues() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (k TEXT UNIQUE, b BLOB)")
        try connection.run("INSERT INTO t VALUES (?, ?)", [.text(Self.secret), .blob(Self.secretBytes)])
        let error = #expect(throws: SQLiteError.self) {
            try connection.run("INSERT INTO t VALUES (?, ?)", [.text(Self.secret), .blob(Self.secretBytes)])
        }
        #expect(error?.code == .constraintUnique)
        #expect(error?.sql == "INSERT INTO t VALUES (?, ?)")
        try self.assertNoLeak(error)
    }

    @Test func checkAndTypeFailuresDoNotLeakValues() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (k TEXT CHECK (length(k) < 5), n INTEGER) STRICT")
        let check = #expect(throws: SQLiteError.self) {
            try connection.run("INSERT INTO t VALUES (?, ?)", [.text(Self.secret), 1])
        }
        #expect(check?.code == .constraintCheck)
        try self.assertNoLeak(check)
        let type = #expect(throws: SQLiteError.self) {
            try connection.run("INSERT INTO t VALUES (?, ?)", ["ok", .text(Self.secret)])
        }
        #expect(type?.code.primary == .constraint)
        try self.assertNoLeak(type)
    }

    @Test func valuesAndRowsPrintTheirTypeOnly() {
        let value = SQLiteValue.text(Self.secret)
        let row = SQLiteRow([value, .blob(Self.secretBytes)])
        for text in [String(describing: value), String(reflecting: value), String(describing: row), String(reflecting: row)] {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("blob-secret"))
        }
        var dumped = ""
        dump(row, to: &dumped)
        #expect(!dumped.contains(Self.secret))
    }

    @Test func codesNameThemselves() {
        #expect(SQLiteError.Code.busy.description == "database is locked")
        #expect(SQLiteError.Code.constraintUnique.primary == .constraint)
    }
}
