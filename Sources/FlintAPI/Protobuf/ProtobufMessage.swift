/// A Swift value that travels as one protobuf message of the `flint.v1` package.
///
/// Decoding validates every string field as UTF-8 and ignores fields it does not know;
/// encoding is deterministic (fields in number order, map entries sorted by key). String
/// fields cannot carry U+0000: protobuf-c keeps them NUL-terminated, so a string is cut at
/// its first NUL on both encode and decode.
public protocol ProtobufMessage: Sendable, Equatable {
    /// Decodes one message from `bytes`, its complete protobuf encoding.
    init(protobufBytes bytes: UnsafeRawBufferPointer) throws(ProtobufError)

    /// Decodes one message from `bytes`, its complete protobuf encoding.
    init(protobufBytes bytes: [UInt8]) throws(ProtobufError)

    /// The protobuf encoding of this value.
    func protobufBytes() -> [UInt8]
}

extension ProtobufMessage {
    public init(protobufBytes bytes: [UInt8]) throws(ProtobufError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(ProtobufError) in try Self(protobufBytes: raw) }
        }
        self = try result.get()
    }
}

/// Bounds on what the protobuf layer accepts.
public enum ProtobufLimits {
    /// Largest encoding a decoder reads, in bytes; larger input throws `.tooLarge`
    /// without being parsed. Frames are bounded far lower by the connection's settings.
    public static let maximumMessageSize = 64 << 20
    /// Most memory the decoded form of a message may take, in bytes, for an encoding of
    /// `encodedBytes`: 8 times the encoding plus 64 KiB, at most 128 MiB. Decoding that
    /// needs more (many tiny submessages, say) throws `.tooLarge` and frees what it took.
    public static func decodeBudget(forEncodedBytes encodedBytes: Int) -> Int {
        min(8 * encodedBytes + (64 << 10), 128 << 20)
    }
}
