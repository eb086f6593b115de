extension SQLiteConnection {
    /// How a top-level transaction takes its locks.
    public enum TransactionKind: Sendable {
        /// Locks on first read or write. Suits read-only work.
        case deferred
        /// Takes the write lock at once, so the transaction never fails half-way with BUSY.
        case immediate
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    ///
    /// Nested calls become savepoints, so a helper can wrap its work in a transaction
    /// whether or not its caller already did.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if self.isInTransaction {
            return try self.savepoint(body)
        }
        switch kind {
        case .deferred: try self.execute("BEGIN DEFERRED")
        case .immediate: try self.execute("BEGIN IMMEDIATE")
        }
        do {
            let result = try body()
            try self.execute("COMMIT")
            return result
        } catch {
            if self.isInTransaction {
                try? self.execute("ROLLBACK")
            }
            throw error
        }
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        try self.execute("SAVEPOINT flint_nested")
        do {
            let result = try body()
            try self.execute("RELEASE flint_nested")
            return result
        } catch {
            try? self.execute("ROLLBACK TO flint_nested")
            try? self.execute("RELEASE flint_nested")
            throw error
        }
    }
}
