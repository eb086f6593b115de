import Testing

@testable import Storage

@Suite struct TransactionTests {
    struct Abort: Error {}

    private func connectionWithTable() throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (x INTEGER)")
        return connection
    }

    private func count(_ connection: SQLiteConnection) throws -> Int {
        try connection.queryFirst("SELECT count(*) FROM t")?.get(0) ?? -1
    }

    @Test func commitKeepsTheWork() throws {
        let connection = try self.connectionWithTable()
        let result = try connection.transaction {
            try connection.run("INSERT INTO t VALUES (1)")
            return "done"
        }
        #expect(result == "done")
        #expect(try self.count(connection) == 1)
        #expect(!connection.isInTransaction)
    }

    @Test func aThrowRollsBackEverything() throws {
        let connection = try self.connectionWithTable()
        #expect(throws: Abort.self) {
            try connection.transaction {
                try connection.run("INSERT INTO t VALUES (1)")
                try connection.run("INSERT INTO t VALUES (2)")
                throw Abort()
            }
        }
        #expect(try self.count(connection) == 0)
        #expect(!connection.isInTransaction)
    }

    @Test func aFailingStatementRollsBackEarlierOnes() throws {
        let connection = try self.connectionWithTable()
        #expect(throws: SQLiteError.self) {
            try connection.transaction {
                try connection.run("INSERT INTO t VALUES (1)")
                try connection.run("INSERT INTO missing VALUES (1)")
            }
        }
        #expect(try self.count(connection) == 0)
    }

    @Test func nestedTransactionsAreSavepoints() throws {
        let connection = try self.connectionWithTable()
        try connection.transaction {
            try connection.run("INSERT INTO t VALUES (1)")
            #expect(throws: Abort.self) {
                try connection.transaction {
                    try connection.run("INSERT INTO t VALUES (2)")
                    throw Abort()
                }
            }
            try connection.transaction {
                try connection.run("INSERT INTO t VALUES (3)")
            }
        }
        let values = try connection.query("SELECT x FROM t ORDER BY x").map { try $0.get(0, as: Int.self) }
        #expect(values == [1, 3])
    }
}
