import Foundation

/// Turns a backend's server-sent events into deltas and one final result, keeping the
/// usage so far: the backend's counts where it reports them (llama-server's `/completion`
/// does in every chunk), else the number of deltas and the prompt estimate.
struct StreamInterpreter {
    enum Output: Equatable {
        case delta(String, usageSoFar: ModelUsage)
        /// More of the backend's reasoning (`delta.reasoning_content`).
        case reasoning(String, usageSoFar: ModelUsage)
        case finished(ModelResult)
    }

    let call: BackendCall
    private(set) var text = ""
    private(set) var reasoning = ""
    private(set) var deltaCount = 0
    private(set) var isFinished = false
    private var reportedPromptTokens: Int?
    private var reportedCompletionTokens: Int?
    private var stopReason: ModelStopReason?
    private var stopSequence: String?
    private var toolCalls = ToolCallAssembly()

    init(call: BackendCall) {
        self.call = call
    }

    var usageSoFar: ModelUsage {
        ModelUsage(
            promptTokens: reportedPromptTokens ?? call.estimatedPromptTokens,
            completionTokens: reportedCompletionTokens ?? deltaCount,
            isEstimate: reportedPromptTokens == nil || reportedCompletionTokens == nil
        )
    }

    mutating func interpret(_ event: ServerSentEvent) throws(ModelServiceError) -> [Output] {
        guard !isFinished else { return [] }
        if event.type == "error" {
            throw .unavailable("the backend reported an error mid-stream: \(trimmed(event.data))")
        }
        switch call.dialect {
        case .llamaCompletion:
            return try interpretLlama(event.data)
        case .openAICompletion, .openAIChat:
            return try interpretOpenAI(event.data)
        }
    }

    /// At the end of the body: the result if the stream had reached its end (an OpenAI
    /// stream that reported a finish reason but no `[DONE]`), else nil.
    mutating func endOfStream() -> ModelResult? {
        guard !isFinished, stopReason != nil else { return nil }
        return finish()
    }

    private mutating func interpretLlama(_ data: String) throws(ModelServiceError) -> [Output] {
        let chunk = try ResponseInterpreter.decode(LlamaCompletionResponse.self, from: Data(data.utf8), what: "stream chunk")
        if let error = chunk.error { throw ResponseInterpreter.backendError(error) }
        if let evaluated = chunk.tokens_evaluated { reportedPromptTokens = evaluated }
        if let predicted = chunk.tokens_predicted { reportedCompletionTokens = predicted }
        var outputs: [Output] = []
        if let content = chunk.content, !content.isEmpty {
            outputs.append(delta(content))
        }
        if chunk.stop == true {
            let reason = ResponseInterpreter.llamaStopReason(chunk.stop_type)
            stopReason = reason
            stopSequence = ResponseInterpreter.llamaStopSequence(chunk, reason)
            outputs.append(.finished(finish()))
        } else if chunk.content == nil {
            throw .badResponse("a stream chunk of the backend has neither 'content' nor 'stop'")
        }
        return outputs
    }

    private mutating func interpretOpenAI(_ data: String) throws(ModelServiceError) -> [Output] {
        if data == "[DONE]" {
            stopReason = stopReason ?? .end
            return [.finished(finish())]
        }
        let chunk = try ResponseInterpreter.decode(OpenAIResponse.self, from: Data(data.utf8), what: "stream chunk")
        if let error = chunk.error { throw ResponseInterpreter.backendError(error) }
        if let usage = chunk.usage {
            reportedPromptTokens = usage.prompt_tokens ?? reportedPromptTokens
            reportedCompletionTokens = usage.completion_tokens ?? reportedCompletionTokens
        }
        guard let choices = chunk.choices else {
            guard chunk.usage != nil else { throw .badResponse("a stream chunk of the backend has no 'choices'") }
            return []
        }
        var outputs: [Output] = []
        if let choice = choices.first {
            if call.dialect == .openAIChat, let thought = choice.delta?.reasoning_content, !thought.isEmpty {
                reasoning += thought
                deltaCount += 1
                outputs.append(.reasoning(thought, usageSoFar: usageSoFar))
            }
            let content = call.dialect == .openAIChat ? choice.delta?.content : choice.text
            if let content, !content.isEmpty {
                outputs.append(delta(content))
            }
            for piece in choice.delta?.tool_calls ?? [] {
                try toolCalls.add(piece)
            }
            if let reason = choice.finish_reason {
                stopReason = ResponseInterpreter.openAIStopReason(reason)
            }
        }
        return outputs
    }

    private mutating func delta(_ content: String) -> Output {
        text += content
        deltaCount += 1
        return .delta(content, usageSoFar: usageSoFar)
    }

    private mutating func finish() -> ModelResult {
        isFinished = true
        return ModelResult(
            text: text, stopReason: stopReason ?? .end, stopSequence: stopSequence, usage: usageSoFar, toolCalls: toolCalls.calls, reasoning: reasoning)
    }
}
