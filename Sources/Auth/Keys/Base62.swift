/// The base62 alphabet of API keys: digits, then upper case, then lower case letters.
enum Base62 {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// Whether `byte` is one of the 62 characters.
    static func isDigit(_ byte: UInt8) -> Bool {
        self.value(of: byte) != nil
    }

    /// The value (0..<62) of the character `byte`, or `nil` for any other byte.
    static func value(of byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt64(byte - UInt8(ascii: "A")) + 10
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt64(byte - UInt8(ascii: "a")) + 36
        default: nil
        }
    }

    /// `count` characters drawn uniformly from the alphabet with `generator`.
    static func random(count: Int, using generator: inout some RandomNumberGenerator) -> String {
        let bytes = (0..<count).map { _ in self.alphabet[Int.random(in: 0..<62, using: &generator)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` in exactly `width` digits, most significant first, zero-padded.
    /// `value` must be below 62^`width`.
    static func encode(_ value: UInt64, width: Int) -> String {
        var digits = [UInt8](repeating: self.alphabet[0], count: width)
        var rest = value
        for index in digits.indices.reversed() {
            digits[index] = self.alphabet[Int(rest % 62)]
            rest /= 62
        }
        precondition(rest == 0, "value does not fit in \(width) base62 digits")
        return String(decoding: digits, as: UTF8.self)
    }

    /// The value of a run of digits, or `nil` if a byte is not a digit or it overflows.
    static func decode(_ digits: some Collection<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for byte in digits {
            guard let digit = self.value(of: byte) else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 62)
            guard !overflow else { return nil }
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            guard !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
