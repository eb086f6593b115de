import FlintTestSupport
import Foundation
import NIOHTTP1
import Testing

@testable import ModelServices

/// Success paths and the bodies sent, against a scripted HTTP backend.
@Suite struct OpenAICompatibleBackendTests {
    @Test func llamaRawCompletionUsesNativeCompletionWithExactUsage() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.llamaCompletion) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let result = try await backend.complete(rawPrompt, deadline: nil)
                #expect(result == ModelResult(text: " Paris.", stopReason: .end, usage: ModelUsage(promptTokens: 6, completionTokens: 3)))
                let request = try #require(server.requests.first)
                #expect(request.method == .POST)
                #expect(request.path == "/completion")
                #expect(request.json["prompt"] as? String == "The capital of France is")
                #expect(request.json["n_predict"] as? Int == 8)
                #expect(request.json["temperature"] as? Double == 0)
                #expect(request.json["stream"] as? Bool == false)
                #expect(request.json["stop"] == nil)
            }
        }
    }

    @Test func openAIRawCompletionReadsUsage() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.openAICompletion) }) { server in
            try await withBackend(urls: [server.url], kind: .openAI) { backend in
                var request = rawPrompt
                request.stopSequences = ["\n"]
                let result = try await backend.complete(request, deadline: nil)
                #expect(result == ModelResult(text: " a city", stopReason: .maxTokens, usage: ModelUsage(promptTokens: 6, completionTokens: 8)))
                let sent = try #require(server.requests.first)
                #expect(sent.path == "/v1/completions")
                #expect(sent.json["model"] as? String == "m")
                #expect(sent.json["max_tokens"] as? Int == 8)
                #expect(sent.json["stop"] as? [String] == ["\n"])
                #expect(sent.json["stream_options"] == nil)
            }
        }
    }

    @Test func chatCompletionSendsSystemThenMessages() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.chatCompletion) }) { server in
            try await withBackend(urls: [server.url], kind: .openAI, format: .chat) { backend in
                let request = ModelRequest(
                    systemPrompt: "Be brief.",
                    messages: [ModelMessage(role: .user, text: "Hello"), ModelMessage(role: .assistant, text: "Hi")],
                    prompt: "Again?", maxTokens: 16, topP: 0.9)
                let result = try await backend.complete(request, deadline: nil)
                #expect(result == ModelResult(text: "Hi there!", stopReason: .end, usage: ModelUsage(promptTokens: 12, completionTokens: 3)))
                let sent = try #require(server.requests.first)
                #expect(sent.path == "/v1/chat/completions")
                let messages = try #require(sent.json["messages"] as? [[String: String]])
                #expect(messages.map { $0["role"]! } == ["system", "user", "assistant", "user"])
                #expect(messages.map { $0["content"]! } == ["Be brief.", "Hello", "Hi", "Again?"])
                #expect(sent.json["top_p"] as? Double == 0.9)
            }
        }
    }

    @Test func aRequestCanAskForChatOnARawModel() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.chatCompletion) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                _ = try await backend.complete(ModelRequest(promptFormat: .chat, prompt: "Hi", maxTokens: 4), deadline: nil)
                #expect(server.requests.first?.path == "/v1/chat/completions")
            }
        }
    }

    @Test func llamaStreamYieldsDeltasWithExactUsageThenTheResult() async throws {
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: Fixture.llamaStream) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let (events, error) = await collect(backend.stream(rawPrompt, deadline: nil))
                #expect(error == nil)
                #expect(
                    events == [
                        .textDelta(" Par", usageSoFar: ModelUsage(promptTokens: 6, completionTokens: 1)),
                        .textDelta("is", usageSoFar: ModelUsage(promptTokens: 6, completionTokens: 2)),
                        .textDelta(".", usageSoFar: ModelUsage(promptTokens: 6, completionTokens: 3)),
                        .finished(ModelResult(text: " Paris.", stopReason: .maxTokens, usage: ModelUsage(promptTokens: 6, completionTokens: 3))),
                    ])
                #expect(server.requests.first?.json["stream"] as? Bool == true)
            }
        }
    }

    @Test func chatStreamTakesUsageFromTheLastChunk() async throws {
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: Fixture.chatStream) }) { server in
            try await withBackend(urls: [server.url], kind: .openAI, format: .chat) { backend in
                let (events, error) = await collect(backend.stream(ModelRequest(prompt: "Hi", maxTokens: 4), deadline: nil))
                #expect(error == nil)
                #expect(events.deltas == ["Hel", "lo"])
                #expect(events.finished == ModelResult(text: "Hello", stopReason: .end, usage: ModelUsage(promptTokens: 9, completionTokens: 2)))
                let options = server.requests.first?.json["stream_options"] as? [String: Bool]
                #expect(options == ["include_usage": true])
            }
        }
    }

    @Test func aStreamWithoutUsageCountsDeltasAndSaysSo() async throws {
        let chunks = [Fixture.chatChunk("a"), Fixture.chatChunk("b"), Fixture.chatChunk("c"), "data: [DONE]\n\n"]
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: chunks) }) { server in
            try await withBackend(urls: [server.url], kind: .openAI, format: .chat) { backend in
                let (events, _) = await collect(backend.stream(ModelRequest(prompt: "12345678", maxTokens: 4), deadline: nil))
                let usage = try #require(events.finished?.usage)
                #expect(usage.completionTokens == 3)
                #expect(usage.isEstimate)
                #expect(usage.promptTokens > 0)
            }
        }
    }

    @Test func aStreamEndingAfterItsFinishReasonWithoutDoneIsComplete() async throws {
        let chunks = [Fixture.chatChunk("a"), #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}"# + "\n\n"]
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: chunks) }) { server in
            try await withBackend(urls: [server.url], kind: .openAI, format: .chat) { backend in
                let (events, error) = await collect(backend.stream(ModelRequest(prompt: "x", maxTokens: 1), deadline: nil))
                #expect(error == nil)
                #expect(events.finished?.stopReason == .maxTokens)
            }
        }
    }

    @Test func stopTypesMapToStopReasons() async throws {
        let body = #"{"content":" 5,","stop":true,"stop_type":"word","stopping_word":" 6","tokens_predicted":5,"tokens_evaluated":12}"#
        try await ScriptedHTTPServer.with({ _ in .respond(body: body) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let request = ModelRequest(prompt: "1, 2, 3, 4,", maxTokens: 12, stopSequences: [" 6"])
                let result = try await backend.complete(request, deadline: nil)
                #expect(result.stopReason == .stopSequence)
                #expect(result.stopSequence == " 6")
                #expect(server.requests.first?.json["stop"] as? [String] == [" 6"])
            }
        }
    }

    @Test func countTokensUsesTheTokenizerOfLlamaServer() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(body: #"{"tokens":[818,5279,529,7001,563]}"#) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                #expect(try await backend.countTokens("The capital of France is") == 5)
                let request = try #require(server.requests.first)
                #expect(request.path == "/tokenize")
                #expect(request.json["content"] as? String == "The capital of France is")
                #expect(request.json["add_special"] as? Bool == true)
            }
        }
    }

    @Test func countTokensEstimatesForOtherBackends() async throws {
        let counts = try await withBackend(urls: ["http://127.0.0.1:9"], kind: .openAI) { backend in
            [try await backend.countTokens("12345678"), try await backend.countTokens("123456789"), try await backend.countTokens("")]
        }
        #expect(counts == [2, 3, 0])
    }

    @Test func healthAsksTheRightEndpoint() async throws {
        try await ScriptedHTTPServer.with({ request in
            request.path == "/health" ? .respond(body: #"{"status":"ok"}"#) : .respond(status: .notFound, body: "{}")
        }) { server in
            try await withBackend(urls: [server.url]) { backend in
                #expect(await backend.health())
            }
            try await withBackend(urls: [server.url], kind: .openAI) { backend in
                #expect(await backend.health() == false)
                #expect(server.requests.last?.path == "/v1/models")
            }
        }
    }

    @Test func healthIsFalseWhileLoadingOrDown() async throws {
        let loading = #"{"error":{"message":"Loading model","type":"unavailable_error","code":503}}"#
        try await ScriptedHTTPServer.with({ _ in .respond(status: .serviceUnavailable, body: loading) }) { server in
            try await withBackend(urls: [server.url, try refusedURL()]) { backend in
                #expect(await backend.health() == false)
                #expect(await backend.health(model: "unknown") == false)
            }
        }
    }

    @Test func theBackendListsItsModels() async throws {
        try await withBackend(urls: ["http://127.0.0.1:9"]) { backend in
            #expect(
                backend.models == [
                    ModelDescriptor(name: "m", contextLength: 2048, maxOutputTokens: 512, capabilities: .init(), promptFormat: .raw, isDefault: true)
                ])
        }
    }
}
