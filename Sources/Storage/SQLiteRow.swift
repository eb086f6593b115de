/// One result row, copied out of SQLite: safe to keep after the statement moves on.
public struct SQLiteRow: Hashable, Sendable {
    /// The row's values, in the statement's column order.
    public var values: [SQLiteValue]

    public init(_ values: [SQLiteValue]) {
        self.values = values
    }

    /// The number of columns.
    public var count: Int { self.values.count }

    /// The value of column `index` (0-based).
    public subscript(index: Int) -> SQLiteValue {
        self.values[index]
    }

    /// Column `index` decoded as `T`; a missing column or a value of another type throws
    /// ``SQLiteError/Code/mismatch`` (naming the column and types, not the value).
    public func get<T: SQLiteValueConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard self.values.indices.contains(index) else {
            throw SQLiteError(code: .range, message: "column \(index) is out of range (row has \(self.count))")
        }
        let value = self.values[index]
        guard let decoded = T(sqliteValue: value) else {
            throw SQLiteError(
                code: .mismatch,
                message: "column \(index) holds \(value.typeName), which does not convert to \(T.self)"
            )
        }
        return decoded
    }
}

extension SQLiteRow: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "SQLiteRow(" + self.values.map(\.description).joined(separator: ", ") + ")"
    }

    public var debugDescription: String { self.description }
    public var customMirror: Mirror { Mirror(self, children: ["count": self.count]) }
}
