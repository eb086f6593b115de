import ModelServices
import Wire

/// Tool use for models with native tool calling: tools go as OpenAI `tools`, calls as the
/// assistant's `tool_calls`, results as `tool` messages. `tool_choice` is always sent;
/// a named tool is sent as the only tool with "required", since some servers (llama.cpp)
/// silently treat a named choice as "auto".
enum NativeTools {
    static func configure(_ request: inout ModelRequest, tools: ToolSet, choice: ToolChoiceMode, parallel: Bool) {
        guard !tools.isEmpty else { return }
        let offered: [ToolSet.Tool]
        switch choice {
        case .auto: (offered, request.toolChoice) = (tools.tools, .auto)
        case .none: (offered, request.toolChoice) = (tools.tools, ModelToolChoice.none)
        case .required: (offered, request.toolChoice) = (tools.tools, .required)
        case .tool(let name): (offered, request.toolChoice) = (tools.tools.filter { $0.name == name }, .required)
        }
        request.tools = offered.map { ModelTool(name: $0.name, description: $0.description, parameters: $0.parameters) }
        request.parallelToolCalls = parallel
    }

    /// One message of the conversation as chat messages: the speaker's text and calls,
    /// then a `tool` message per result, in order.
    static func messages(_ message: Message) -> [ModelMessage] {
        let speaker: ModelMessage.Role = message.role == .assistant ? .assistant : .user
        var turns: [ModelMessage] = []
        for part in message.parts {
            switch part {
            case .text(let text):
                if let last = turns.last, last.role == speaker, last.toolCalls.isEmpty {
                    turns[turns.count - 1].text += text.text
                } else {
                    turns.append(ModelMessage(role: speaker, text: text.text))
                }
            case .toolCall(let call):
                let modelCall = ModelToolCall(id: call.id, name: call.name, argumentsJSON: call.argumentsJSON)
                if let last = turns.last, last.role == .assistant {
                    turns[turns.count - 1].toolCalls.append(modelCall)
                } else {
                    turns.append(ModelMessage(role: .assistant, text: "", toolCalls: [modelCall]))
                }
            case .toolResult(let result):
                turns.append(ModelMessage(role: .tool, text: ConstrainedTranscript.resultBody(result), toolCallID: result.toolCallID))
            case .image, .reasoning, .observation, .reasoningStep: continue  // refused by preparation until backends take them
            }
        }
        return turns
    }
}
