/// One SQLite value: what a statement binds and what a row holds.
///
/// `SQLiteValue` prints as its type only (`<text>`), never its content: values can be
/// secrets or partner data, and descriptions end up in logs.
public enum SQLiteValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The value `value` converts to.
    public init(_ value: some SQLiteValueConvertible) {
        self = value.sqliteValue
    }

    /// The storage class name SQLite uses for this value.
    public var typeName: String {
        switch self {
        case .null: "NULL"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        }
    }
}

extension SQLiteValue: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "<\(self.typeName)>" }
    public var debugDescription: String { self.description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}

extension SQLiteValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension SQLiteValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}

extension SQLiteValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) {
        self = .real(value)
    }
}

extension SQLiteValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = .text(value)
    }
}
