internal import CFlintProto

extension CountTokensRequest: ProtobufBridged {
    init(reading message: Flint__V1__CountTokensRequest, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            model: try reader.string(message.model, "model"),
            systemPrompt: try reader.string(message.system_prompt, "system_prompt"),
            messages: try reader.messages(message.n_messages, message.messages, "messages"),
            tools: try reader.messages(message.n_tools, message.tools, "tools"),
            serverTools: try reader.strings(
                message.n_server_tools, message.server_tools, "server_tools"))
    }

    func write(to message: inout Flint__V1__CountTokensRequest, in arena: PackArena) {
        message.model = arena.string(model)
        message.system_prompt = arena.string(systemPrompt)
        (message.n_messages, message.messages) = arena.messages(messages)
        (message.n_tools, message.tools) = arena.messages(tools)
        (message.n_server_tools, message.server_tools) = arena.strings(serverTools)
    }
}

extension CountTokensResponse: ProtobufBridged {
    init(reading message: Flint__V1__CountTokensResponse, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            inputTokens: message.input_tokens, model: try reader.string(message.model, "model"))
    }

    func write(to message: inout Flint__V1__CountTokensResponse, in arena: PackArena) {
        message.input_tokens = inputTokens
        message.model = arena.string(model)
    }
}
