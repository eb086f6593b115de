import ModelServices
import FlintAPI

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

    /// One message of the conversation as chat messages: the speaker's text, images and
    /// calls, then a `tool` message per result, in order. A result's images follow its run
    /// of `tool` messages as a user message (chat backends take images in user content
    /// only), each labelled with the call it answers.
    static func messages(_ message: Message, images: inout StepImages) -> [ModelMessage] {
        let speaker: ModelMessage.Role = message.role == .assistant ? .assistant : .user
        var turns: [ModelMessage] = []
        var resultImages = ModelMessage(role: .user, text: "")
        /// True when it added the images' turn.
        @discardableResult func flushResultImages() -> Bool {
            guard !resultImages.images.isEmpty else { return false }
            turns.append(resultImages)
            resultImages = ModelMessage(role: .user, text: "")
            return true
        }
        func speakerTurn() {
            if !flushResultImages(), let last = turns.last, last.role == speaker, last.toolCalls.isEmpty { return }
            turns.append(ModelMessage(role: speaker, text: ""))
        }
        for part in message.parts {
            switch part {
            case .text(let text):
                speakerTurn()
                turns[turns.count - 1].text += text.text
            case .image(let image):
                speakerTurn()
                turns[turns.count - 1].images.append(images.modelImage(image, at: turns[turns.count - 1].text.utf8.count))
            case .toolCall(let call):
                flushResultImages()
                let modelCall = ModelToolCall(id: call.id, name: call.name, argumentsJSON: call.argumentsJSON)
                if let last = turns.last, last.role == .assistant {
                    turns[turns.count - 1].toolCalls.append(modelCall)
                } else {
                    turns.append(ModelMessage(role: .assistant, text: "", toolCalls: [modelCall]))
                }
            case .toolResult(let result):
                turns.append(ModelMessage(role: .tool, text: ConstrainedTranscript.resultBody(result), toolCallID: result.toolCallID))
                for content in result.content {
                    guard case .image(let image) = content else { continue }
                    resultImages.text += "\(resultImages.text.isEmpty ? "" : "\n")An image of the result of \(result.toolCallID):"
                    resultImages.images.append(images.modelImage(image, at: resultImages.text.utf8.count))
                }
            case .reasoning, .observation, .reasoningStep: continue  // refused by preparation
            }
        }
        flushResultImages()
        return turns
    }
}
