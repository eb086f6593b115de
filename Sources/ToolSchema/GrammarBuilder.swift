/// Collects GBNF rules, one per compiled subschema, named `<prefix>-n<index>`.
struct GrammarBuilder {
    /// Strings longer than this in `minLength`/`maxLength` are not bounded by the grammar.
    static let maxStringRepetition = 1_000
    /// Arrays longer than this in `minItems`/`maxItems` are not bounded by the grammar.
    static let maxItemRepetition = 64

    private(set) var rules: [(name: String, body: String)] = []
    private var names: Set<String> = []
    /// Numbers the helper rules of objects with optional properties.
    var nextObjectID = 0

    /// Adds a rule unless one of that name exists.
    mutating func define(_ name: String, _ body: String) {
        guard names.insert(name).inserted else { return }
        rules.append((name, body))
    }

    /// The grammar text: `root` first, then every rule used, then the shared JSON rules. One rule per line.
    func text(root: String) -> String {
        var lines = ["root ::= " + root]
        lines += rules.map { "\($0.name) ::= \($0.body)" }
        lines += GBNFJSONRules.definitions.map { "\($0.name) ::= \($0.body)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rule name for node `index` of `schema`, defining it (and what it needs) on first use. Recursion through
    /// `$ref` is fine: the name is reserved before the body is built.
    mutating func rule(for index: Int, of schema: JSONSchema, prefix: String) -> String {
        let name = "\(prefix)-n\(index)"
        guard !names.contains(name) else { return name }
        names.insert(name)
        let position = rules.count
        rules.append((name, ""))
        let body = expression(for: index, of: schema, prefix: prefix)
        rules[position].body = body
        return name
    }

    /// The GBNF expression for one node: its `enum`/`const`, else its `$ref`, `anyOf`/`oneOf`, lone `allOf`, or types.
    private mutating func expression(for index: Int, of schema: JSONSchema, prefix: String) -> String {
        let node = schema.nodes[index]
        if node.rejectsAll { return GBNFJSONRules.never }
        if let literals = literals(for: index, of: schema) {
            return literals.isEmpty ? GBNFJSONRules.never : literals.map { GBNFText.literal($0.serialized()) }.joined(separator: " | ")
        }
        if let ref = node.ref { return rule(for: ref, of: schema, prefix: prefix) }
        let choices = node.anyOf.isEmpty ? node.oneOf : node.anyOf
        if !choices.isEmpty {
            return choices.map { rule(for: $0, of: schema, prefix: prefix) }.joined(separator: " | ")
        }
        let types = node.types ?? inferredTypes(node)
        if types.isEmpty, node.allOf.count == 1 { return rule(for: node.allOf[0], of: schema, prefix: prefix) }
        if types.isEmpty { return GBNFJSONRules.value }
        return types.map { typeExpression($0, node: node, schema: schema, prefix: prefix) }.joined(separator: " | ")
    }

    /// The `enum` (or `const`) values that satisfy the whole node, or `nil` if it has neither keyword.
    private func literals(for index: Int, of schema: JSONSchema) -> [JSONValue]? {
        let node = schema.nodes[index]
        guard let candidates = node.constValue.map({ [$0] }) ?? node.enumValues else { return nil }
        return candidates.filter { candidate in
            var validator = SchemaValidator(nodes: schema.nodes, maxViolations: 1)
            return validator.accepts(candidate, node: index)
        }
    }

    private func inferredTypes(_ node: SchemaNode) -> [SchemaType] {
        if !node.properties.isEmpty || !node.required.isEmpty { return [.object] }
        if node.items != nil { return [.array] }
        return []
    }

    private mutating func typeExpression(_ type: SchemaType, node: SchemaNode, schema: JSONSchema, prefix: String) -> String {
        switch type {
        case .null: GBNFJSONRules.null
        case .boolean: GBNFJSONRules.boolean
        case .integer: GBNFJSONRules.integer
        case .number: GBNFJSONRules.number
        case .string: stringExpression(node)
        case .array: arrayExpression(node, schema: schema, prefix: prefix)
        case .object: objectExpression(node, schema: schema, prefix: prefix)
        }
    }

    private func stringExpression(_ node: SchemaNode) -> String {
        let cap = Self.maxStringRepetition
        if let pattern = node.pattern.flatMap(SimplePattern.init) {
            return #""\"" "# + pattern.gbnf(minLength: node.minLength, maxLength: node.maxLength, cap: cap) + #" "\"""#
        }
        let minimum = min(node.minLength ?? 0, cap)
        let maximum = node.maxLength.flatMap { $0 <= cap ? $0 : nil }
        switch (minimum, maximum) {
        case (0, nil): return GBNFJSONRules.string
        case (_, 0): return #""\"\"""#
        case (_, nil): return #""\"" "# + GBNFJSONRules.char + "{\(minimum),}" + #" "\"""#
        case (_, let maximum?): return #""\"" "# + GBNFJSONRules.char + "{\(minimum),\(max(minimum, maximum))}" + #" "\"""#
        }
    }

    private mutating func arrayExpression(_ node: SchemaNode, schema: JSONSchema, prefix: String) -> String {
        let item = node.items.map { rule(for: $0, of: schema, prefix: prefix) } ?? GBNFJSONRules.value
        let cap = Self.maxItemRepetition
        let minimum = min(node.minItems ?? 0, cap)
        let maximum = node.maxItems.flatMap { $0 <= cap ? max($0, minimum) : nil }
        if maximum == 0 { return #""[]""# }
        let more = maximum.map { "{\(max(0, minimum - 1)),\($0 - 1)}" } ?? "{\(max(0, minimum - 1)),}"
        let elements = item + " ( \",\" " + item + " )" + more
        return minimum == 0 ? #""[" ( "# + elements + #" )? "]""# : #""[" "# + elements + #" "]""#
    }
}
