/// An API key: `flint_<id>_<secret><checksum>`, all base62.
///
/// - `<id>`: ``KeyID/length`` characters, public, the key's name in the store.
/// - `<secret>`: ``secretLength`` characters from the system CSPRNG (160.7 bits).
/// - `<checksum>`: CRC-32 of everything before it, ``checksumLength`` base62 digits, so a
///   mistyped key is refused without touching the database.
///
/// The secret is never printed: `description`, `debugDescription` and `dump` show the id
/// only. ``plaintext`` is the one way to get the full text, for showing a new key once.
public struct APIKey: Sendable {
    /// What every key starts with.
    public static let prefix = "flint_"
    /// Characters in the secret part: 62^27 > 2^160.
    public static let secretLength = 27
    /// Base62 digits of the checksum: 62^6 > 2^32.
    public static let checksumLength = 6
    /// Characters in a whole key.
    public static let length = prefix.utf8.count + KeyID.length + 1 + secretLength + checksumLength
    /// Longer input is refused before it is looked at.
    public static let maximumInputLength = 128

    /// The public id.
    public let id: KeyID
    /// The secret characters. Internal: only the hasher and tests read it.
    let secret: String

    private init(id: KeyID, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// A new key with a random id and secret from the system CSPRNG (`getrandom`).
    public static func generate() -> APIKey {
        var generator = SystemRandomNumberGenerator()
        return self.generate(using: &generator)
    }

    static func generate(using generator: inout some RandomNumberGenerator) -> APIKey {
        APIKey(id: KeyID.random(using: &generator), secret: Base62.random(count: Self.secretLength, using: &generator))
    }

    /// The whole key as the partner uses it. Show it once, at issue; never log it.
    public var plaintext: String {
        let body = Self.prefix + self.id.rawValue + "_" + self.secret
        return body + Base62.encode(UInt64(CRC32.checksum(body.utf8)), width: Self.checksumLength)
    }

    /// The secret's bytes, the input of the stored HMAC.
    var secretBytes: [UInt8] { Array(self.secret.utf8) }
}

extension APIKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "APIKey(id: \(self.id), secret: <redacted>)" }
    public var debugDescription: String { self.description }

    public var customMirror: Mirror {
        Mirror(self, children: ["id": self.id.rawValue, "secret": "<redacted>"], displayStyle: .struct)
    }
}

extension APIKey {
    /// Why a string is not an API key. Never holds any part of the input.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public enum Reason: Hashable, Sendable {
            case empty
            case tooLong
            case notASCII
            case wrongPrefix
            case malformed
            case badChecksum
        }

        public var reason: Reason

        public var description: String {
            switch self.reason {
            case .empty: "API key is empty"
            case .tooLong: "API key is too long"
            case .notASCII: "API key has non-ASCII characters"
            case .wrongPrefix: "API key does not start with \(APIKey.prefix)"
            case .malformed: "API key is malformed"
            case .badChecksum: "API key checksum does not match"
            }
        }
    }

    /// Parses `text`, checking length, characters, shape and checksum. No I/O.
    public init(parsing text: String) throws(ParseError) {
        let utf8 = text.utf8
        guard !utf8.isEmpty else { throw ParseError(reason: .empty) }
        guard utf8.count <= Self.maximumInputLength else { throw ParseError(reason: .tooLong) }
        let bytes = Array(utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { throw ParseError(reason: .notASCII) }
        guard bytes.starts(with: Self.prefix.utf8) else { throw ParseError(reason: .wrongPrefix) }
        guard let parts = Self.split(bytes) else { throw ParseError(reason: .malformed) }
        guard Base62.decode(parts.checksum) == UInt64(CRC32.checksum(parts.body)) else {
            throw ParseError(reason: .badChecksum)
        }
        guard let id = KeyID(String(decoding: parts.id, as: UTF8.self)) else { throw ParseError(reason: .malformed) }
        self.init(id: id, secret: String(decoding: parts.secret, as: UTF8.self))
    }

    /// The parts of a key of the right shape: fixed widths, base62, one `_` separator.
    private static func split(
        _ bytes: [UInt8]
    ) -> (body: ArraySlice<UInt8>, id: ArraySlice<UInt8>, secret: ArraySlice<UInt8>, checksum: ArraySlice<UInt8>)? {
        guard bytes.count == Self.length else { return nil }
        let idStart = Self.prefix.utf8.count
        let separator = idStart + KeyID.length
        let secretStart = separator + 1
        let checksumStart = secretStart + Self.secretLength
        let id = bytes[idStart..<separator]
        let secret = bytes[secretStart..<checksumStart]
        let checksum = bytes[checksumStart...]
        guard bytes[separator] == UInt8(ascii: "_"),
            id.allSatisfy(Base62.isDigit),
            secret.allSatisfy(Base62.isDigit),
            checksum.allSatisfy(Base62.isDigit)
        else { return nil }
        return (bytes[..<checksumStart], id, secret, checksum)
    }
}
