/// The JSON Schema instance types.
enum SchemaType: String, CaseIterable, Sendable {
    case null, boolean, integer, number, string, array, object

    /// Whether `value` is of this type; `integer` means a number that is a mathematical integer.
    func matches(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.number, .number), (.string, .string), (.array, .array), (.object, .object):
            true
        case (.integer, .number(let number)):
            number.isInteger
        default:
            false
        }
    }
}

/// What `additionalProperties` allows.
enum AdditionalProperties: Sendable {
    case allowed
    case forbidden
    case schema(Int)
}

/// One compiled subschema. Subschemas refer to each other by index into ``JSONSchema``'s node table.
struct SchemaNode: Sendable {
    /// The schema's JSON pointer, for messages.
    var path: String
    /// `true` for the `false` schema, which nothing satisfies.
    var rejectsAll = false
    var types: [SchemaType]?
    var properties: [(name: String, node: Int)] = []
    var required: [String] = []
    var additionalProperties = AdditionalProperties.allowed
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    var items: Int?
    var minItems: Int?
    var maxItems: Int?
    var minimum: JSONNumber?
    var maximum: JSONNumber?
    var exclusiveMinimum: JSONNumber?
    var exclusiveMaximum: JSONNumber?
    var minLength: Int?
    var maxLength: Int?
    /// The pattern's source; compiled with `Regex` on use (Swift's `Regex` is not `Sendable`).
    var pattern: String?
    var allOf: [Int] = []
    var anyOf: [Int] = []
    var oneOf: [Int] = []
    /// The `$ref` target node, once resolved.
    var ref: Int?
    /// The `$ref` text, kept for resolution and messages.
    var refText: String?

    init(path: String) {
        self.path = path
    }

    /// Subschemas applied to the same instance (no input consumed): where a `$ref` cycle would loop forever.
    var inPlaceChildren: [Int] {
        allOf + anyOf + oneOf + (ref.map { [$0] } ?? [])
    }
}
