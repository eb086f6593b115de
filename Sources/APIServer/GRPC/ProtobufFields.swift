/// The few protobuf wire-format pieces the gRPC layer writes and reads by hand: the
/// google.rpc.Status trailer and the gRPC health and reflection messages, none of which
/// are Flint's own protos.
struct ProtobufFieldWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ field: UInt32, _ value: UInt64) {
        tag(field, wireType: 0)
        writeVarint(value)
    }

    /// A length-delimited field: a string, bytes or an embedded message.
    mutating func bytes(_ field: UInt32, _ value: some Collection<UInt8>) {
        tag(field, wireType: 2)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ field: UInt32, _ value: String) {
        bytes(field, Array(value.utf8))
    }

    /// An embedded message, written by `body`.
    mutating func message(_ field: UInt32, _ body: (inout ProtobufFieldWriter) -> Void) {
        var inner = ProtobufFieldWriter()
        body(&inner)
        bytes(field, inner.bytes)
    }

    private mutating func tag(_ field: UInt32, wireType: UInt32) {
        writeVarint(UInt64(field << 3 | wireType))
    }

    private mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}

/// Reads the fields of one protobuf message: varints and length-delimited fields; fixed
/// 32- and 64-bit fields are skipped. Any malformation throws.
struct ProtobufFieldReader {
    enum Value {
        case varint(UInt64)
        case bytes(ArraySlice<UInt8>)
        case fixed
    }

    struct Malformed: Error {}

    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.offset = bytes.startIndex
    }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(Malformed) -> (field: UInt32, value: Value)? {
        guard offset < bytes.endIndex else { return nil }
        let key = try readVarint()
        guard key >> 3 > 0, key >> 3 <= UInt64(UInt32.max >> 3) else { throw Malformed() }
        let field = UInt32(key >> 3)
        switch key & 7 {
        case 0:
            return (field, .varint(try readVarint()))
        case 1:
            try skip(8)
            return (field, .fixed)
        case 2:
            let length = try readVarint()
            guard length <= UInt64(bytes.endIndex - offset) else { throw Malformed() }
            let start = offset
            offset += Int(length)
            return (field, .bytes(bytes[start..<offset]))
        case 5:
            try skip(4)
            return (field, .fixed)
        default:
            throw Malformed()
        }
    }

    private mutating func skip(_ count: Int) throws(Malformed) {
        guard bytes.endIndex - offset >= count else { throw Malformed() }
        offset += count
    }

    private mutating func readVarint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.endIndex, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        throw Malformed()
    }
}

extension ProtobufFieldReader.Value {
    /// A string field's text; nil for another wire type or bytes that are not UTF-8.
    var string: String? {
        guard case .bytes(let bytes) = self else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
