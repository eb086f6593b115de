import ModelServices
import ToolSchema
import FlintAPI

/// Tool use for models that cannot call tools themselves: the offered tools are described
/// in the system prompt, earlier calls and results are written into the transcript in
/// ``ToolCallSyntax``, and the output is held to a GBNF grammar built from the tools'
/// schemas and the tool choice, so every call the model writes parses.
enum ConstrainedTranscript {
    static func configure(_ request: inout ModelRequest, tools: ToolSet, choice: ToolChoiceMode, maxCalls: Int) {
        let offered = offeredTools(tools, choice: choice)
        guard !offered.isEmpty else { return }
        let block = instructions(for: offered)
        request.systemPrompt = [request.systemPrompt, block].compactMap { $0 }.joined(separator: "\n\n")
        let grammarTools = offered.map { ToolGrammar.Tool(name: $0.name, schema: $0.schema) }
        switch choice {
        case .none: break
        case .auto: request.grammar = ToolGrammar.gbnf(tools: grammarTools, mode: .auto, maxCalls: maxCalls)
        case .required: request.grammar = ToolGrammar.gbnf(tools: grammarTools, mode: .required, maxCalls: maxCalls)
        case .tool(let name): request.grammar = ToolGrammar.gbnf(tools: grammarTools, mode: .tool(name), maxCalls: maxCalls)
        }
    }

    /// The tools the model is told about: none when it must not call any, only the named
    /// one when it must call that one.
    private static func offeredTools(_ tools: ToolSet, choice: ToolChoiceMode) -> [ToolSet.Tool] {
        switch choice {
        case .none: []
        case .auto, .required: tools.tools
        case .tool(let name): tools.tools.filter { $0.name == name }
        }
    }

    static func instructions(for tools: [ToolSet.Tool]) -> String {
        let example = ToolCallSyntax.render(name: "TOOL", arguments: .object(JSONObject()))
        let list = tools.map { tool in
            let description = tool.description.isEmpty ? "" : " \(tool.description)"
            return "- \(tool.name):\(description) Arguments (JSON Schema): \(tool.parameters.serialized())"
        }
        return (["You can call tools. To call one, answer with only \(example), with the tool's arguments as the JSON object.", "Tools:"] + list)
            .joined(separator: "\n")
    }

    /// One message of the conversation as plain-text turns: text, images and calls as the
    /// speaker's turn, tool results as a user turn after it.
    static func textMessages(_ message: Message, images: inout StepImages) -> [ModelMessage] {
        let speaker: ModelMessage.Role = message.role == .assistant ? .assistant : .user
        var turns: [ModelMessage] = []
        func append(_ role: ModelMessage.Role, _ text: String) {
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].text += text
            } else {
                turns.append(ModelMessage(role: role, text: text))
            }
        }
        for part in message.parts {
            switch part {
            case .text(let text): append(speaker, text.text)
            case .toolCall(let call): append(speaker, ToolCallSyntax.render(name: call.name, arguments: arguments(of: call)))
            case .toolResult(let result):
                append(.user, resultText(result) + "\n")
                images.skip(result.content.count { if case .image = $0 { true } else { false } })  // text cannot carry them
            case .image(let image):
                append(speaker, "")
                turns[turns.count - 1].images.append(images.modelImage(image, at: turns[turns.count - 1].text.utf8.count))
            case .reasoning, .observation, .reasoningStep: continue  // refused by preparation
            }
        }
        return turns.map { turn in
            var trimmed = turn
            trimmed.text = turn.text.trimmingTrailingNewlines
            return trimmed
        }
    }

    static func resultText(_ result: ToolResult) -> String {
        "Tool result for \(result.toolCallID): \(resultBody(result))"
    }

    /// A result's text parts, marked when the tool failed.
    static func resultBody(_ result: ToolResult) -> String {
        let body = result.content.compactMap { part -> String? in
            if case .text(let text) = part { return text.text }
            return nil
        }.joined(separator: "\n")
        return result.isError ? "error: \(body)" : body
    }

    static func arguments(of call: ToolCall) -> JSONValue {
        (try? JSONParser.parse(call.argumentsJSON)) ?? .object(JSONObject())
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
