/// The rule every tool name keeps, client or server, built-in or remote: 1 to
/// ``maximumLength`` characters of `[a-zA-Z0-9_-]` (what the tool-call syntax and the
/// backends' function names accept).
public enum ToolName {
    /// The longest name, by default (``isValid(_:maxLength:)`` takes a request's own limit).
    public static let maximumLength = 64

    /// Whether `name` keeps the rule.
    public static func isValid(_ name: String, maxLength: Int = maximumLength) -> Bool {
        (1...maxLength).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
            }
    }
}
