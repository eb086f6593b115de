import ModelServices
import Wire

/// A completion request checked against its model, before any quota or backend is touched.
struct PreparedCompletion: Sendable {
    var model: ModelDescriptor
    var request: ModelRequest
    /// Prompt estimate + max output tokens: what admission reserves.
    var estimatedTokens: UInt64
}

/// Checks requests and turns them into ``ModelRequest``s. Every refusal is
/// INVALID_ARGUMENT (or NOT_FOUND for the model) naming the field.
struct CompletionPreparation: Sendable {
    let models: [ModelDescriptor]
    /// Largest prompt accepted, in UTF-8 bytes of its text.
    let maxPromptBytes: Int

    func model(named name: String) throws(RPCError) -> ModelDescriptor {
        let found = name.isEmpty ? models.first(where: \.isDefault) ?? models.first : models.first { $0.name == name }
        guard let found else {
            throw RPCError(.notFound, "unknown model '\(MethodPath.printable(name))'; ListModels names the models served",
                           details: [.fieldViolation(FieldViolation(field: "model", description: "not a served model"))])
        }
        return found
    }

    func prepare(_ request: CompleteRequest) throws(RPCError) -> PreparedCompletion {
        let model = try model(named: request.model)
        let messages = try modelMessages(request.messages, model: model)
        let promptBytes = request.systemPrompt.utf8.count + messages.reduce(0) { $0 + $1.text.utf8.count }
        guard promptBytes > 0 else { throw Self.invalid("messages", "the prompt is empty: send at least one text part") }
        guard promptBytes <= maxPromptBytes else {
            throw Self.invalid("messages", "the prompt is \(promptBytes) bytes; at most \(maxPromptBytes) are accepted")
        }
        guard request.maxTokens >= 1 else { throw Self.invalid("max_tokens", "max_tokens must be at least 1") }
        guard Int(request.maxTokens) <= model.maxOutputTokens, Int(request.maxTokens) < model.contextLength else {
            throw Self.invalid("max_tokens", "max_tokens must be at most \(min(model.maxOutputTokens, model.contextLength - 1)) for \(model.name)")
        }
        if !request.tools.isEmpty, !model.capabilities.tools { throw Self.invalid("tools", "\(model.name) does not take tools") }
        if let temperature = request.temperature, !(0...2).contains(temperature) { throw Self.invalid("temperature", "temperature must be 0 to 2") }
        if let topP = request.topP, !(topP > 0 && topP <= 1) { throw Self.invalid("top_p", "top_p must be more than 0 and at most 1") }
        guard request.stopSequences.count <= 16, request.stopSequences.allSatisfy({ (1...256).contains($0.utf8.count) }) else {
            throw Self.invalid("stop_sequences", "at most 16 stop sequences of 1 to 256 bytes")
        }
        let modelRequest = ModelRequest(
            model: model.name, systemPrompt: request.systemPrompt.isEmpty ? nil : request.systemPrompt, messages: messages,
            maxTokens: Int(request.maxTokens), temperature: request.temperature.map(Double.init), topP: request.topP.map(Double.init),
            stopSequences: request.stopSequences
        )
        let promptEstimate = UInt64((promptBytes + 2) / 3)
        return PreparedCompletion(model: model, request: modelRequest, estimatedTokens: promptEstimate + UInt64(request.maxTokens))
    }

    /// Text-only messages; parts the model cannot take are refused by name.
    private func modelMessages(_ messages: [Message], model: ModelDescriptor) throws(RPCError) -> [ModelMessage] {
        var result: [ModelMessage] = []
        for (index, message) in messages.enumerated() {
            var text = ""
            for (partIndex, part) in message.parts.enumerated() {
                let field = "messages[\(index)].parts[\(partIndex)]"
                switch part {
                case .text(let part): text += part.text
                case .image: if !model.capabilities.images { throw Self.invalid(field, "\(model.name) does not take images") }
                case .toolCall, .toolResult: if !model.capabilities.tools { throw Self.invalid(field, "\(model.name) does not take tool calls or results") }
                case .reasoning: continue
                }
            }
            result.append(ModelMessage(role: message.role == .assistant ? .assistant : .user, text: text))
        }
        return result
    }

    /// A message's text parts, joined (other parts carry no prompt text).
    static func text(of message: Message) -> String {
        message.parts.compactMap { part -> String? in
            if case .text(let text) = part { return text.text }
            return nil
        }.joined()
    }

    static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(.invalidArgument, message, details: [.fieldViolation(FieldViolation(field: field, description: message))])
    }
}
