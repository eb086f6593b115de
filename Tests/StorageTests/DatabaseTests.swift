import FlintTestSupport
import Logging
import Testing

@testable import Storage

@Suite struct DatabaseTests {
    private func open(_ directory: TemporaryDirectory, synchronous: SQLiteConnection.Synchronous = .full) async throws
        -> Database
    {
        try await Database.open(
            .init(
                path: directory.file("db.sqlite"),
                options: .init(synchronous: synchronous),
                migrations: [Migration("counter", sql: "CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);")]
            ),
            logger: Logger(label: "test")
        )
    }

    @Test func readsAndWritesRunAndAreCounted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try await self.open(directory)
        try await database.write { try $0.run("UPDATE counter SET n = n + 1") }
        let n = try await database.read { try $0.queryFirst("SELECT n FROM counter")?.get(0, as: Int.self) }
        #expect(n == 1)
        #expect(database.statistics == Database.Statistics(reads: 1, writes: 1))
        await database.close()
    }

    @Test func concurrentWritesAreSerialized() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try await self.open(directory)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await database.write { connection in
                        let n = try connection.queryFirst("SELECT n FROM counter")?.get(0, as: Int.self) ?? 0
                        try connection.run("UPDATE counter SET n = ?", [.integer(Int64(n + 1))])
                    }
                }
            }
            try await group.waitForAll()
        }
        let n = try await database.read { try $0.queryFirst("SELECT n FROM counter")?.get(0, as: Int.self) }
        #expect(n == 50)
        await database.close()
    }

    @Test func aThrowingWriteIsRolledBack() async throws {
        struct Abort: Error {}
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try await self.open(directory)
        await #expect(throws: Abort.self) {
            try await database.write { connection in
                try connection.run("UPDATE counter SET n = 99")
                throw Abort()
            }
        }
        let n = try await database.read { try $0.queryFirst("SELECT n FROM counter")?.get(0, as: Int.self) }
        #expect(n == 0)
        await database.close()
    }

    @Test func reopeningKeepsDataAndDoesNotReapplyMigrations() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try await self.open(directory)
        try await first.write { try $0.run("UPDATE counter SET n = 7") }
        await first.close()
        let second = try await self.open(directory, synchronous: .normal)
        let rows = try await second.read { try $0.query("SELECT n FROM counter") }
        #expect(rows == [SQLiteRow([.integer(7)])])
        await second.close()
    }

    @Test func durabilityKnobReachesTheConnection() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let full = try await self.open(directory)
        #expect(try await full.read { try $0.queryFirst("PRAGMA synchronous")?.get(0, as: Int.self) } == 2)
        await full.close()
        let normal = try await self.open(directory, synchronous: .normal)
        #expect(try await normal.read { try $0.queryFirst("PRAGMA synchronous")?.get(0, as: Int.self) } == 1)
        await normal.close()
    }

    @Test func aClosedDatabaseRefusesWork() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try await self.open(directory)
        await database.close()
        await database.close()
        let error = await #expect(throws: SQLiteError.self) { try await database.read { _ in 1 } }
        #expect(error?.code == .misuse)
    }
}
