import ModelServices
import ToolSchema
import FlintAPI

/// Turns a prepared completion and the conversation so far into the model request of one
/// step, for either way a model calls tools: natively (tools as OpenAI `tools`, calls and
/// results as chat messages) or constrained (tools described in the system prompt, calls
/// and results written in ``ToolCallSyntax``, output held to a grammar).
struct StepRendering {
    let limits: CompletionLimits

    func request(for prepared: PreparedCompletion, conversation: [Message], choice: ToolChoiceMode) -> ModelRequest {
        var request = ModelRequest(
            model: prepared.model.name, systemPrompt: prepared.systemPrompt.isEmpty ? nil : prepared.systemPrompt,
            maxTokens: prepared.maxTokens, temperature: prepared.temperature, topP: prepared.topP,
            stopSequences: prepared.stopSequences, reasoning: prepared.reasoning)
        let conversation = CompletionPreparation.takesImages(prepared.model) ? conversation : ImagePlaceholders.replacing(conversation)
        var images = StepImages(prepared: prepared.images, formula: prepared.model.imageTokens)
        switch prepared.model.toolCalling {
        case .none:
            for message in conversation { request.messages += ConstrainedTranscript.textMessages(message, images: &images) }
        case .native:
            NativeTools.configure(&request, tools: prepared.tools, choice: choice, parallel: prepared.parallelToolCalls)
            for message in conversation { request.messages += NativeTools.messages(message, images: &images) }
        case .constrained:
            let maxCalls = prepared.parallelToolCalls ? limits.maxCallsPerTurn : 1
            ConstrainedTranscript.configure(&request, tools: prepared.tools, choice: choice, maxCalls: maxCalls)
            for message in conversation { request.messages += ConstrainedTranscript.textMessages(message, images: &images) }
        }
        return request
    }

    /// The prompt's size as the backend receives it: the rendered raw prompt, or every
    /// chat message, call and tool definition.
    static func promptBytes(of request: ModelRequest, format: PromptFormat) -> Int {
        switch format {
        case .raw:
            return PromptRendering.rawPrompt(for: request).utf8.count
        case .chat:
            let messages = PromptRendering.chatMessages(for: request).reduce(0) { total, message in
                total + message.text.utf8.count + message.toolCalls.reduce(0) { $0 + $1.name.utf8.count + $1.argumentsJSON.utf8.count } + 16
            }
            return messages + request.tools.reduce(0) { $0 + $1.name.utf8.count + $1.description.utf8.count + $1.parameters.serialized().utf8.count }
        }
    }

    /// What one model call of `request` reserves: its prompt estimate (text, then each
    /// image by the model's image token formula) + its output tokens. Images are not part
    /// of `promptBytes`.
    static func estimatedTokens(of request: ModelRequest, format: PromptFormat, maxTokens: Int) -> UInt64 {
        TokenEstimate.reservation(forPromptBytes: promptBytes(of: request, format: format)) + UInt64(request.imageTokens) + UInt64(max(0, maxTokens))
    }
}
