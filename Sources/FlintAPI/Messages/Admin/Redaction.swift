/// A value whose `description` is built from its `customMirror`, so a field the mirror
/// hides (an API key, image bytes) is hidden from `print`, `String(describing:)`,
/// `String(reflecting:)` and `dump` alike.
protocol MirrorDescribed: CustomReflectable, CustomStringConvertible {}

extension MirrorDescribed {
    /// "TypeName(label: value, ...)", the values as `String(reflecting:)` shows them.
    public var description: String {
        let fields = customMirror.children.map { child in
            "\(child.label ?? "_"): \(String(reflecting: child.value))"
        }
        return "\(Self.self)(\(fields.joined(separator: ", ")))"
    }
}

/// What a mirror shows in place of a hidden value: it prints as its text, unquoted, and
/// has no children of its own.
struct Placeholder: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let description: String

    var debugDescription: String { description }

    var customMirror: Mirror { Mirror(self, children: [:]) }

    /// "<redacted>", or "<none>" when `secret` is empty.
    static func secret(_ secret: String) -> Placeholder {
        Placeholder(description: secret.isEmpty ? "<none>" : "<redacted>")
    }

    /// "<n> bytes".
    static func bytes(_ bytes: [UInt8]) -> Placeholder {
        Placeholder(description: "\(bytes.count) bytes")
    }
}
