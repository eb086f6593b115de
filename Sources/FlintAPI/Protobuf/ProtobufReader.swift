internal import CProtobufC

/// Reads the fields of one unpacked protoc-c struct into Swift values, checking what
/// protobuf-c does not (UTF-8) and naming the field in every error.
///
/// Field names are the proto names, so paths read like `FieldViolation.field`:
/// "details[1].error_info.reason".
struct ProtobufReader {
    /// The message being read.
    private let message: UnsafePointer<ProtobufCMessageDescriptor>
    /// The outermost message decoded.
    private let root: UnsafePointer<ProtobufCMessageDescriptor>
    /// Path from the outermost message to this one; empty at the top.
    private let path: String

    /// A reader for the outermost message.
    init<C: CProtobufStruct>(_ type: C.Type) {
        self.message = C.descriptor
        self.root = C.descriptor
        self.path = ""
    }

    private init(
        message: UnsafePointer<ProtobufCMessageDescriptor>,
        root: UnsafePointer<ProtobufCMessageDescriptor>, path: String
    ) {
        self.message = message
        self.root = root
        self.path = path
    }

    private func fieldPath(_ field: String) -> String {
        path.isEmpty ? field : "\(path).\(field)"
    }

    /// A reader for the message in `field` of this one.
    private func nested<C: CProtobufStruct>(_ type: C.Type, at field: String) -> ProtobufReader {
        ProtobufReader(message: C.descriptor, root: root, path: fieldPath(field))
    }

    /// An error about `field` of this message.
    func error(_ code: ProtobufError.Code, field: String, _ problem: String) -> ProtobufError {
        let messageType = String(cString: message.pointee.name)
        let path = fieldPath(field)
        let location = path == field ? "" : " (\(messageType).\(field))"
        return ProtobufError(
            code: code, messageType: messageType, fieldPath: path,
            message: "\(String(cString: root.pointee.name)): \(path)\(location) \(problem)")
    }

    /// A string field; protobuf-c leaves absent ones pointing at "" (or NULL).
    func string(_ pointer: UnsafePointer<CChar>?, _ field: String) throws(ProtobufError) -> String {
        guard let pointer else { return "" }
        guard let string = String(validatingCString: pointer) else {
            throw error(.invalidUTF8, field: field, "is not valid UTF-8")
        }
        return string
    }

    /// A repeated string field.
    func strings(
        _ count: Int, _ items: UnsafePointer<UnsafeMutablePointer<CChar>?>?, _ field: String
    ) throws(ProtobufError) -> [String] {
        var strings: [String] = []
        strings.reserveCapacity(count)
        for index in 0..<count {
            strings.append(try string(items?[index], "\(field)[\(index)]"))
        }
        return strings
    }

    /// A bytes field.
    func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard let base = data.data, data.len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: data.len))
    }

    /// A message field; nil when absent.
    func message<M: ProtobufBridged>(
        _ pointer: UnsafePointer<M.CMessage>?, _ field: String, as type: M.Type = M.self
    ) throws(ProtobufError) -> M? {
        guard let pointer else { return nil }
        return try M(reading: pointer.pointee, with: nested(M.CMessage.self, at: field))
    }

    /// The message of a oneof case that protobuf-c says is set.
    func oneofMessage<M: ProtobufBridged>(
        _ pointer: UnsafePointer<M.CMessage>?, _ field: String, as type: M.Type = M.self
    ) throws(ProtobufError) -> M {
        guard let value = try message(pointer, field, as: M.self) else {
            throw error(.malformed, field: field, "is the set case of its oneof but absent")
        }
        return value
    }

    /// A repeated message field. Items for which `include` is false are skipped (details
    /// of unknown kinds, say); paths keep the wire index.
    func messages<M: ProtobufBridged>(
        _ count: Int, _ items: UnsafePointer<UnsafeMutablePointer<M.CMessage>?>?,
        _ field: String, as type: M.Type = M.self,
        where include: (M.CMessage) -> Bool = { _ in true }
    ) throws(ProtobufError) -> [M] {
        var values: [M] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            let itemField = "\(field)[\(index)]"
            guard let item = items?[index] else {
                throw error(.malformed, field: itemField, "is absent")
            }
            guard include(item.pointee) else { continue }
            values.append(
                try M(reading: item.pointee, with: nested(M.CMessage.self, at: itemField)))
        }
        return values
    }

    /// A `map<string, string>` field. A key seen twice keeps its last value, as the
    /// protobuf spec says.
    func map<E: CStringMapEntry>(
        _ count: Int, _ entries: UnsafePointer<UnsafeMutablePointer<E>?>?, _ field: String
    ) throws(ProtobufError) -> [String: String] {
        var map: [String: String] = [:]
        map.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = entries?[index]?.pointee else {
                throw error(.malformed, field: field, "has an absent entry")
            }
            // Keys are not named in paths: they are values, and may be anything.
            let key = try string(entry.key, "\(field).key")
            map[key] = try string(entry.value, "\(field).value")
        }
        return map
    }
}
