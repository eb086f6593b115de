import CProtobufC

/// Owns one message unpacked by protobuf-c and frees it when released.
final class UnpackedMessage {
    private let message: UnsafeMutablePointer<ProtobufCMessage>

    /// Unpacks `bytes` as a `C`; protobuf-c's failures (truncation, wrong wire types, bad
    /// lengths, allocation) all come back as NULL, thrown as `.malformed`.
    init<C: CProtobufStruct>(_ type: C.Type, bytes: UnsafeRawBufferPointer) throws(ProtobufError) {
        guard bytes.count <= ProtobufLimits.maximumMessageSize else {
            throw ProtobufError(
                code: .tooLarge, messageType: C.protoName,
                message: "\(C.protoName): \(bytes.count) bytes exceed the limit of "
                    + "\(ProtobufLimits.maximumMessageSize)")
        }
        // With no bytes protobuf-c reads nothing, so a nil base address is fine.
        let unpacked = protobuf_c_message_unpack(
            C.descriptor, nil, bytes.count,
            bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
        guard let unpacked else {
            throw ProtobufError(
                code: .malformed, messageType: C.protoName,
                message: "\(C.protoName): not a valid protobuf encoding")
        }
        self.message = unpacked
    }

    deinit {
        protobuf_c_message_free_unpacked(message, nil)
    }

    /// Calls `body` with a copy of the unpacked struct; the pointers in it stay valid
    /// only during the call.
    func read<C: CProtobufStruct, R>(
        _ type: C.Type, _ body: (C) throws(ProtobufError) -> R
    ) throws(ProtobufError) -> R {
        precondition(message.pointee.descriptor == C.descriptor, "unpacked as another type")
        return try withExtendedLifetime(self) { () throws(ProtobufError) -> R in
            try body(UnsafePointer<C>(OpaquePointer(message)).pointee)
        }
    }
}
