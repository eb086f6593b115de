/// What a client-chosen request id may be: printable ASCII without spaces, at most
/// ``maxLength`` bytes. Empty means "let the server make one".
public enum RequestIDRules {
    public static let maxLength = 128

    public static func isValid(_ id: String) -> Bool {
        id.utf8.count <= maxLength && id.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
