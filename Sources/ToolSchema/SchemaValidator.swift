/// Checks a value against compiled ``SchemaNode``s, collecting at most `maxViolations` violations within a work budget.
struct SchemaValidator {
    let nodes: [SchemaNode]
    private var maxViolations: Int
    private var violations: [SchemaViolation] = []
    /// Subschema visits left; when it runs out, validation stops and fails.
    private var budget = 200_000
    private var exhausted = false
    private var regexes: [String: Regex<AnyRegexOutput>] = [:]

    init(nodes: [SchemaNode], maxViolations: Int) {
        self.nodes = nodes
        self.maxViolations = maxViolations
    }

    mutating func run(_ value: JSONValue) -> [SchemaViolation] {
        check(value, against: 0, at: "")
        if exhausted {
            violations = Array(violations.prefix(maxViolations - 1))
            violations.append(SchemaViolation(path: "", message: "validation stopped: the value is too costly to check against this schema"))
        }
        return violations
    }

    /// Whether `value` satisfies node `index` alone (the grammar uses this to filter `enum` and `const` values).
    mutating func accepts(_ value: JSONValue, node index: Int) -> Bool {
        check(value, against: index, at: "")
        return violations.isEmpty && !exhausted
    }

    private var isDone: Bool { exhausted || violations.count >= maxViolations }

    private mutating func report(_ path: String, _ message: String) {
        if !exhausted, violations.count < maxViolations { violations.append(SchemaViolation(path: path, message: message)) }
    }

    /// Checks every keyword of node `index` against `value`.
    private mutating func check(_ value: JSONValue, against index: Int, at path: String) {
        guard !isDone else { return }
        budget -= 1
        guard budget >= 0 else {
            exhausted = true
            return
        }
        let node = nodes[index]
        if node.rejectsAll { return report(path, "no value is allowed here") }
        if let types = node.types, !types.contains(where: { $0.matches(value) }) {
            let expected = types.map(\.rawValue).joined(separator: " or ")
            return report(path, "expected \(expected), got \(Self.describeType(value))")
        }
        checkValues(value, node, path)
        switch value {
        case .string(let string): checkString(string, node, path)
        case .number(let number): checkNumber(number, node, path)
        case .array(let elements): checkArray(elements, node, path)
        case .object(let object): checkObject(object, node, path)
        default: break
        }
        checkCombinators(value, node, path)
    }

    private static func describeType(_ value: JSONValue) -> String {
        if case .number(let number) = value, !number.isInteger { return "a non-integer number" }
        return value.typeName
    }

    private mutating func checkValues(_ value: JSONValue, _ node: SchemaNode, _ path: String) {
        if let constant = node.constValue, !value.isJSONEqual(to: constant) {
            report(path, "must be \(constant.serialized())")
        }
        if let allowed = node.enumValues, !allowed.contains(where: { value.isJSONEqual(to: $0) }) {
            report(path, "must be one of \(allowed.map { $0.serialized() }.joined(separator: ", "))")
        }
    }

    private mutating func checkString(_ string: String, _ node: SchemaNode, _ path: String) {
        let length = string.unicodeScalars.count
        if let minLength = node.minLength, length < minLength { report(path, "must be at least \(minLength) characters long") }
        if let maxLength = node.maxLength, length > maxLength { report(path, "must be at most \(maxLength) characters long") }
        if let pattern = node.pattern, !matches(string, pattern) { report(path, "must match the pattern \(JSONValue.string(pattern).serialized())") }
    }

    private mutating func matches(_ string: String, _ pattern: String) -> Bool {
        if regexes[pattern] == nil {
            regexes[pattern] = (try? Regex(pattern))?.matchingSemantics(.unicodeScalar)
        }
        guard let regex = regexes[pattern] else { return false }
        return string.contains(regex)
    }

    private mutating func checkNumber(_ number: JSONNumber, _ node: SchemaNode, _ path: String) {
        if let bound = node.minimum, number.compare(to: bound) < 0 { report(path, "must be at least \(bound)") }
        if let bound = node.maximum, number.compare(to: bound) > 0 { report(path, "must be at most \(bound)") }
        if let bound = node.exclusiveMinimum, number.compare(to: bound) <= 0 { report(path, "must be greater than \(bound)") }
        if let bound = node.exclusiveMaximum, number.compare(to: bound) >= 0 { report(path, "must be less than \(bound)") }
    }

    private mutating func checkArray(_ elements: [JSONValue], _ node: SchemaNode, _ path: String) {
        if let minItems = node.minItems, elements.count < minItems { report(path, "must have at least \(minItems) items") }
        if let maxItems = node.maxItems, elements.count > maxItems { report(path, "must have at most \(maxItems) items") }
        guard let items = node.items else { return }
        for (offset, element) in elements.enumerated() where !isDone {
            check(element, against: items, at: JSONPointer.appending(path, offset))
        }
    }

    private mutating func checkObject(_ object: JSONObject, _ node: SchemaNode, _ path: String) {
        for name in node.required where object[name] == nil {
            report(path, "missing required property \(JSONValue.string(name).serialized())")
        }
        for member in object.members where !isDone {
            let memberPath = JSONPointer.appending(path, member.key)
            if let property = node.properties.first(where: { $0.name == member.key }) {
                check(member.value, against: property.node, at: memberPath)
                continue
            }
            switch node.additionalProperties {
            case .allowed: break
            case .forbidden: report(memberPath, "property is not allowed")
            case .schema(let schema): check(member.value, against: schema, at: memberPath)
            }
        }
    }

    private mutating func checkCombinators(_ value: JSONValue, _ node: SchemaNode, _ path: String) {
        if let ref = node.ref { check(value, against: ref, at: path) }
        for member in node.allOf { check(value, against: member, at: path) }
        if !node.anyOf.isEmpty, !node.anyOf.contains(where: { passes(value, $0, path) }) {
            report(path, "must match at least one of the anyOf schemas")
        }
        if !node.oneOf.isEmpty {
            let count = node.oneOf.reduce(0) { $0 + (passes(value, $1, path) ? 1 : 0) }
            if count != 1 { report(path, "must match exactly one of the oneOf schemas, but matches \(count)") }
        }
    }

    /// Whether `value` satisfies node `index`, without reporting its violations.
    private mutating func passes(_ value: JSONValue, _ index: Int, _ path: String) -> Bool {
        guard !exhausted else { return false }
        let saved = (violations, maxViolations)
        violations = []
        maxViolations = 1
        check(value, against: index, at: path)
        let passed = violations.isEmpty && !exhausted
        (violations, maxViolations) = saved
        return passed
    }
}
