import FlintTestSupport
import Testing

@testable import Storage

@Suite struct SQLiteConnectionTests {
    @Test func valuesRoundTripThroughBindingAndReading() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (v ANY) STRICT")
        let values: [SQLiteValue] = [
            .null, .integer(.min), .integer(.max), .integer(0), .real(-1.5), .real(.infinity),
            .text(""), .text("plain"), .text("nul\u{0}inside"), .text("ünïcødé ☃ 🚀"), .text("'; DROP TABLE t; --"),
            .blob([]), .blob([0, 1, 2, 255]),
        ]
        for value in values {
            try connection.run("INSERT INTO t (v) VALUES (?)", [value])
        }
        let rows = try connection.query("SELECT v FROM t ORDER BY rowid")
        #expect(rows.map { $0[0] } == values)
    }

    @Test func typedAccessorsDecodeAndRejectMismatches() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let row = try #require(try connection.queryFirst("SELECT 42, 'text', NULL, x'0102', 2.5"))
        #expect(try row.get(0, as: Int64.self) == 42)
        #expect(try row.get(0, as: Int.self) == 42)
        #expect(try row.get(1, as: String.self) == "text")
        #expect(try row.get(2, as: String?.self) == nil)
        #expect(try row.get(3, as: [UInt8].self) == [1, 2])
        #expect(try row.get(4, as: Double.self) == 2.5)
        let mismatch = #expect(throws: SQLiteError.self) { try row.get(1, as: Int64.self) }
        #expect(mismatch?.code == .mismatch)
        let range = #expect(throws: SQLiteError.self) { try row.get(9, as: Int64.self) }
        #expect(range?.code == .range)
    }

    @Test func executeRunsEveryStatementOfAScript() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let before = connection.statementsExecuted
        try connection.execute(
            """
            -- a comment first
            CREATE TABLE a (x INTEGER);
            INSERT INTO a VALUES (1);
            INSERT INTO a VALUES (2);
            /* and a trailing comment */
            """
        )
        #expect(try connection.queryFirst("SELECT sum(x) FROM a")?.get(0, as: Int64.self) == 3)
        #expect(connection.statementsExecuted - before == 4)
    }

    @Test func runAndQueryAcceptExactlyOneStatement() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE a (x INTEGER)")
        let error = #expect(throws: SQLiteError.self) {
            try connection.run("INSERT INTO a VALUES (1); DROP TABLE a")
        }
        #expect(error?.code == .misuse)
        #expect(try connection.query("SELECT * FROM a").isEmpty)
    }

    @Test func wrongParameterCountIsAnError() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let error = #expect(throws: SQLiteError.self) { try connection.query("SELECT ?, ?", [1]) }
        #expect(error?.code == .range)
    }

    @Test func doubleQuotedStringsAreIdentifiersNotText() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE a (name TEXT)")
        #expect(throws: SQLiteError.self) { try connection.query("SELECT * FROM a WHERE name = \"x\"") }
    }

    @Test func changesAndLastInsertRowID() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER)")
        try connection.run("INSERT INTO a (x) VALUES (?)", [7])
        #expect(connection.lastInsertRowID == 1)
        try connection.run("INSERT INTO a (x) VALUES (?)", [7])
        try connection.run("UPDATE a SET x = 8 WHERE x = ?", [7])
        #expect(connection.changes == 2)
    }

    @Test func closedConnectionRefusesWork() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        connection.close()
        connection.close()
        #expect(connection.isClosed)
        let error = #expect(throws: SQLiteError.self) { try connection.execute("SELECT 1") }
        #expect(error?.code == .misuse)
    }

    @Test func openingAMissingDirectoryFails() throws {
        let error = #expect(throws: SQLiteError.self) {
            try SQLiteConnection(path: "/nonexistent-flint-dir/sub/db.sqlite")
        }
        #expect(error?.code == .cannotOpen)
    }

    @Test func pragmasFollowTheOptions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let full = try SQLiteConnection(path: directory.file("full.sqlite"), options: .init(synchronous: .full))
        #expect(try full.queryFirst("PRAGMA journal_mode")?.get(0, as: String.self) == "wal")
        #expect(try full.queryFirst("PRAGMA synchronous")?.get(0, as: Int.self) == 2)
        #expect(try full.queryFirst("PRAGMA foreign_keys")?.get(0, as: Int.self) == 1)
        #expect(try full.queryFirst("PRAGMA busy_timeout")?.get(0, as: Int.self) == 5000)
        let normal = try SQLiteConnection(
            path: directory.file("normal.sqlite"),
            options: .init(synchronous: .normal, busyTimeout: .milliseconds(250))
        )
        #expect(try normal.queryFirst("PRAGMA synchronous")?.get(0, as: Int.self) == 1)
        #expect(try normal.queryFirst("PRAGMA busy_timeout")?.get(0, as: Int.self) == 250)
    }

    @Test func foreignKeysAreEnforced() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute(
            "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p (id))"
        )
        let error = #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO c VALUES (?)", [5]) }
        #expect(error?.code == .constraintForeignKey)
        #expect(error?.code.primary == .constraint)
    }
}
