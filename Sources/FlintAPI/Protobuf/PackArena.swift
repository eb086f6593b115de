internal import CProtobufC

/// Owns every C string, array and struct built to pack one message, and frees them all
/// when released. Used for a single `protobufBytes()` call.
final class PackArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit {
        for allocation in allocations {
            allocation.deallocate()
        }
    }

    /// Room for `count` values; C structs and scalars need no deinitialization.
    private func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        allocations.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    /// Packs `message`, a struct this arena built.
    func pack<C: CProtobufStruct>(_ message: UnsafeMutablePointer<C>) -> [UInt8] {
        let base = UnsafePointer<ProtobufCMessage>(OpaquePointer(message))
        let size = protobuf_c_message_get_packed_size(base)
        guard size > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = protobuf_c_message_pack(base, buffer.baseAddress!)
            precondition(count == size, "protobuf-c packed \(count) of \(size) bytes")
        }
    }

    /// A NUL-terminated copy of `string` (cut at a NUL it contains, as C reads it).
    func string(_ string: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = string.utf8
        let pointer = allocate(CChar.self, count: utf8.count + 1)
        let buffer = UnsafeMutableBufferPointer(start: pointer, count: utf8.count + 1)
        buffer.withMemoryRebound(to: UInt8.self) { bytes in
            _ = bytes.initialize(fromContentsOf: utf8)
            bytes[utf8.count] = 0
        }
        return pointer
    }

    func strings(_ strings: [String]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    {
        array(strings.map { Optional(string($0)) })
    }

    func bytes(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        let pointer = allocate(UInt8.self, count: bytes.count)
        pointer.initialize(from: bytes, count: bytes.count)
        return ProtobufCBinaryData(len: bytes.count, data: pointer)
    }

    /// A copy of `values` as a C array, for repeated scalar and enum fields.
    func array<T>(_ values: [T]) -> (Int, UnsafeMutablePointer<T>?) {
        guard !values.isEmpty else { return (0, nil) }
        let pointer = allocate(T.self, count: values.count)
        pointer.initialize(from: values, count: values.count)
        return (values.count, pointer)
    }

    /// The C struct of `value`, for a message field.
    func message<M: ProtobufBridged>(_ value: M) -> UnsafeMutablePointer<M.CMessage> {
        let pointer = allocate(M.CMessage.self, count: 1)
        pointer.initialize(to: M.CMessage.initial)
        value.write(to: &pointer.pointee, in: self)
        return pointer
    }

    /// The C structs of `values`, for a repeated message field.
    func messages<M: ProtobufBridged>(
        _ values: [M]
    ) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<M.CMessage>?>?) {
        array(values.map { Optional(message($0)) })
    }

    /// The entries of a `map<string, string>` field, sorted by key so that equal values
    /// encode to equal bytes.
    func map<E: CStringMapEntry>(
        _ map: [String: String], as entry: E.Type
    ) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<E>?>?) {
        let entries = map.sorted { $0.key < $1.key }.map { key, value in
            let pointer = allocate(E.self, count: 1)
            pointer.initialize(to: E.initial)
            pointer.pointee.key = string(key)
            pointer.pointee.value = string(value)
            return Optional(pointer)
        }
        return array(entries)
    }
}
