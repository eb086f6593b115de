extension GrammarBuilder {
    /// An object: declared properties only, required ones first (in declared order, then required names not declared),
    /// then each optional one optionally; commas placed so every combination is valid JSON.
    mutating func objectExpression(_ node: SchemaNode, schema: JSONSchema, prefix: String) -> String {
        if node.properties.isEmpty, node.required.isEmpty { return freeFormObject(node, schema: schema, prefix: prefix) }
        var required: [String] = []
        var optional: [String] = []
        for property in node.properties {
            let isRequired = node.required.contains(property.name)
            if schema.nodes[property.node].rejectsAll {
                if isRequired { return GBNFJSONRules.never }
                continue
            }
            let member = memberExpression(property.name, rule(for: property.node, of: schema, prefix: prefix))
            if isRequired { required.append(member) } else { optional.append(member) }
        }
        for name in node.required where !node.properties.contains(where: { $0.name == name }) {
            required.append(memberExpression(name, undeclaredValue(node, schema: schema, prefix: prefix)))
        }
        nextObjectID += 1
        return "\"{\" " + members(required: required, optional: optional, ruleName: "\(prefix)-o\(nextObjectID)") + " \"}\""
    }

    private func memberExpression(_ name: String, _ value: String) -> String {
        GBNFText.literal(JSONValue.string(name).serialized() + ":") + " " + value
    }

    private mutating func undeclaredValue(_ node: SchemaNode, schema: JSONSchema, prefix: String) -> String {
        if case .schema(let index) = node.additionalProperties { return rule(for: index, of: schema, prefix: prefix) }
        return GBNFJSONRules.value
    }

    /// `R1 "," R2 ( "," O1 )? ...`; with no required member, a chain of rules `<ruleName>-i` keeps it linear in size.
    private mutating func members(required: [String], optional: [String], ruleName: String) -> String {
        if optional.isEmpty { return required.joined(separator: " \",\" ") }
        for (offset, member) in optional.enumerated() {
            let rest = offset + 1 < optional.count ? " \(ruleName)-\(offset + 1)" : ""
            define("\(ruleName)-\(offset)", "( \",\" \(member) )?" + rest)
        }
        if !required.isEmpty { return required.joined(separator: " \",\" ") + " \(ruleName)-0" }
        let starts = optional.enumerated().map { offset, member in
            member + (offset + 1 < optional.count ? " \(ruleName)-\(offset + 1)" : "")
        }
        return "( " + starts.joined(separator: " | ") + " )?"
    }

    /// An object with no declared properties: `{}` when nothing else is allowed, members of the `additionalProperties`
    /// schema, or any object. The grammar cannot exclude duplicate keys here; the parser refuses them.
    private mutating func freeFormObject(_ node: SchemaNode, schema: JSONSchema, prefix: String) -> String {
        switch node.additionalProperties {
        case .allowed: return GBNFJSONRules.object
        case .forbidden: return #""{}""#
        case .schema(let index):
            if schema.nodes[index].rejectsAll { return #""{}""# }
            let member = GBNFJSONRules.string + " \":\" " + rule(for: index, of: schema, prefix: prefix)
            return "\"{\" ( \(member) ( \",\" \(member) )* )? \"}\""
        }
    }
}
