/// A Swift value bridged to one protoc-c message struct. Conforming supplies the two
/// field-by-field translations; decoding and encoding come from here.
protocol ProtobufBridged: ProtobufMessage {
    associatedtype CMessage: CProtobufStruct

    /// Reads the fields of `message`, an unpacked message kept alive by the caller.
    init(reading message: CMessage, with reader: ProtobufReader) throws(ProtobufError)

    /// Writes the fields into `message`, which starts as `CMessage.initial`; every pointer
    /// stored comes from `arena`.
    func write(to message: inout CMessage, in arena: PackArena)
}

extension ProtobufBridged {
    public init(protobufBytes bytes: UnsafeRawBufferPointer) throws(ProtobufError) {
        let unpacked = try UnpackedMessage(CMessage.self, bytes: bytes)
        self = try unpacked.read(CMessage.self) { (message) throws(ProtobufError) in
            try Self(reading: message, with: ProtobufReader(CMessage.self))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = PackArena()
        return arena.pack(arena.message(self))
    }
}
