/// A compact JSON object built member by member, in order: the result text of the built-in tools.
struct ResultJSON: Sendable {
    private var members: [String] = []

    /// A string member.
    mutating func add(_ key: String, _ value: String) {
        members.append(Self.quoted(key) + ":" + Self.quoted(value))
    }

    /// An integer member.
    mutating func add(_ key: String, _ value: Int) {
        members.append(Self.quoted(key) + ":" + String(value))
    }

    /// A Boolean member.
    mutating func add(_ key: String, _ value: Bool) {
        members.append(Self.quoted(key) + ":" + (value ? "true" : "false"))
    }

    /// A nested object member.
    mutating func add(_ key: String, _ value: ResultJSON) {
        members.append(Self.quoted(key) + ":" + value.text)
    }

    /// A member whose value is already JSON text (a number literal, for example).
    mutating func addRaw(_ key: String, _ json: String) {
        members.append(Self.quoted(key) + ":" + json)
    }

    /// Appends all of `other`'s members.
    mutating func append(contentsOf other: ResultJSON) {
        members.append(contentsOf: other.members)
    }

    /// The compact JSON text.
    var text: String {
        "{" + members.joined(separator: ",") + "}"
    }

    /// `text` as a JSON string literal, escaped per RFC 8259.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u00" + String(scalar.value >> 4, radix: 16) + String(scalar.value & 0xF, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
