import Logging
import ModelServices
import Wire

/// `flint.v1.Inference`: completions (unary and streamed), token counts and the model list,
/// served by a ``ModelBackend``. Every method needs the `inference` scope.
struct InferenceService: Sendable {
    let backend: any ModelBackend
    let preparation: CompletionPreparation

    init(backend: any ModelBackend, maxPromptBytes: Int) {
        self.backend = backend
        self.preparation = CompletionPreparation(models: backend.models, maxPromptBytes: maxPromptBytes)
    }

    func register(in router: inout Router) {
        let prepare = preparation
        router.register("/flint.v1.Inference/Complete", UnaryMethod(estimate: { try prepare.prepare($0).estimatedTokens }, complete), scope: .inference)
        router.register("/flint.v1.Inference/StreamComplete", ServerStreamingMethod<CompleteRequest, CompletionEvent>(estimate: { try prepare.prepare($0).estimatedTokens }, streamComplete), scope: .inference)
        router.register("/flint.v1.Inference/CountTokens", UnaryMethod(countTokens), scope: .inference)
        router.register("/flint.v1.Inference/ListModels", UnaryMethod(listModels), scope: .inference)
    }

    @Sendable func complete(_ request: CompleteRequest, _ context: ServerCallContext) async throws -> CompleteResponse {
        let prepared = try preparation.prepare(request)
        let result: ModelResult
        do {
            result = try await backend.complete(prepared.request, deadline: context.deadline)
        } catch let error as ModelServiceError {
            report(error.partialUsage, model: prepared.model.name, partial: true, to: context)
            throw ModelErrorMapping.error(error)
        }
        report(result.usage, model: prepared.model.name, partial: false, to: context)
        return CompleteResponse(
            model: prepared.model.name, content: [.text(TextPart(text: result.text))],
            stopReason: ModelErrorMapping.stopReason(result.stopReason), stopSequence: "",
            usage: ModelErrorMapping.usage(result.usage, partial: false)
        )
    }

    @Sendable func streamComplete(_ request: CompleteRequest, _ context: ServerCallContext, _ writer: ResponseWriter) async throws {
        let prepared = try preparation.prepare(request)
        var sequence: UInt64 = 0
        var usage = ModelUsage.zero
        func send(_ event: CompletionEvent.Event) async throws {
            sequence += 1
            try await writer.send(CompletionEvent(sequence: sequence, partIndex: 0, event: event))
        }
        var finished = false
        do {
            for try await event in backend.stream(prepared.request, deadline: context.deadline) {
                switch event {
                case .textDelta(let text, let soFar):
                    usage = soFar
                    try await send(.textDelta(TextDelta(text: text)))
                case .finished(let result):
                    finished = true
                    usage = result.usage
                    report(result.usage, model: prepared.model.name, partial: false, to: context)
                    let final = ModelErrorMapping.usage(result.usage, partial: false)
                    try await send(.usage(final))
                    try await send(.stop(Stop(reason: ModelErrorMapping.stopReason(result.stopReason), stopSequence: "", usage: final, model: prepared.model.name)))
                }
            }
            // A stream ends without `finished` only when this task was cancelled.
            if !finished { throw CancellationError() }
        } catch let error as ModelServiceError {
            report(error.partialUsage ?? usage, model: prepared.model.name, partial: true, to: context)
            throw ModelErrorMapping.error(error)
        } catch {
            // Cancelled (client CANCEL, disconnect, deadline) or the writer failed: bill what was produced.
            report(usage, model: prepared.model.name, partial: true, to: context)
            throw error
        }
    }

    @Sendable func countTokens(_ request: CountTokensRequest, _ context: ServerCallContext) async throws -> CountTokensResponse {
        let model = try preparation.model(named: request.model)
        let text = ([request.systemPrompt] + request.messages.map(CompletionPreparation.text(of:)))
            .filter { !$0.isEmpty }.joined(separator: "\n\n")
        guard text.utf8.count <= preparation.maxPromptBytes else {
            throw CompletionPreparation.invalid("messages", "the text is over \(preparation.maxPromptBytes) bytes")
        }
        do {
            let count = try await backend.countTokens(text, model: model.name)
            return CountTokensResponse(inputTokens: UInt64(count), model: model.name)
        } catch let error as ModelServiceError {
            throw ModelErrorMapping.error(error)
        }
    }

    @Sendable func listModels(_ request: ListModelsRequest, _ context: ServerCallContext) async throws -> ListModelsResponse {
        ListModelsResponse(models: backend.models.map { model in
            ModelInfo(
                name: model.name,
                capabilities: Wire.ModelCapabilities(images: model.capabilities.images, tools: model.capabilities.tools, reasoning: model.capabilities.reasoning),
                contextLength: UInt32(clamping: model.contextLength), maxOutputTokens: UInt32(clamping: model.maxOutputTokens),
                promptFormat: "", isDefault: model.isDefault
            )
        })
    }

    private func report(_ usage: ModelUsage?, model: String, partial: Bool, to context: ServerCallContext) {
        guard let usage else { return }
        context.meter.report(model: model, inputTokens: UInt64(max(0, usage.promptTokens)), outputTokens: UInt64(max(0, usage.completionTokens)), partial: partial)
    }
}

/// Model-service results in wire terms.
enum ModelErrorMapping {
    static func error(_ error: ModelServiceError) -> RPCError {
        switch error.code {
        case .unavailable: RPCError(.unavailable, "the model backend is unavailable: \(error.message)", retryAfterMs: 1000)
        case .deadlineExceeded: RPCError(.deadlineExceeded, "the call's deadline passed while the model was generating")
        case .notFound: RPCError(.notFound, error.message)
        case .invalidRequest: RPCError(.invalidArgument, error.message)
        case .cancelled: RPCError(.cancelled, "the call was cancelled")
        default: RPCError(.internalError, "the model backend answered badly: \(error.message)")
        }
    }

    static func stopReason(_ reason: ModelStopReason) -> StopReason {
        switch reason {
        case .end: .endTurn
        case .maxTokens: .maxTokens
        case .stopSequence: .stopSequence
        case .cancelled: .unspecified
        }
    }

    static func usage(_ usage: ModelUsage, partial: Bool) -> Usage {
        Usage(inputTokens: UInt64(max(0, usage.promptTokens)), outputTokens: UInt64(max(0, usage.completionTokens)), reasoningTokens: 0, partial: partial)
    }
}
