import Foundation

/// Reads a backend's answers: a whole JSON completion, or streamed chunks, in each dialect.
enum ResponseInterpreter {
    /// The result of a unary completion.
    static func result(of body: Data, call: BackendCall) throws(ModelServiceError) -> ModelResult {
        switch call.dialect {
        case .llamaCompletion:
            let response = try decode(LlamaCompletionResponse.self, from: body, what: "completion")
            if let error = response.error { throw backendError(error) }
            guard let content = response.content else {
                throw .badResponse("the backend's completion has no 'content'")
            }
            let usage = llamaUsage(response, completionFallback: 0, call: call)
            let stopReason = llamaStopReason(response.stop_type)
            return ModelResult(text: content, stopReason: stopReason, stopSequence: llamaStopSequence(response, stopReason), usage: usage)
        case .openAICompletion, .openAIChat:
            let response = try decode(OpenAIResponse.self, from: body, what: "completion")
            if let error = response.error { throw backendError(error) }
            guard let choice = response.choices?.first else {
                throw .badResponse("the backend's completion has no choices")
            }
            var assembly = ToolCallAssembly()
            for (index, piece) in (choice.message?.tool_calls ?? []).enumerated() {
                var whole = piece
                whole.index = whole.index ?? index
                try assembly.add(whole)
            }
            let text = call.dialect == .openAIChat ? choice.message?.content ?? (assembly.calls.isEmpty ? nil : "") : choice.text
            guard let text else {
                throw .badResponse("the backend's completion has no \(call.dialect == .openAIChat ? "'message.content'" : "'text'")")
            }
            let usage = openAIUsage(response.usage, completionFallback: 0, call: call)
            return ModelResult(
                text: text, stopReason: openAIStopReason(choice.finish_reason), usage: usage, toolCalls: assembly.calls,
                reasoning: call.dialect == .openAIChat ? choice.message?.reasoning_content ?? "" : "")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, what: String) throws(ModelServiceError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            let sample = String(decoding: data.prefix(120), as: UTF8.self)
            throw .badResponse("the backend's \(what) is not the expected JSON (\(describe(error))): \(trimmed(sample, limit: 120))")
        }
    }

    /// An error object inside a 200 answer or a stream.
    static func backendError(_ error: BackendErrorBody) -> ModelServiceError {
        let message = trimmed(error.message ?? "no message")
        if let code = error.code, (400..<500).contains(code), code != 408, code != 429 {
            return .invalidRequest("the backend rejected the request (\(code)): \(message)")
        }
        return .unavailable("the backend reported an error\(error.code.map { " (\($0))" } ?? ""): \(message)")
    }

    static func llamaStopReason(_ stopType: String?) -> ModelStopReason {
        switch stopType {
        case "limit": .maxTokens
        case "word": .stopSequence
        default: .end  // "eos", "none", absent
        }
    }

    static func llamaStopSequence(_ response: LlamaCompletionResponse, _ reason: ModelStopReason) -> String? {
        guard reason == .stopSequence, let word = response.stopping_word, !word.isEmpty else { return nil }
        return word
    }

    static func openAIStopReason(_ finishReason: String?) -> ModelStopReason {
        // OpenAI reports a stop sequence as "stop", like the end of the answer.
        switch finishReason {
        case "length": .maxTokens
        case "tool_calls": .toolCalls
        default: .end
        }
    }

    static func llamaUsage(_ response: LlamaCompletionResponse, completionFallback: Int, call: BackendCall) -> ModelUsage {
        ModelUsage(
            promptTokens: response.tokens_evaluated ?? call.estimatedPromptTokens,
            completionTokens: response.tokens_predicted ?? completionFallback,
            isEstimate: response.tokens_evaluated == nil || response.tokens_predicted == nil
        )
    }

    static func openAIUsage(_ usage: OpenAIResponse.Usage?, completionFallback: Int, call: BackendCall) -> ModelUsage {
        ModelUsage(
            promptTokens: usage?.prompt_tokens ?? call.estimatedPromptTokens,
            completionTokens: usage?.completion_tokens ?? completionFallback,
            isEstimate: usage?.prompt_tokens == nil || usage?.completion_tokens == nil
        )
    }

    /// A decoding error in a sentence, without Foundation's debug noise.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return trimmed("\(error)", limit: 160) }
        switch error {
        case .dataCorrupted(let context):
            return context.underlyingError.map { trimmed("\($0.localizedDescription)", limit: 160) } ?? "not valid JSON"
        case .keyNotFound(let key, _):
            return "missing '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(dottedPath(context.codingPath))'"
        @unknown default:
            return "not valid JSON"
        }
    }
}

/// `text` on one line, without control characters, cut to `limit` characters.
func trimmed(_ text: String, limit: Int = 300) -> String {
    var cleaned = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    cleaned = cleaned.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    return cleaned.count > limit ? cleaned.prefix(limit) + "…" : cleaned
}
