/// Reads fixed-size fields from a file's bytes, front to back, refusing to read past its
/// end. It never copies: every read is of the caller's array.
struct ByteCursor {
    let bytes: [UInt8]
    private(set) var offset: Int
    /// What the file is in (for the truncation message).
    var context: String

    init(_ bytes: [UInt8], offset: Int = 0, context: String) {
        self.bytes = bytes
        self.offset = offset
        self.context = context
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    private mutating func take(_ count: Int) throws(ImageRefusal) -> Int {
        guard count >= 0, count <= remaining else { throw .truncated(context) }
        defer { offset += count }
        return offset
    }

    mutating func skip(_ count: Int) throws(ImageRefusal) {
        _ = try take(count)
    }

    /// The range of the next `count` bytes, then moves past them.
    mutating func range(_ count: Int) throws(ImageRefusal) -> Range<Int> {
        let start = try take(count)
        return start..<(start + count)
    }

    mutating func u8() throws(ImageRefusal) -> Int {
        Int(bytes[try take(1)])
    }

    mutating func u16be() throws(ImageRefusal) -> Int {
        let at = try take(2)
        return Int(bytes[at]) << 8 | Int(bytes[at + 1])
    }

    mutating func u32be() throws(ImageRefusal) -> Int {
        let at = try take(4)
        return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }

    mutating func u16le() throws(ImageRefusal) -> Int {
        let at = try take(2)
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8
    }

    mutating func u24le() throws(ImageRefusal) -> Int {
        let at = try take(3)
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16
    }

    mutating func u32le() throws(ImageRefusal) -> Int {
        let at = try take(4)
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }

    /// The next 4 bytes as ASCII text (a chunk type or FourCC).
    mutating func fourCC() throws(ImageRefusal) -> String {
        let range = try range(4)
        return String(decoding: bytes[range], as: Unicode.ASCII.self)
    }
}
