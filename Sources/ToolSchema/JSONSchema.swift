/// A compiled tool schema: the subset of JSON Schema (2020-12 spelling) that tool definitions use.
///
/// Supported keywords (enforced by ``validate(_:)``):
/// - `type` (a name or an array of names: `null`, `boolean`, `integer`, `number`, `string`, `array`, `object`;
///   `integer` means a mathematical integer, so `3.0` is an integer)
/// - `properties`, `required`, `additionalProperties` (Boolean or schema)
/// - `enum`, `const` (JSON equality: numbers by value, objects regardless of member order)
/// - `items` (one schema), `minItems`, `maxItems`
/// - `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (numbers; compared exactly as decimals, no `Double` rounding)
/// - `minLength`, `maxLength` (counted in Unicode scalars)
/// - `pattern` (compiled with Swift's `Regex`, which accepts a superset of ECMA-262 syntax; unanchored search
///   over Unicode scalars; a pattern that does not compile is refused)
/// - `allOf`, `anyOf`, `oneOf`
/// - `$defs`, `definitions`, and `$ref` to a subschema of the same document (`#`, `#/$defs/Name`,
///   `#/definitions/Name`, or any `#/...` pointer naming a subschema; no percent-decoding); `$ref` siblings also apply
/// - Boolean schemas (`true`, `false`) anywhere a subschema is allowed
/// - annotations, accepted and ignored: `description`, `title` (strings), `default`, `examples` (array), `$schema`, `$id` (strings)
///
/// Refused at compile time, with the keyword's path: every other keyword — e.g. `format`, `multipleOf`,
/// `patternProperties`, `propertyNames`, `uniqueItems`, `contains`, `prefixItems`, `not`, `if`/`then`/`else`,
/// `dependentRequired`, `dependentSchemas`, `unevaluatedProperties`, `$anchor`, `$dynamicRef`, `$comment` —
/// the array form of `items`, and remote `$ref`s. The service never silently ignores a keyword it does not enforce.
///
/// Also refused: a root that does not declare `"type": "object"` (unless ``Limits/requireObjectRoot`` is off),
/// `$ref` cycles that never consume input (`{"$ref": "#"}` at the root, or defs that only refer to each other),
/// text over 64 KiB, nesting over 32 subschemas deep, and more than 2,000 subschemas (see ``Limits``).
///
/// What the tool-call grammar (``ToolGrammar``) encodes, so the model cannot get it wrong: `type`, `enum`, `const`,
/// `properties` and `required` (declared properties only, required ones first, in declared order), `items`,
/// `minItems`/`maxItems` (up to 64 elements; larger bounds become unbounded), `minLength`/`maxLength` (up to 1,000),
/// `anyOf`/`oneOf` (as alternatives), `$ref` (as a rule reference), a lone `allOf` member, and a `pattern` that is one
/// printable-ASCII character class over the whole string (`^[...]$`, with `+`, `*`, `{m}`, `{m,}` or `{m,n}`).
/// Only validated after generation: every other `pattern`, numeric bounds, `additionalProperties` schemas for objects without `properties`,
/// `oneOf` exclusivity, `allOf` with several members, `$ref` siblings, and duplicate keys in free-form objects.
public struct JSONSchema: Sendable {
    /// Bounds on the schemas accepted.
    public struct Limits: Sendable, Hashable {
        /// The most UTF-8 bytes of schema text (for a ``JSONValue``, of its serialized form). Default 64 KiB.
        public var maxBytes: Int
        /// The deepest nesting of subschemas (the root is depth 1). Default 32.
        public var maxDepth: Int
        /// The most subschemas in the document, the root included. Default 2,000.
        public var maxSubschemas: Int
        /// Whether the root must declare `"type": "object"`, as tool parameters must. Default `true`.
        public var requireObjectRoot: Bool

        /// Limits with the given bounds.
        public init(maxBytes: Int = 64 << 10, maxDepth: Int = 32, maxSubschemas: Int = 2_000, requireObjectRoot: Bool = true) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxSubschemas = maxSubschemas
            self.requireObjectRoot = requireObjectRoot
        }
    }

    /// The schema as given.
    public let source: JSONValue
    /// The compiled subschemas; index 0 is the root.
    let nodes: [SchemaNode]

    /// Parses and compiles schema text.
    public init(compiling text: String, limits: Limits = .init()) throws(SchemaError) {
        guard text.utf8.count <= limits.maxBytes else {
            throw SchemaError(path: "", message: "schema is \(text.utf8.count) bytes, more than the limit of \(limits.maxBytes)")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(text, limits: JSONParser.Limits(maxBytes: limits.maxBytes, maxDepth: limits.maxDepth * 2 + 8))
        } catch {
            throw SchemaError(path: "", message: "schema is not valid JSON: \(error)")
        }
        try self.init(compiling: value, limits: limits)
    }

    /// Compiles a schema value.
    public init(compiling value: JSONValue, limits: Limits = .init()) throws(SchemaError) {
        let size = value.serialized().utf8.count
        guard size <= limits.maxBytes else {
            throw SchemaError(path: "", message: "schema is \(size) bytes, more than the limit of \(limits.maxBytes)")
        }
        var compiler = SchemaCompiler(limits: limits)
        try compiler.compileDocument(value)
        source = value
        nodes = compiler.nodes
    }

    /// The names in the root's `properties`, in declared order.
    public var rootPropertyNames: [String] { nodes[0].properties.map(\.name) }

    /// The root's `required` names, in declared order.
    public var rootRequiredNames: [String] { nodes[0].required }

    /// The ways `value` fails the schema; empty means valid. Stops after `maxViolations` (default 20), and after a
    /// fixed amount of work (reported as a violation), so a hostile schema and value cannot take unbounded time.
    public func validate(_ value: JSONValue, maxViolations: Int = 20) -> [SchemaViolation] {
        var validator = SchemaValidator(nodes: nodes, maxViolations: max(1, maxViolations))
        return validator.run(value)
    }

    /// Whether `value` satisfies the schema.
    public func isValid(_ value: JSONValue) -> Bool {
        validate(value, maxViolations: 1).isEmpty
    }
}
