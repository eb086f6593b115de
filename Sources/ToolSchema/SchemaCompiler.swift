/// Turns a schema document into a table of ``SchemaNode``s, refusing anything it would not enforce.
struct SchemaCompiler {
    let limits: JSONSchema.Limits
    private(set) var nodes: [SchemaNode] = []
    /// Every compiled subschema by its JSON pointer, for `$ref` resolution.
    private var nodeAtPointer: [String: Int] = [:]

    init(limits: JSONSchema.Limits) {
        self.limits = limits
    }

    /// Compiles the whole document: the root (index 0), every subschema, then resolves `$ref`s and refuses cycles.
    mutating func compileDocument(_ root: JSONValue) throws(SchemaError) {
        _ = try compile(root, path: "", depth: 1)
        try resolveReferences()
        try refuseInPlaceCycles()
        if limits.requireObjectRoot {
            guard nodes[0].types == [.object], !nodes[0].rejectsAll else {
                throw SchemaError(path: "", message: "the root schema must declare \"type\": \"object\"")
            }
        }
    }

    /// Compiles one subschema (an object or a Boolean) and returns its node index.
    mutating func compile(_ value: JSONValue, path: String, depth: Int) throws(SchemaError) -> Int {
        guard depth <= limits.maxDepth else {
            throw SchemaError(path: path, message: "schema nesting is deeper than the limit of \(limits.maxDepth)")
        }
        guard nodes.count < limits.maxSubschemas else {
            throw SchemaError(path: path, message: "schema has more than the limit of \(limits.maxSubschemas) subschemas")
        }
        let index = nodes.count
        nodes.append(SchemaNode(path: path))
        nodeAtPointer[path] = index
        var node = SchemaNode(path: path)
        switch value {
        case .bool(let allows):
            node.rejectsAll = !allows
        case .object(let object):
            for member in object.members {
                try apply(keyword: member.key, member.value, path: JSONPointer.appending(path, member.key), depth: depth, to: &node)
            }
        default:
            throw SchemaError(path: path, message: "a schema must be an object or a Boolean, not \(value.typeName)")
        }
        nodes[index] = node
        return index
    }

    /// Compiles each element of an array of schemas (`anyOf`, `oneOf`, `allOf`).
    mutating func compileList(_ value: JSONValue, path: String, depth: Int) throws(SchemaError) -> [Int] {
        guard let elements = value.arrayValue, !elements.isEmpty else {
            throw SchemaError(path: path, message: "must be a non-empty array of schemas")
        }
        var indices: [Int] = []
        for (offset, element) in elements.enumerated() {
            indices.append(try compile(element, path: JSONPointer.appending(path, offset), depth: depth + 1))
        }
        return indices
    }

    /// Compiles each member of an object of schemas (`properties`, `$defs`, `definitions`).
    mutating func compileMap(_ value: JSONValue, path: String, depth: Int) throws(SchemaError) -> [(name: String, node: Int)] {
        guard let object = value.objectValue else {
            throw SchemaError(path: path, message: "must be an object whose members are schemas")
        }
        var compiled: [(name: String, node: Int)] = []
        for member in object.members {
            compiled.append((member.key, try compile(member.value, path: JSONPointer.appending(path, member.key), depth: depth + 1)))
        }
        return compiled
    }

    /// Points every `$ref` at its node. Only references within the document (`#` or `#/...`) are accepted.
    private mutating func resolveReferences() throws(SchemaError) {
        for index in nodes.indices {
            guard let text = nodes[index].refText else { continue }
            let path = JSONPointer.appending(nodes[index].path, "$ref")
            guard text.hasPrefix("#") else {
                throw SchemaError(path: path, message: "only references within this schema (\"#/$defs/Name\") are supported, not \"\(text)\"")
            }
            guard let target = nodeAtPointer[String(text.dropFirst())] else {
                throw SchemaError(path: path, message: "reference \"\(text)\" does not name a subschema of this schema")
            }
            nodes[index].ref = target
        }
    }

    /// Refuses `$ref` loops through `$ref`/`allOf`/`anyOf`/`oneOf` only, which would validate forever without consuming input.
    private func refuseInPlaceCycles() throws(SchemaError) {
        var state = [UInt8](repeating: 0, count: nodes.count)  // 0 new, 1 on the path, 2 done
        for start in nodes.indices where state[start] == 0 {
            try visit(start, state: &state)
        }
    }

    private func visit(_ index: Int, state: inout [UInt8]) throws(SchemaError) {
        state[index] = 1
        for child in nodes[index].inPlaceChildren {
            if state[child] == 1 {
                throw SchemaError(
                    path: nodes[index].ref == child ? JSONPointer.appending(nodes[index].path, "$ref") : nodes[index].path,
                    message: "reference cycle that never consumes input (through \"\(nodes[child].path)\")"
                )
            }
            if state[child] == 0 { try visit(child, state: &state) }
        }
        state[index] = 2
    }
}
