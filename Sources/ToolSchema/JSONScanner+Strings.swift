extension JSONScanner {
    /// Parses a quoted string at `position` (which must be `"`), decoding escapes and checking
    /// ``JSONParser/Limits/maxStringBytes``.
    mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        var decoded: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendEscape(to: &decoded)
            case 0x00..<0x20:
                throw error("unescaped control character in string")
            default:
                decoded.append(byte)
                position += 1
            }
            if let maxStringBytes = limits.maxStringBytes, decoded.count > maxStringBytes {
                throw error("string is longer than the limit of \(maxStringBytes) bytes")
            }
        }
    }

    private mutating func appendEscape(to decoded: inout [UInt8]) throws(JSONParseError) {
        position += 1
        guard let byte = peek() else { throw error("unterminated string") }
        let simple: UInt8? =
            switch byte {
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            case UInt8(ascii: "/"): 0x2F
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            decoded.append(simple)
            position += 1
            return
        }
        guard byte == UInt8(ascii: "u") else { throw error("invalid escape in string") }
        let scalar = try parseUnicodeEscape()
        decoded.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    /// Parses `uXXXX` (after the backslash), and a following `\uXXXX` low surrogate when the first is a high one.
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let start = position - 1
        let first = try parseHex4()
        switch first {
        case 0xD800...0xDBFF:
            guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                throw JSONParseError(offset: start, message: "lone high surrogate in \\u escape")
            }
            position += 1
            let second = try parseHex4()
            guard (0xDC00...0xDFFF).contains(second) else {
                throw JSONParseError(offset: start, message: "high surrogate not followed by a low surrogate in \\u escape")
            }
            let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            return Unicode.Scalar(combined)!
        case 0xDC00...0xDFFF:
            throw JSONParseError(offset: start, message: "lone low surrogate in \\u escape")
        default:
            return Unicode.Scalar(first)!
        }
    }

    /// Parses `u` and four hex digits at `position`.
    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        position += 1
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = Self.hexValue(byte) else {
                throw error("invalid \\u escape: expected four hex digits")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
