import FlintTestSupport

/// Random values for the wire tests, from the shared seeded generator.
extension SeededGenerator {
    mutating func bytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &self) }
    }

    /// A string of up to `maxLength` scalars from every UTF-8 length class. Never U+0000,
    /// which protobuf-c cannot carry in a string.
    mutating func unicodeString(maxLength: Int = 24) -> String {
        let ranges: [ClosedRange<UInt32>] = [
            0x01...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x1_0000...0x10_FFFF,
        ]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxLength, using: &self) {
            let range = ranges.randomElement(using: &self)!
            scalars.append(Unicode.Scalar(UInt32.random(in: range, using: &self))!)
        }
        return String(scalars)
    }

    mutating func stringMap(maxCount: Int = 6) -> [String: String] {
        var map: [String: String] = [:]
        for _ in 0..<Int.random(in: 0...maxCount, using: &self) {
            map[unicodeString(maxLength: 8)] = unicodeString()
        }
        return map
    }

    mutating func uint32() -> UInt32 { UInt32.random(in: .min ... .max, using: &self) }
    mutating func uint64() -> UInt64 { UInt64.random(in: .min ... .max, using: &self) }
    mutating func bool() -> Bool { Bool.random(using: &self) }
}
