/// Why a schema was refused at compile time, and where.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A JSON pointer into the schema, e.g. `/properties/x/type` (`""` is the root).
    public var path: String
    /// What is wrong, in words.
    public var message: String

    /// An error at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `"<message> (at <path>)"`, the root shown as `/`.
    public var description: String { "\(message) (at \(path.isEmpty ? "/" : path))" }
}

/// One way a value fails a schema.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// A JSON pointer into the validated value, e.g. `/items/0` (`""` is the value itself).
    public var path: String
    /// What is wrong, in words.
    public var message: String

    /// A violation at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `"<path>: <message>"`, the root shown as `/`.
    public var description: String { "\(path.isEmpty ? "/" : path): \(message)" }
}

/// JSON pointer (RFC 6901) helpers.
enum JSONPointer {
    /// `path` with one more reference token, escaped (`~` as `~0`, `/` as `~1`).
    static func appending(_ path: String, _ token: String) -> String {
        path + "/" + token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    /// `path` with an array index appended.
    static func appending(_ path: String, _ index: Int) -> String {
        path + "/" + String(index)
    }

    /// The reference tokens of a pointer, unescaped; `nil` if it does not start with `/` (and is not empty).
    static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacing("~1", with: "/").replacing("~0", with: "~")
        }
    }
}
