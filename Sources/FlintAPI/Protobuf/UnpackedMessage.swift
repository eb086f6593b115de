internal import CProtobufC

/// Owns one message unpacked by protobuf-c, and the budgeted allocator it was unpacked
/// with, and frees it when released.
final class UnpackedMessage {
    private let message: UnsafeMutablePointer<ProtobufCMessage>
    private let budget: UnsafeMutablePointer<flint_pb_budget>
    private let allocator: UnsafeMutablePointer<ProtobufCAllocator>

    /// Unpacks `bytes` as a `C` within the decode budget; protobuf-c's failures (truncation,
    /// wrong wire types, bad lengths) come back as NULL, thrown as `.malformed`, and a
    /// budget overrun as `.tooLarge`.
    init<C: CProtobufStruct>(_ type: C.Type, bytes: UnsafeRawBufferPointer) throws(ProtobufError) {
        guard bytes.count <= ProtobufLimits.maximumMessageSize else {
            throw ProtobufError(
                code: .tooLarge, messageType: C.protoName,
                message: "\(C.protoName): \(bytes.count) bytes exceed the limit of "
                    + "\(ProtobufLimits.maximumMessageSize)")
        }
        let budget = UnsafeMutablePointer<flint_pb_budget>.allocate(capacity: 1)
        budget.initialize(to: flint_pb_budget(budget: ProtobufLimits.decodeBudget(forEncodedBytes: bytes.count), used: 0, exceeded: false))
        let allocator = UnsafeMutablePointer<ProtobufCAllocator>.allocate(capacity: 1)
        allocator.initialize(to: flint_pb_budget_allocator(budget))
        // With no bytes protobuf-c reads nothing, so a nil base address is fine.
        let unpacked = protobuf_c_message_unpack(
            C.descriptor, allocator, bytes.count,
            bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
        guard let unpacked else {
            let exceeded = budget.pointee.exceeded
            allocator.deallocate()
            budget.deallocate()
            if exceeded {
                throw ProtobufError(
                    code: .tooLarge, messageType: C.protoName,
                    message: "\(C.protoName): decoding \(bytes.count) bytes needs more than its memory budget of "
                        + "\(ProtobufLimits.decodeBudget(forEncodedBytes: bytes.count)) bytes")
            }
            throw ProtobufError(
                code: .malformed, messageType: C.protoName,
                message: "\(C.protoName): not a valid protobuf encoding")
        }
        self.message = unpacked
        self.budget = budget
        self.allocator = allocator
    }

    deinit {
        protobuf_c_message_free_unpacked(message, allocator)
        allocator.deallocate()
        budget.deallocate()
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
