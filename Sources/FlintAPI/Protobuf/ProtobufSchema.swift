internal import CFlintProto
internal import CProtobufC

/// The `flint.v1` schema as protoc-c compiled it: services, methods and the message graph.
enum ProtobufSchema {
    /// Every service of `flint.v1` (copies: only their static tables are read).
    private static var services: [ProtobufCServiceDescriptor] {
        [
            flint__v1__inference__descriptor, flint__v1__agents__descriptor,
            flint__v1__admin__descriptor, flint__v1__health__descriptor,
        ]
    }

    /// The frame payloads, which are no method's input or output.
    private static var framePayloads: [UnsafePointer<ProtobufCMessageDescriptor>] {
        [
            Flint__V1__Settings.descriptor, Flint__V1__RequestHeaders.descriptor,
            Flint__V1__ResponseHeaders.descriptor, Flint__V1__Status.descriptor,
            Flint__V1__GoAway.descriptor,
        ]
    }

    /// "/flint.v1.<Service>/<Method>" for every method, in proto order.
    static var methodPaths: [String] {
        services.flatMap { service in
            (0..<Int(service.n_methods)).map { index in
                "/\(String(cString: service.name))/\(String(cString: service.methods[index].name))"
            }
        }
    }

    /// The messages that are a method's input or output, or a frame payload.
    private static var roots: [UnsafePointer<ProtobufCMessageDescriptor>] {
        framePayloads
            + services.flatMap { service in
                (0..<Int(service.n_methods)).flatMap { index in
                    [service.methods[index].input, service.methods[index].output].compactMap { $0 }
                }
            }
    }

    /// A chain of message types that leads back to its first one (a message that contains
    /// itself), or nil. protobuf-c unpacks nested messages by recursion without a depth
    /// limit, so such a message would let a peer overflow the stack.
    static func firstCycle() -> [String]? {
        var finished: Set<UnsafeRawPointer> = []
        for root in roots {
            if let cycle = cycle(from: root, stack: [], finished: &finished) {
                return cycle.map { String(cString: $0.pointee.name) }
            }
        }
        return nil
    }

    private static func cycle(
        from message: UnsafePointer<ProtobufCMessageDescriptor>,
        stack: [UnsafePointer<ProtobufCMessageDescriptor>],
        finished: inout Set<UnsafeRawPointer>
    ) -> [UnsafePointer<ProtobufCMessageDescriptor>]? {
        if let start = stack.firstIndex(of: message) { return stack[start...] + [message] }
        guard !finished.contains(UnsafeRawPointer(message)) else { return nil }
        for child in nestedMessages(of: message) {
            if let found = cycle(from: child, stack: stack + [message], finished: &finished) {
                return found
            }
        }
        finished.insert(UnsafeRawPointer(message))
        return nil
    }

    private static func nestedMessages(
        of message: UnsafePointer<ProtobufCMessageDescriptor>
    ) -> [UnsafePointer<ProtobufCMessageDescriptor>] {
        let fields = UnsafeBufferPointer(
            start: message.pointee.fields, count: Int(message.pointee.n_fields))
        return fields.compactMap { field in
            guard field.type == PROTOBUF_C_TYPE_MESSAGE else { return nil }
            return field.descriptor?.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
        }
    }
}
