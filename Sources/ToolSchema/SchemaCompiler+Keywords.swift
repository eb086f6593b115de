extension SchemaCompiler {
    /// Applies one keyword to `node`, or refuses it.
    mutating func apply(keyword: String, _ value: JSONValue, path: String, depth: Int, to node: inout SchemaNode) throws(SchemaError) {
        switch keyword {
        case "type": node.types = try Self.types(value, path: path)
        case "properties": node.properties = try compileMap(value, path: path, depth: depth)
        case "required": node.required = try Self.uniqueStrings(value, path: path)
        case "additionalProperties": node.additionalProperties = try additionalProperties(value, path: path, depth: depth)
        case "enum":
            guard let values = value.arrayValue, !values.isEmpty else { throw SchemaError(path: path, message: "must be a non-empty array") }
            node.enumValues = values
        case "const": node.constValue = value
        case "items":
            guard value.arrayValue == nil else { throw SchemaError(path: path, message: "must be one schema (the array form is not supported)") }
            node.items = try compile(value, path: path, depth: depth + 1)
        case "allOf": node.allOf = try compileList(value, path: path, depth: depth)
        case "anyOf": node.anyOf = try compileList(value, path: path, depth: depth)
        case "oneOf": node.oneOf = try compileList(value, path: path, depth: depth)
        case "$defs", "definitions": _ = try compileMap(value, path: path, depth: depth)
        case "$ref":
            guard let text = value.stringValue else { throw SchemaError(path: path, message: "must be a string") }
            node.refText = text
        case "pattern": node.pattern = try Self.pattern(value, path: path)
        default: try applyBound(keyword: keyword, value, path: path, to: &node)
        }
    }

    /// The numeric and length keywords, the annotations, and the refusal of everything else.
    private func applyBound(keyword: String, _ value: JSONValue, path: String, to node: inout SchemaNode) throws(SchemaError) {
        switch keyword {
        case "minItems": node.minItems = try Self.count(value, path: path)
        case "maxItems": node.maxItems = try Self.count(value, path: path)
        case "minLength": node.minLength = try Self.count(value, path: path)
        case "maxLength": node.maxLength = try Self.count(value, path: path)
        case "minimum": node.minimum = try Self.number(value, path: path)
        case "maximum": node.maximum = try Self.number(value, path: path)
        case "exclusiveMinimum": node.exclusiveMinimum = try Self.number(value, path: path)
        case "exclusiveMaximum": node.exclusiveMaximum = try Self.number(value, path: path)
        case "description", "title", "$schema", "$id":
            guard value.stringValue != nil else { throw SchemaError(path: path, message: "must be a string") }
        case "examples":
            guard value.arrayValue != nil else { throw SchemaError(path: path, message: "must be an array") }
        case "default":
            break
        default:
            throw SchemaError(path: path, message: "unsupported schema keyword \"\(keyword)\"; it would not be enforced, so the schema is refused")
        }
    }

    private mutating func additionalProperties(_ value: JSONValue, path: String, depth: Int) throws(SchemaError) -> AdditionalProperties {
        switch value {
        case .bool(let allowed): return allowed ? .allowed : .forbidden
        case .object: return .schema(try compile(value, path: path, depth: depth + 1))
        default: throw SchemaError(path: path, message: "must be a Boolean or a schema")
        }
    }

    private static func types(_ value: JSONValue, path: String) throws(SchemaError) -> [SchemaType] {
        let names: [JSONValue]
        switch value {
        case .string: names = [value]
        case .array(let elements) where !elements.isEmpty: names = elements
        default: throw SchemaError(path: path, message: "must be a type name or a non-empty array of type names")
        }
        var types: [SchemaType] = []
        for (offset, name) in names.enumerated() {
            let elementPath = value.arrayValue == nil ? path : JSONPointer.appending(path, offset)
            guard let type = name.stringValue.flatMap(SchemaType.init(rawValue:)) else {
                let known = SchemaType.allCases.map(\.rawValue).joined(separator: ", ")
                throw SchemaError(path: elementPath, message: "unknown type \(name.serialized()); expected one of \(known)")
            }
            guard !types.contains(type) else { throw SchemaError(path: elementPath, message: "type \"\(type.rawValue)\" is listed twice") }
            types.append(type)
        }
        return types
    }

    private static func uniqueStrings(_ value: JSONValue, path: String) throws(SchemaError) -> [String] {
        guard let elements = value.arrayValue else { throw SchemaError(path: path, message: "must be an array of strings") }
        var strings: [String] = []
        for (offset, element) in elements.enumerated() {
            guard let string = element.stringValue else {
                throw SchemaError(path: JSONPointer.appending(path, offset), message: "must be a string")
            }
            guard !strings.contains(string) else {
                throw SchemaError(path: JSONPointer.appending(path, offset), message: "\"\(string)\" is listed twice")
            }
            strings.append(string)
        }
        return strings
    }

    private static func count(_ value: JSONValue, path: String) throws(SchemaError) -> Int {
        guard let number = value.numberValue, number.isInteger, number.compare(to: JSONNumber(0)) >= 0 else {
            throw SchemaError(path: path, message: "must be a non-negative integer")
        }
        return number.intValue ?? Int.max
    }

    private static func number(_ value: JSONValue, path: String) throws(SchemaError) -> JSONNumber {
        guard let number = value.numberValue else { throw SchemaError(path: path, message: "must be a number") }
        return number
    }

    private static func pattern(_ value: JSONValue, path: String) throws(SchemaError) -> String {
        guard let source = value.stringValue else { throw SchemaError(path: path, message: "must be a string") }
        do {
            _ = try Regex(source)
        } catch {
            throw SchemaError(path: path, message: "pattern \(value.serialized()) does not compile: \(error)")
        }
        return source
    }
}
