internal import CFlintProto

extension RunRequest: ProtobufBridged {
    init(reading message: Flint__V1__RunRequest, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            goal: try reader.string(message.goal, "goal"),
            model: try reader.string(message.model, "model"),
            tokenBudget: message.token_budget,
            maxSubAgents: message.max_sub_agents,
            serverTools: try reader.strings(
                message.n_server_tools, message.server_tools, "server_tools"),
            maxWallMs: message.max_wall_ms,
            maxModelCalls: message.max_model_calls,
            maxToolCalls: message.max_tool_calls,
            maxSubtasks: message.max_subtasks,
            images: try reader.messages(message.n_images, message.images, "images"))
    }

    func write(to message: inout Flint__V1__RunRequest, in arena: PackArena) {
        message.goal = arena.string(goal)
        message.model = arena.string(model)
        message.token_budget = tokenBudget
        message.max_sub_agents = maxSubAgents
        (message.n_server_tools, message.server_tools) = arena.strings(serverTools)
        message.max_wall_ms = maxWallMs
        message.max_model_calls = maxModelCalls
        message.max_tool_calls = maxToolCalls
        message.max_subtasks = maxSubtasks
        (message.n_images, message.images) = arena.messages(images)
    }
}
