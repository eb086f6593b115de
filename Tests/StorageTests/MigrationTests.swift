import FlintTestSupport
import Testing

@testable import Storage

@Suite struct MigrationTests {
    static let history = [
        Migration("create t", sql: "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);"),
        Migration("add y", sql: "ALTER TABLE t ADD COLUMN y TEXT; UPDATE t SET y = 'one';"),
        Migration("create u", sql: "CREATE TABLE u (z INTEGER);"),
    ]

    @Test func migrationsApplyInOrderAndOnce() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite")
        var applied: [Int] = []
        do {
            let connection = try SQLiteConnection(path: path)
            let versions = try connection.migrate(Self.history) { version, _ in applied.append(version) }
            #expect(versions.from == 0)
            #expect(versions.to == 3)
            #expect(try connection.schemaVersion() == 3)
        }
        #expect(applied == [1, 2, 3])

        let reopened = try SQLiteConnection(path: path)
        let versions = try reopened.migrate(Self.history) { version, _ in applied.append(version) }
        #expect(versions.from == 3)
        #expect(applied == [1, 2, 3])
        let rows = try reopened.query("SELECT x, y FROM t")
        #expect(rows == [SQLiteRow([.integer(1), .text("one")])])
    }

    @Test func onlyNewStepsRunWhenTheHistoryGrows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite")
        try SQLiteConnection(path: path).migrate(Array(Self.history.prefix(1)))
        let connection = try SQLiteConnection(path: path)
        var applied: [Int] = []
        try connection.migrate(Self.history) { version, _ in applied.append(version) }
        #expect(applied == [2, 3])
        #expect(try connection.queryFirst("SELECT count(*) FROM t")?.get(0, as: Int.self) == 1)
    }

    @Test func aFailingStepLeavesTheSchemaAtThePreviousVersion() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let broken = Self.history.prefix(1) + [Migration("broken", sql: "CREATE TABLE v (a INTEGER); SELECT nope FROM nowhere;")]
        #expect(throws: SQLiteError.self) { try connection.migrate(Array(broken)) }
        #expect(try connection.schemaVersion() == 1)
        #expect(try connection.query("SELECT name FROM sqlite_schema WHERE name = 'v'").isEmpty)
    }

    @Test func aNewerSchemaIsRefused() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.migrate(Self.history)
        let error = #expect(throws: SQLiteError.self) { try connection.migrate(Array(Self.history.prefix(2))) }
        #expect(error?.message.contains("newer") == true)
    }
}
