import ToolSchema

/// A compact JSON object built member by member, in order: the result text of the built-in
/// tools. The text is ``JSONValue/serialized()``, the project's one JSON writer.
struct ResultJSON: Sendable {
    private var object = JSONObject()

    private mutating func add(_ key: String, value: JSONValue) {
        _ = object.insertNew(key: key, value: value)
    }

    /// A string member.
    mutating func add(_ key: String, _ value: String) {
        add(key, value: .string(value))
    }

    /// An integer member.
    mutating func add(_ key: String, _ value: Int) {
        add(key, value: .number(JSONNumber(value)))
    }

    /// A Boolean member.
    mutating func add(_ key: String, _ value: Bool) {
        add(key, value: .bool(value))
    }

    /// A nested object member.
    mutating func add(_ key: String, _ value: ResultJSON) {
        add(key, value: .object(value.object))
    }

    /// A number member written as `literal` (a decimal like `90123.5`); a literal that is
    /// not a JSON number is written as a string.
    mutating func addRaw(_ key: String, _ literal: String) {
        add(key, value: JSONNumber(literal: literal).map(JSONValue.number) ?? .string(literal))
    }

    /// Appends all of `other`'s members.
    mutating func append(contentsOf other: ResultJSON) {
        for member in other.object.members { add(member.key, value: member.value) }
    }

    /// The compact JSON text.
    var text: String {
        JSONValue.object(object).serialized()
    }
}
