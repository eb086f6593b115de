import Foundation
import Logging
import RateLimit
import Testing

@testable import ModelServices

/// Canned backend answers, as llama-server and OpenAI-compatible servers send them.
enum Fixture {
    static let llamaCompletion = #"{"index":0,"content":" Paris.","stop":true,"stop_type":"eos","stopping_word":"","tokens_predicted":3,"tokens_evaluated":6}"#
    static let openAICompletion =
        #"{"choices":[{"text":" a city","index":0,"logprobs":null,"finish_reason":"length"}],"object":"text_completion","usage":{"completion_tokens":8,"prompt_tokens":6,"total_tokens":14}}"#
    static let chatCompletion =
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"Hi there!"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3}}"#

    static func llamaChunk(_ content: String, predicted: Int, evaluated: Int = 6) -> String {
        #"data: {"index":0,"content":"\#(content)","tokens":[1],"stop":false,"id_slot":-1,"tokens_predicted":\#(predicted),"tokens_evaluated":\#(evaluated)}"#
            + "\n\n"
    }

    static func llamaFinal(_ stopType: String, predicted: Int, evaluated: Int = 6) -> String {
        #"data: {"index":0,"content":"","tokens":[],"stop":true,"stop_type":"\#(stopType)","tokens_predicted":\#(predicted),"tokens_evaluated":\#(evaluated),"timings":{"predicted_n":\#(predicted)}}"#
            + "\n\n"
    }

    /// " Par", "is", "." then a token-limit stop: 3 tokens, prompt 6.
    static let llamaStream = [
        llamaChunk(" Par", predicted: 1), llamaChunk("is", predicted: 2), llamaChunk(".", predicted: 3), llamaFinal("limit", predicted: 3),
    ]

    static func chatChunk(_ content: String) -> String {
        #"data: {"choices":[{"index":0,"delta":{"content":"\#(content)"},"finish_reason":null}],"object":"chat.completion.chunk"}"# + "\n\n"
    }

    static let chatStream = [
        #"data: {"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}"# + "\n\n",
        chatChunk("Hel"), chatChunk("lo"),
        #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n",
        #"data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}"# + "\n\n",
        "data: [DONE]\n\n",
    ]

    static let error400 =
        #"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"invalid_request_error"}}"#
}

/// A backend for one model `m` at `urls`.
func makeBackend(
    urls: [String],
    kind: ModelConfiguration.BackendKind = .llamaCpp,
    format: PromptFormat = .raw,
    timeouts: ModelConfiguration.Timeouts = .init(),
    limits: OpenAICompatibleBackend.Limits = .init(),
    clock: any MonotonicClock = SystemMonotonicClock(),
    capabilities: ModelCapabilities = ModelCapabilities(),
    observer: (any BackendObserver)? = nil
) throws -> OpenAICompatibleBackend {
    let model = ModelConfiguration.Model(
        kind: kind, urls: urls, promptFormat: format, contextLength: 2048, maxOutputTokens: 512, capabilities: capabilities, timeouts: timeouts)
    let configuration = ModelConfiguration(models: ["m": model], defaultModel: "m", connectTimeout: .milliseconds(500))
    return try OpenAICompatibleBackend(configuration: configuration, limits: limits, observer: observer, clock: clock, logger: Logger(label: "test.models"))
}

/// Runs `body` with a backend, shutting it down on every path.
func withBackend<T>(
    urls: [String],
    kind: ModelConfiguration.BackendKind = .llamaCpp,
    format: PromptFormat = .raw,
    timeouts: ModelConfiguration.Timeouts = .init(),
    limits: OpenAICompatibleBackend.Limits = .init(),
    clock: any MonotonicClock = SystemMonotonicClock(),
    capabilities: ModelCapabilities = ModelCapabilities(),
    observer: (any BackendObserver)? = nil,
    _ body: (OpenAICompatibleBackend) async throws -> T
) async throws -> T {
    let backend = try makeBackend(
        urls: urls, kind: kind, format: format, timeouts: timeouts, limits: limits, clock: clock, capabilities: capabilities, observer: observer)
    do {
        let result = try await body(backend)
        try await backend.shutdown()
        return result
    } catch {
        try? await backend.shutdown()
        throw error
    }
}

/// The ModelServiceError `body` throws; records an issue if it throws something else or nothing.
func serviceError(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> ModelServiceError? {
    do {
        try await body()
        Issue.record("expected a ModelServiceError, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as ModelServiceError {
        return error
    } catch {
        Issue.record("expected a ModelServiceError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Everything a stream yields, and the error it ends with.
func collect(_ stream: AsyncThrowingStream<ModelEvent, any Error>) async -> (events: [ModelEvent], error: (any Error)?) {
    var events: [ModelEvent] = []
    do {
        for try await event in stream { events.append(event) }
        return (events, nil)
    } catch {
        return (events, error)
    }
}

extension [ModelEvent] {
    var deltas: [String] {
        compactMap { event in
            if case .textDelta(let text, _) = event { return text }
            return nil
        }
    }

    var finished: ModelResult? {
        for case .finished(let result) in self { return result }
        return nil
    }
}

let rawPrompt = ModelRequest(prompt: "The capital of France is", maxTokens: 8, temperature: 0)
