import ModelServices
import ServerTools
import ToolSchema
import FlintAPI

extension CompletionPreparation {
    /// The request's client tools and allowed server tools, each schema compiled once. A
    /// server tool not allowed to `partner` is unknown to it.
    func toolSet(_ request: CompleteRequest, model: ModelDescriptor, partner: String?) throws(RPCError) -> ToolSet {
        guard request.tools.count <= limits.maxTools else {
            throw CompletionError.invalid("tools", "at most \(limits.maxTools) tools, not \(request.tools.count)")
        }
        var set = ToolSet()
        for (index, definition) in request.tools.enumerated() {
            let tool = try clientTool(definition, field: "tools[\(index)]", partner: partner)
            guard set.add(tool) else { throw CompletionError.invalid("tools[\(index)].name", "the tool name '\(tool.name)' is used twice") }
        }
        for (index, name) in request.serverTools.enumerated() {
            let field = "server_tools[\(index)]"
            guard let server = serverTools.tool(named: name, partner: partner) else {
                let names = serverTools.available(to: partner).map(\.name)
                throw CompletionError.invalid(
                    field, "'\(Self.printable(name))' is not a server tool; ListTools names them (\(names.joined(separator: ", ")))")
            }
            guard set.add(try Self.serverTool(server)) else { throw CompletionError.invalid(field, "'\(name)' is named twice") }
        }
        if !set.isEmpty, model.toolCalling == .none {
            throw CompletionError.invalid(request.tools.isEmpty ? "server_tools" : "tools", "\(model.name) does not take tools")
        }
        return set
    }

    private func clientTool(_ definition: ToolDefinition, field: String, partner: String?) throws(RPCError) -> ToolSet.Tool {
        let name = definition.name
        guard ToolName.isValid(name, maxLength: limits.maxToolNameLength) else {
            throw CompletionError.invalid("\(field).name", "a tool name is 1 to \(limits.maxToolNameLength) characters of [a-zA-Z0-9_-]")
        }
        guard serverTools.tool(named: name, partner: partner) == nil else {
            throw CompletionError.invalid("\(field).name", "'\(name)' is the name of a server tool; name client tools differently")
        }
        guard definition.description.utf8.count <= limits.maxToolDescriptionBytes else {
            throw CompletionError.invalid("\(field).description", "a tool description is at most \(limits.maxToolDescriptionBytes) bytes")
        }
        let schemaField = "\(field).parameters_json_schema"
        let schema: JSONSchema
        do {
            schema = try JSONSchema(compiling: definition.parametersJSONSchema)
        } catch {
            throw CompletionError.invalid(schemaField, "the schema is refused at '\(error.path.isEmpty ? "/" : error.path)': \(error.message)")
        }
        return ToolSet.Tool(name: name, description: definition.description, parameters: schema.source, schema: schema, server: nil)
    }

    /// A server tool as the model is offered it. Its schema is the tool's own, so a
    /// failure to compile is a bug of the build, reported as INTERNAL.
    static func serverTool(_ tool: any ServerTool) throws(RPCError) -> ToolSet.Tool {
        do {
            let schema = try JSONSchema(compiling: tool.parametersSchema)
            return ToolSet.Tool(name: tool.name, description: tool.description, parameters: schema.source, schema: schema, server: tool)
        } catch {
            throw RPCError(.internalError, "the server tool '\(tool.name)' has an invalid schema: \(error)")
        }
    }

    /// `tool_choice`, checked against the tools offered.
    func toolChoice(_ choice: ToolChoice?, tools: ToolSet) throws(RPCError) -> ToolChoiceMode {
        guard let choice else { return .auto }
        let mode: ToolChoiceMode
        switch choice.mode {
        case .unspecified, .auto: mode = .auto
        case .none: mode = .none
        case .required: mode = .required
        case .tool: mode = .tool(choice.toolName)
        default: throw CompletionError.invalid("tool_choice.mode", "unknown tool choice mode \(choice.mode.rawValue)")
        }
        if case .tool(let name) = mode {
            guard tools.tool(named: name) != nil else {
                throw CompletionError.invalid("tool_choice.tool_name", "'\(Self.printable(name))' is not one of the request's tools or server_tools")
            }
        } else if !choice.toolName.isEmpty {
            throw CompletionError.invalid("tool_choice.tool_name", "tool_name goes with MODE_TOOL only")
        }
        if mode == .required, tools.isEmpty {
            throw CompletionError.invalid("tool_choice.mode", "MODE_REQUIRED needs tools or server_tools")
        }
        return mode
    }
}
