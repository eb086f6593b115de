import Storage

/// The server-side HMAC key of the key store: 32 random bytes.
///
/// Generated on first start into `<data-dir>/pepper` (mode 0600) or supplied by
/// configuration. Changing it invalidates every issued key; the store detects a pepper
/// that does not match the one it was created with and refuses to open. Never printed.
public struct Pepper: Sendable {
    /// Bytes in a pepper.
    public static let length = 32

    let bytes: [UInt8]

    /// A pepper of exactly ``length`` bytes.
    public init(bytes: [UInt8]) throws(KeyStoreError) {
        guard bytes.count == Self.length else {
            throw KeyStoreError(code: .configuration, message: "a pepper must be \(Self.length) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// A pepper written as \(2 * length) hexadecimal digits (for configuration files and
    /// environment variables).
    public init(hexEncoded text: String) throws(KeyStoreError) {
        let digits = Array(text.utf8)
        guard digits.count == 2 * Self.length else {
            throw KeyStoreError(code: .configuration, message: "a hex pepper must be \(2 * Self.length) digits")
        }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.hexValue(digits[index]), let low = Self.hexValue(digits[index + 1]) else {
                throw KeyStoreError(code: .configuration, message: "a hex pepper must hold only hexadecimal digits")
            }
            bytes.append(high << 4 | low)
        }
        try self.init(bytes: bytes)
    }

    /// A new pepper from the system CSPRNG.
    public static func random() -> Pepper {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<Self.length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return try! Pepper(bytes: bytes)  // exactly `length` bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Pepper: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "Pepper(<redacted>)" }
    public var debugDescription: String { self.description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension Pepper {
    /// The pepper in the file at `path`, created with a new random pepper if missing.
    static func loadOrCreate(at path: String) throws(KeyStoreError) -> Pepper {
        if let bytes = try KeyStoreError.rethrowing({ () throws(OwnerOnlyFileError) in try OwnerOnlyFile.contents(of: path, limit: Self.length) }) {
            guard bytes.count == Self.length else {
                throw KeyStoreError(
                    code: .configuration,
                    message: "\(path) holds \(bytes.count) bytes; a pepper is \(Self.length)"
                )
            }
            return try Pepper(bytes: bytes)
        }
        let pepper = Pepper.random()
        try KeyStoreError.rethrowing { () throws(OwnerOnlyFileError) in try OwnerOnlyFile.replace(path, with: pepper.bytes) }
        return pepper
    }
}
