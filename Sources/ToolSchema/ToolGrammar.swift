/// llama.cpp GBNF grammars that make a model write tool calls in ``ToolCallSyntax``.
///
/// Every string a grammar accepts reads back with ``ToolCallSyntax/parse(_:limits:)`` as calls of the allowed tools
/// (or, in `.auto`, as `.text`), with one exception: free-form objects (schemas without `properties`) may repeat a
/// key, which the parser refuses as malformed. The grammar encodes the schema's shape, not all of it (see
/// ``JSONSchema``): always validate the parsed arguments with ``JSONSchema/validate(_:maxViolations:)``.
public enum ToolGrammar {
    /// A tool the model may call.
    public struct Tool: Sendable {
        /// The tool's name, written as the call's `"name"`.
        public var name: String
        /// The tool's parameters.
        public var schema: JSONSchema

        /// A tool called `name` with parameters `schema`.
        public init(name: String, schema: JSONSchema) {
            self.name = name
            self.schema = schema
        }
    }

    /// What the model may write.
    public enum Mode: Sendable, Hashable {
        /// Either a free-text answer (not starting with `<` or whitespace) or tool calls.
        case auto
        /// At least one tool call, of any tool.
        case required
        /// Only calls of the named tool.
        case tool(String)
    }

    /// The most calls a grammar allows, whatever `maxCalls` says.
    public static let maxCallsCap = 16

    /// A grammar for 1...`maxCalls` calls (clamped to 1...``maxCallsCap``) separated by `"\n"`, each
    /// `<tool_call>{"name":NAME,"arguments":ARGS}</tool_call>` with compact JSON, members in that order, and ARGS shaped
    /// by the tool's schema; in `.auto`, alternatively free text. Tools whose names repeat are used once (the first).
    /// Fallbacks: `.tool(name)` for a name not in `tools` allows that name with any object; `.required` with no tools
    /// allows any name with any object; `.auto` with no tools is free text only; a schema whose root is not `"type": "object"` gets any object.
    public static func gbnf(tools: [Tool], mode: Mode, maxCalls: Int) -> String {
        var builder = GrammarBuilder()
        let allowed = allowedTools(tools, mode: mode)
        if allowed.isEmpty, mode == .auto {
            builder.define("answer", answerRule)
            return builder.text(root: "answer")
        }
        var calls: [String] = []
        for (offset, tool) in allowed.enumerated() {
            let name = "call-\(offset)"
            builder.define(name, callExpression(name: tool.name, arguments: argumentsRule(tool.schema, prefix: "t\(offset)", &builder)))
            calls.append(name)
        }
        if calls.isEmpty {
            let anyName = "\"<tool_call>{\\\"name\\\":\" json-string \",\\\"arguments\\\":\" json-object \"}</tool_call>\""
            let named = mode.toolName.map { callExpression(name: $0, arguments: GBNFJSONRules.object) }
            builder.define("call-any", named ?? anyName)
            calls.append("call-any")
        }
        builder.define("tool-call", calls.joined(separator: " | "))
        let count = min(max(maxCalls, 1), maxCallsCap)
        builder.define("tool-calls", count == 1 ? "tool-call" : "tool-call ( \"\\n\" tool-call ){0,\(count - 1)}")
        guard mode == .auto else { return builder.text(root: "tool-calls") }
        builder.define("answer", answerRule)
        return builder.text(root: "tool-calls | answer")
    }

    /// A grammar whose language is (a shape-checked subset of) the compact JSON values of `schema`.
    public static func gbnf(schema: JSONSchema) -> String {
        var builder = GrammarBuilder()
        let root = builder.rule(for: 0, of: schema, prefix: "s")
        return builder.text(root: root)
    }

    /// Free text whose first character is neither `<` nor Unicode whitespace, so it can never read as a tool call.
    static let answerRule = #"[^<\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000] [^\x00]*"#

    private static func allowedTools(_ tools: [Tool], mode: Mode) -> [Tool] {
        var seen: Set<String> = []
        let unique = tools.filter { seen.insert($0.name).inserted }
        guard let only = mode.toolName else { return unique }
        return unique.filter { $0.name == only }
    }

    private static func argumentsRule(_ schema: JSONSchema, prefix: String, _ builder: inout GrammarBuilder) -> String {
        guard schema.nodes[0].types == [.object] else { return GBNFJSONRules.object }
        return builder.rule(for: 0, of: schema, prefix: prefix)
    }

    private static func callExpression(name: String, arguments: String) -> String {
        let head = ToolCallSyntax.open + "{\"name\":" + JSONValue.string(name).serialized() + ",\"arguments\":"
        return GBNFText.literal(head) + " " + arguments + " " + GBNFText.literal("}" + ToolCallSyntax.close)
    }
}

extension ToolGrammar.Mode {
    /// The tool named by `.tool`, else `nil`.
    var toolName: String? {
        if case .tool(let name) = self { return name }
        return nil
    }
}
