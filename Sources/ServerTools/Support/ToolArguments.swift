import ToolSchema

/// Reads a tool's arguments from a JSON object, failing with a model-readable message.
///
/// Uses only `JSONValue`'s cases and `JSONObject`'s subscript, so it works with any arguments value.
struct ToolArguments: Sendable {
    private let object: JSONObject

    /// Wraps the arguments, which must be a JSON object.
    init(_ arguments: JSONValue) throws(ServerToolFailure) {
        guard case .object(let object) = arguments else {
            throw ServerToolFailure("the arguments must be a JSON object")
        }
        self.object = object
    }

    /// The string member `key`, or nil when it is absent or null.
    func optionalString(_ key: String, maxLength: Int) throws(ServerToolFailure) -> String? {
        switch object[key] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            guard text.utf8.count <= maxLength * 4, text.count <= maxLength else {
                throw ServerToolFailure("\"\(key)\" is longer than \(maxLength) characters")
            }
            return text
        case .some:
            throw ServerToolFailure("\"\(key)\" must be a string")
        }
    }

    /// The string member `key`, which must be present.
    func requiredString(_ key: String, maxLength: Int) throws(ServerToolFailure) -> String {
        guard let text = try optionalString(key, maxLength: maxLength) else {
            throw ServerToolFailure("missing required string \"\(key)\"")
        }
        return text
    }
}
