internal import CFlintProto

extension CompleteRequest: ProtobufBridged {
    init(reading message: Flint__V1__CompleteRequest, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            model: try reader.string(message.model, "model"),
            systemPrompt: try reader.string(message.system_prompt, "system_prompt"),
            messages: try reader.messages(message.n_messages, message.messages, "messages"),
            tools: try reader.messages(message.n_tools, message.tools, "tools"),
            toolChoice: try reader.message(message.tool_choice, "tool_choice"),
            maxTokens: message.max_tokens,
            temperature: message.temperature_presence_case
                == FLINT__V1__COMPLETE_REQUEST__TEMPERATURE_PRESENCE_TEMPERATURE
                ? message.temperature : nil,
            topP: message.top_p_presence_case == FLINT__V1__COMPLETE_REQUEST__TOP_P_PRESENCE_TOP_P
                ? message.top_p : nil,
            stopSequences: try reader.strings(
                message.n_stop_sequences, message.stop_sequences, "stop_sequences"),
            reasoning: try reader.message(message.reasoning, "reasoning"),
            serverTools: try reader.strings(
                message.n_server_tools, message.server_tools, "server_tools"),
            disableParallelToolCalls: message.disable_parallel_tool_calls != 0,
            toolLoop: try reader.message(message.tool_loop, "tool_loop"))
    }

    func write(to message: inout Flint__V1__CompleteRequest, in arena: PackArena) {
        message.model = arena.string(model)
        message.system_prompt = arena.string(systemPrompt)
        (message.n_messages, message.messages) = arena.messages(messages)
        (message.n_tools, message.tools) = arena.messages(tools)
        message.tool_choice = toolChoice.map(arena.message)
        message.max_tokens = maxTokens
        if let temperature {
            message.temperature_presence_case =
                FLINT__V1__COMPLETE_REQUEST__TEMPERATURE_PRESENCE_TEMPERATURE
            message.temperature = temperature
        }
        if let topP {
            message.top_p_presence_case = FLINT__V1__COMPLETE_REQUEST__TOP_P_PRESENCE_TOP_P
            message.top_p = topP
        }
        (message.n_stop_sequences, message.stop_sequences) = arena.strings(stopSequences)
        message.reasoning = reasoning.map(arena.message)
        (message.n_server_tools, message.server_tools) = arena.strings(serverTools)
        message.disable_parallel_tool_calls = disableParallelToolCalls ? 1 : 0
        message.tool_loop = toolLoop.map(arena.message)
    }
}

extension ToolLoopOptions: ProtobufBridged {
    init(reading message: Flint__V1__ToolLoopOptions, with reader: ProtobufReader) {
        self.init(maxSteps: message.max_steps, maxToolCalls: message.max_tool_calls)
    }

    func write(to message: inout Flint__V1__ToolLoopOptions, in arena: PackArena) {
        message.max_steps = maxSteps
        message.max_tool_calls = maxToolCalls
    }
}

extension ToolDefinition: ProtobufBridged {
    init(reading message: Flint__V1__ToolDefinition, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            name: try reader.string(message.name, "name"),
            description: try reader.string(message.description, "description"),
            parametersJSONSchema: try reader.string(
                message.parameters_json_schema, "parameters_json_schema"))
    }

    func write(to message: inout Flint__V1__ToolDefinition, in arena: PackArena) {
        message.name = arena.string(name)
        message.description = arena.string(description)
        message.parameters_json_schema = arena.string(parametersJSONSchema)
    }
}

extension ToolChoice: ProtobufBridged {
    init(reading message: Flint__V1__ToolChoice, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            mode: Mode(message.mode), toolName: try reader.string(message.tool_name, "tool_name"))
    }

    func write(to message: inout Flint__V1__ToolChoice, in arena: PackArena) {
        message.mode = mode.cEnum
        message.tool_name = arena.string(toolName)
    }
}

extension ToolChoice.Mode: CustomStringConvertible, ProtobufEnumBridged {
    typealias CEnum = Flint__V1__ToolChoice__Mode
    static var enumDescriptor: ProtobufCEnumDescriptor { flint__v1__tool_choice__mode__descriptor }
}

extension ReasoningOptions: ProtobufBridged {
    init(reading message: Flint__V1__ReasoningOptions, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(enabled: message.enabled != 0, budgetTokens: message.budget_tokens, visualSteps: message.visual_steps != 0)
    }

    func write(to message: inout Flint__V1__ReasoningOptions, in arena: PackArena) {
        message.enabled = enabled ? 1 : 0
        message.budget_tokens = budgetTokens
        message.visual_steps = visualSteps ? 1 : 0
    }
}
