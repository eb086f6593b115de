import ModelServices
import ServerTools
import ToolSchema
import FlintAPI

extension CompletionPreparation {
    /// Checks every message and part against the model and the tools: images first (see
    /// ``inspectImages(_:model:)``), then roles, part kinds, tool call ids (unique) and
    /// tool results (each answers an earlier call, once). Returns the conversation's call
    /// ids and its images in `image_index` order. With `perceived`, images are read by
    /// Flint (visual steps) rather than passed to the model.
    func checkMessages(_ messages: [Message], model: ModelDescriptor, tools: ToolSet, perceived: Bool) throws(RPCError) -> (Set<String>, [PreparedImage]) {
        guard !messages.isEmpty else { throw CompletionError.invalid("messages", "messages must not be empty") }
        guard messages.count <= limits.maxMessages else {
            throw CompletionError.invalid("messages", "at most \(limits.maxMessages) messages, not \(messages.count)")
        }
        let images = try inspectImages(messages, model: model)
        var ledger = CallLedger()
        var hasContent = false
        for (index, message) in messages.enumerated() {
            let field = "messages[\(index)]"
            guard message.role == .user || message.role == .assistant else {
                throw CompletionError.invalid("\(field).role", "role must be ROLE_USER or ROLE_ASSISTANT")
            }
            guard message.unknownPartCount == 0 else {
                throw CompletionError.invalid("\(field).parts", "\(message.unknownPartCount) part(s) of a kind this server does not know")
            }
            guard (1...limits.maxPartsPerMessage).contains(message.parts.count) else {
                throw CompletionError.invalid("\(field).parts", "a message has 1 to \(limits.maxPartsPerMessage) parts")
            }
            for (partIndex, part) in message.parts.enumerated() {
                let context = PartContext(field: "\(field).parts[\(partIndex)]", role: message.role, model: model, tools: tools, perceived: perceived)
                hasContent = try check(part, context, ledger: &ledger) || hasContent
            }
        }
        guard hasContent else { throw CompletionError.invalid("messages", "the prompt is empty: send at least one text or image part") }
        return (ledger.ids, images)
    }

    private struct PartContext {
        var field: String
        var role: Role
        var model: ModelDescriptor
        var tools: ToolSet
        var perceived: Bool
    }

    /// Checks one part; true when it gives the model something to read.
    private func check(_ part: ContentPart, _ context: PartContext, ledger: inout CallLedger) throws(RPCError) -> Bool {
        let field = context.field
        switch part {
        case .text(let text):
            return !text.text.isEmpty
        case .image:
            if !context.perceived, !Self.readsImagesThroughOCR(context.model, tools: context.tools), let refusal = Self.imageRefusal(context.model) {
                throw CompletionError.invalid(field, refusal)
            }
            guard context.role == .user else { throw CompletionError.invalid(field, "image parts belong in ROLE_USER messages") }
            return true
        case .reasoning:
            throw CompletionError.invalid(field, "\(context.model.name) does not take reasoning parts")
        case .observation, .reasoningStep:
            throw CompletionError.invalid(field, "observations and reasoning steps are response parts; send the answer's text parts back instead")
        case .toolCall(let call):
            guard context.role == .assistant else { throw CompletionError.invalid(field, "tool calls belong in ROLE_ASSISTANT messages") }
            try checkEarlierCall(call, field: field, tools: context.tools, model: context.model)
            guard ledger.addCall(call.id) else {
                throw CompletionError.invalid("\(field).tool_call.id", "the tool call id '\(Self.printable(call.id))' is used twice")
            }
            return true
        case .toolResult(let result):
            try checkResult(result, field: field, model: context.model, tools: context.tools)
            guard ledger.answer(result.toolCallID) else {
                throw CompletionError.invalid(
                    "\(field).tool_result.tool_call_id", "'\(Self.printable(result.toolCallID))' names no earlier tool call, or one already answered")
            }
            return true
        }
    }

    private func checkEarlierCall(_ call: ToolCall, field: String, tools: ToolSet, model: ModelDescriptor) throws(RPCError) {
        guard model.toolCalling != .none else { throw CompletionError.invalid(field, "\(model.name) does not take tool calls or results") }
        guard !call.id.isEmpty, call.id.utf8.count <= 128 else { throw CompletionError.invalid("\(field).tool_call.id", "a tool call id is 1 to 128 bytes") }
        guard tools.tool(named: call.name) != nil else {
            throw CompletionError.invalid("\(field).tool_call.name", "'\(Self.printable(call.name))' is not one of the request's tools or server_tools")
        }
        guard case .object = try? JSONParser.parse(call.argumentsJSON) else {
            throw CompletionError.invalid("\(field).tool_call.arguments_json", "the arguments must be a JSON object")
        }
    }

    private func checkResult(_ result: ToolResult, field: String, model: ModelDescriptor, tools: ToolSet) throws(RPCError) {
        guard model.toolCalling != .none else { throw CompletionError.invalid(field, "\(model.name) does not take tool calls or results") }
        guard result.unknownPartCount == 0 else {
            throw CompletionError.invalid("\(field).tool_result.content", "\(result.unknownPartCount) part(s) of a kind this server does not know")
        }
        for (index, part) in result.content.enumerated() {
            if case .image = part, !Self.readsImagesThroughOCR(model, tools: tools), let refusal = Self.imageRefusal(model) {
                throw CompletionError.invalid("\(field).tool_result.content[\(index)]", refusal)
            }
        }
    }

    /// A model that cannot take images takes them when the request allows `ocr`: it reads a
    /// placeholder per image (``ImagePlaceholders``) and calls the tool to read it.
    static func readsImagesThroughOCR(_ model: ModelDescriptor, tools: ToolSet) -> Bool {
        !takesImages(model) && tools.tool(named: OCRToolName.name)?.isServerTool == true
    }
}

/// The tool call ids of a conversation, and which of them have been answered.
struct CallLedger {
    private(set) var ids: Set<String> = []
    private var answered: Set<String> = []

    /// False when `id` is taken.
    mutating func addCall(_ id: String) -> Bool {
        ids.insert(id).inserted
    }

    /// False when `id` names no earlier call, or one already answered.
    mutating func answer(_ id: String) -> Bool {
        ids.contains(id) && answered.insert(id).inserted
    }
}
