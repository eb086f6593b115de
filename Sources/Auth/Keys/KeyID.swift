/// The public part of an API key: the `<id>` in `flint_<id>_<secret><checksum>`.
///
/// Twelve base62 characters from the system's CSPRNG. Not a secret: it names the key in
/// the admin API, audit log and logs, and finds its record in one lookup.
public struct KeyID: Hashable, Comparable, Sendable {
    /// The number of characters in an id.
    public static let length = 12

    /// The id's text.
    public let rawValue: String

    /// The id in `text`, or `nil` unless it is exactly ``length`` base62 characters.
    public init?(_ text: String) {
        guard text.utf8.count == Self.length, text.utf8.allSatisfy(Base62.isDigit) else { return nil }
        self.rawValue = text
    }

    /// A new random id.
    static func random(using generator: inout some RandomNumberGenerator) -> KeyID {
        KeyID(unchecked: Base62.random(count: Self.length, using: &generator))
    }

    private init(unchecked text: String) {
        self.rawValue = text
    }

    public static func < (lhs: KeyID, rhs: KeyID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

extension KeyID: CustomStringConvertible {
    public var description: String { self.rawValue }
}
