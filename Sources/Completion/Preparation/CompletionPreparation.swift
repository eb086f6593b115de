import ModelServices
import ServerTools
import ToolSchema
import FlintAPI

/// Checks completion requests and turns them into ``PreparedCompletion``s. Every refusal
/// is INVALID_ARGUMENT (NOT_FOUND for the model) naming the field; nothing a request
/// carries is dropped without a word.
public struct CompletionPreparation: Sendable {
    public let models: [ModelDescriptor]
    public let serverTools: ServerToolRegistry
    public let limits: CompletionLimits
    /// Whether Flint can read images itself (OCR), for visual steps on models that cannot see.
    public let canPerceive: Bool

    public init(models: [ModelDescriptor], serverTools: ServerToolRegistry, limits: CompletionLimits, canPerceive: Bool = false) {
        self.models = models
        self.serverTools = serverTools
        self.limits = limits
        self.canPerceive = canPerceive
    }

    public func model(named name: String) throws(RPCError) -> ModelDescriptor {
        let found = name.isEmpty ? models.first(where: \.isDefault) ?? models.first : models.first { $0.name == name }
        guard let found else {
            throw RPCError(
                .notFound, "unknown model '\(Self.printable(name))'; ListModels names the models served",
                details: [.fieldViolation(FieldViolation(field: "model", description: "not a served model"))])
        }
        return found
    }

    /// Checks `request` once, for a caller of `partner` (nil: none), who sees the server
    /// tools allowed to it only.
    public func prepare(_ request: CompleteRequest, partner: String? = nil) throws(RPCError) -> PreparedCompletion {
        let model = try model(named: request.model)
        let tools = try toolSet(request, model: model, partner: partner)
        let visualSteps = request.reasoning?.visualSteps ?? false
        let (callIDs, images) = try checkMessages(request.messages, model: model, tools: tools, perceived: visualSteps && canPerceive)
        let sampling = try self.sampling(request, model: model)
        let route = visualSteps ? try checkVisualSteps(request, model: model, images: images) : nil
        var prepared = PreparedCompletion(
            model: model, systemPrompt: request.systemPrompt, messages: request.messages, tools: tools,
            toolChoice: try toolChoice(request.toolChoice, tools: tools), parallelToolCalls: !request.disableParallelToolCalls,
            maxTokens: sampling.maxTokens, temperature: sampling.temperature, topP: sampling.topP,
            stopSequences: request.stopSequences, maxSteps: 1, maxToolCalls: 0, callIDs: callIDs, images: images,
            firstRequest: ModelRequest(), estimatedTokens: 0, visualSteps: route, reasoning: request.reasoning?.enabled ?? false)
        (prepared.maxSteps, prepared.maxToolCalls) = try loopBounds(request.toolLoop)
        let first = StepRendering(limits: limits).request(for: prepared, conversation: prepared.messages, choice: prepared.toolChoice)
        let promptBytes = StepRendering.promptBytes(of: first, format: model.promptFormat)
        guard promptBytes <= limits.maxPromptBytes else {
            throw CompletionError.invalid(
                "messages", "the prompt is \(promptBytes) bytes as the model receives it; at most \(limits.maxPromptBytes) are accepted")
        }
        prepared.firstRequest = first
        prepared.estimatedTokens = StepRendering.estimatedTokens(of: first, format: model.promptFormat, maxTokens: sampling.maxTokens)
        switch route {
        case .perception:
            // The observations are not read yet: reserve for the most they can add.
            prepared.estimatedTokens += TokenEstimate.reservation(forPromptBytes: limits.visualSteps.maxListingBytes + VisualStepFormat.instructionBytes)
        case .vision:
            prepared.estimatedTokens += TokenEstimate.reservation(forPromptBytes: VisualStepFormat.instructionBytes)
        case nil:
            break
        }
        return prepared
    }

    /// The sampling options, checked against the model.
    private func sampling(_ request: CompleteRequest, model: ModelDescriptor) throws(RPCError) -> (maxTokens: Int, temperature: Double?, topP: Double?) {
        let ceiling = min(model.maxOutputTokens, model.contextLength - 1)
        let maxTokens = request.maxTokens == 0 ? ceiling : Int(request.maxTokens)
        guard maxTokens <= ceiling else {
            throw CompletionError.invalid("max_tokens", "max_tokens must be at most \(ceiling) for \(model.name) (0 means \(ceiling))")
        }
        if let temperature = request.temperature, !(0...2).contains(temperature) {
            throw CompletionError.invalid("temperature", "temperature must be 0 to 2")
        }
        if let topP = request.topP, !(topP > 0 && topP <= 1) {
            throw CompletionError.invalid("top_p", "top_p must be more than 0 and at most 1")
        }
        guard request.stopSequences.count <= limits.maxStopSequences,
            request.stopSequences.allSatisfy({ (1...limits.maxStopSequenceBytes).contains($0.utf8.count) })
        else {
            throw CompletionError.invalid(
                "stop_sequences", "at most \(limits.maxStopSequences) stop sequences of 1 to \(limits.maxStopSequenceBytes) bytes")
        }
        try checkReasoning(request.reasoning, model: model)
        return (maxTokens, request.temperature.map(Double.init), request.topP.map(Double.init))
    }

    private func checkReasoning(_ reasoning: ReasoningOptions?, model: ModelDescriptor) throws(RPCError) {
        guard let reasoning else { return }
        if reasoning.enabled, !model.capabilities.reasoning {
            throw CompletionError.invalid("reasoning.enabled", "extended reasoning is not available on \(model.name)")
        }
        if reasoning.budgetTokens != 0 {
            let why = reasoning.enabled ? "is not passed to \(model.name)'s backend; send 0 for its default" : "needs reasoning.enabled"
            throw CompletionError.invalid("reasoning.budget_tokens", "budget_tokens \(why)")
        }
    }

    private func loopBounds(_ options: ToolLoopOptions?) throws(RPCError) -> (UInt32, UInt32) {
        let steps = options?.maxSteps ?? 0
        let calls = options?.maxToolCalls ?? 0
        guard steps <= limits.maxStepsCap else {
            throw CompletionError.invalid("tool_loop.max_steps", "max_steps must be at most \(limits.maxStepsCap)")
        }
        guard calls <= limits.maxToolCallsCap else {
            throw CompletionError.invalid("tool_loop.max_tool_calls", "max_tool_calls must be at most \(limits.maxToolCallsCap)")
        }
        return (steps == 0 ? limits.defaultMaxSteps : steps, calls == 0 ? limits.defaultMaxToolCalls : calls)
    }

    /// `text` as it may appear in an error message.
    static func printable(_ text: String) -> String {
        PrintableText.of(text)
    }
}
