extension SQLiteConnection {
    /// How a top-level transaction takes its locks.
    public enum TransactionKind: Sendable {
        /// Locks on first read or write. Suits read-only work.
        case deferred
        /// Takes the write lock at once, so the transaction never fails half-way with BUSY.
        case immediate
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    /// The control statements are prepared once and reused from the statement cache.
    ///
    /// Nested calls become savepoints, so a helper can wrap its work in a transaction
    /// whether or not its caller already did.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if self.isInTransaction {
            return try self.savepoint(body)
        }
        switch kind {
        case .deferred: try self.run("BEGIN DEFERRED")
        case .immediate: try self.run("BEGIN IMMEDIATE")
        }
        do {
            let result = try body()
            try self.run("COMMIT")
            return result
        } catch {
            if self.isInTransaction {
                try? self.run("ROLLBACK")
            }
            throw error
        }
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        try self.run("SAVEPOINT flint_nested")
        do {
            let result = try body()
            try self.run("RELEASE flint_nested")
            return result
        } catch {
            try? self.run("ROLLBACK TO flint_nested")
            try? self.run("RELEASE flint_nested")
            throw error
        }
    }
}
