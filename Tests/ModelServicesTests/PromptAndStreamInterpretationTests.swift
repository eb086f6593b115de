import Testing

@testable import ModelServices

/// Prompt rendering and stream interpretation as values, without sockets.
@Suite struct PromptAndStreamInterpretationTests {
    @Test func aLonePromptOrUserMessageIsSentVerbatim() {
        #expect(PromptRendering.rawPrompt(for: ModelRequest(prompt: "The capital of France is")) == "The capital of France is")
        #expect(PromptRendering.rawPrompt(for: ModelRequest(messages: [.init(role: .user, text: "Hi")])) == "Hi")
        #expect(PromptRendering.rawPrompt(for: ModelRequest(systemPrompt: "Be brief.", prompt: "Hi")) == "Be brief.\n\nHi")
    }

    @Test func aConversationBecomesATranscriptForTheModelToContinue() {
        let request = ModelRequest(
            systemPrompt: "You answer.", messages: [.init(role: .user, text: "2+2?"), .init(role: .assistant, text: "4"), .init(role: .user, text: "3+3?")])
        #expect(PromptRendering.rawPrompt(for: request) == "You answer.\n\nUser: 2+2?\n\nAssistant: 4\n\nUser: 3+3?\n\nAssistant:")
        let prefilled = ModelRequest(messages: [.init(role: .user, text: "Name a fruit"), .init(role: .assistant, text: "Ba")])
        #expect(PromptRendering.rawPrompt(for: prefilled) == "User: Name a fruit\n\nAssistant: Ba")
    }

    @Test func chatMessagesPutTheSystemPromptFirstAndThePromptLast() {
        let request = ModelRequest(systemPrompt: "S", messages: [.init(role: .user, text: "U")], prompt: "P")
        #expect(PromptRendering.chatMessages(for: request).map(\.role) == [.system, .user, .user])
        #expect(PromptRendering.chatMessages(for: request).map(\.text) == ["S", "U", "P"])
    }

    private func call(_ format: PromptFormat, kind: ModelConfiguration.BackendKind) throws -> BackendCall {
        let configuration = ModelConfiguration(
            models: ["m": .init(kind: kind, urls: ["http://h:1"], promptFormat: format, contextLength: 100, maxOutputTokens: 10)], defaultModel: "m")
        return try BackendCall(ModelRequest(prompt: "12345678"), configuration: configuration, stream: true)
    }

    @Test func llamaChunksCarryExactUsageAndAStopTypeEndsTheStream() throws {
        var interpreter = StreamInterpreter(call: try call(.raw, kind: .llamaCpp))
        #expect(interpreter.usageSoFar == ModelUsage(promptTokens: 2, completionTokens: 0, isEstimate: true))
        let first = try interpreter.interpret(ServerSentEvent(data: #"{"content":"a","stop":false,"tokens_predicted":1,"tokens_evaluated":3}"#))
        #expect(first == [.delta("a", usageSoFar: ModelUsage(promptTokens: 3, completionTokens: 1))])
        // A token that is not yet printable text (part of a UTF-8 sequence) still counts.
        #expect(try interpreter.interpret(ServerSentEvent(data: #"{"content":"","stop":false,"tokens_predicted":2,"tokens_evaluated":3}"#)).isEmpty)
        #expect(interpreter.usageSoFar.completionTokens == 2)
        let last = try interpreter.interpret(
            ServerSentEvent(data: #"{"content":"","stop":true,"stop_type":"word","stopping_word":"\n","tokens_predicted":3,"tokens_evaluated":3}"#))
        let usage = ModelUsage(promptTokens: 3, completionTokens: 3)
        #expect(last == [.finished(ModelResult(text: "a", stopReason: .stopSequence, stopSequence: "\n", usage: usage))])
        #expect(try interpreter.interpret(ServerSentEvent(data: "ignored after the end")).isEmpty)
    }

    @Test func openAIChunksWithoutUsageAreCountedAndDoneEndsTheStream() throws {
        var interpreter = StreamInterpreter(call: try call(.raw, kind: .openAI))
        _ = try interpreter.interpret(ServerSentEvent(data: #"{"choices":[{"text":"x","finish_reason":null}]}"#))
        _ = try interpreter.interpret(ServerSentEvent(data: #"{"choices":[{"text":"y","finish_reason":"length"}]}"#))
        #expect(
            interpreter.endOfStream()
                == ModelResult(text: "xy", stopReason: .maxTokens, usage: ModelUsage(promptTokens: 2, completionTokens: 2, isEstimate: true)))
        var done = StreamInterpreter(call: try call(.chat, kind: .openAI))
        #expect(try done.interpret(ServerSentEvent(data: "[DONE]")) == [.finished(ModelResult(text: "", stopReason: .end, usage: done.usageSoFar))])
    }

    @Test func chunksThatAreNotTheProtocolAreBadResponses() throws {
        var llama = StreamInterpreter(call: try call(.raw, kind: .llamaCpp))
        for data in ["not json", "[1,2]", #"{"tokens_predicted":"many"}"#, #"{"index":0}"#] {
            #expect(throws: ModelServiceError.self) { _ = try llama.interpret(ServerSentEvent(data: data)) }
        }
        var openAI = StreamInterpreter(call: try call(.chat, kind: .openAI))
        let error = #expect(throws: ModelServiceError.self) { _ = try openAI.interpret(ServerSentEvent(data: #"{"id":"x"}"#)) }
        #expect(error?.code == .badResponse)
        let rejected = #expect(throws: ModelServiceError.self) {
            _ = try openAI.interpret(ServerSentEvent(data: #"{"error":{"code":400,"message":"bad"}}"#))
        }
        #expect(rejected?.code == .invalidRequest)
    }

    @Test func theAccumulatorGivesAPartialResultAfterAnEarlyStop() {
        var accumulator = ModelStreamAccumulator()
        accumulator.add(.textDelta("Hel", usageSoFar: ModelUsage(promptTokens: 4, completionTokens: 1)))
        accumulator.add(.textDelta("lo", usageSoFar: ModelUsage(promptTokens: 4, completionTokens: 2)))
        #expect(accumulator.result == nil)
        #expect(
            accumulator.partialResult(stopReason: .cancelled)
                == ModelResult(text: "Hello", stopReason: .cancelled, usage: ModelUsage(promptTokens: 4, completionTokens: 2)))
        let final = ModelResult(text: "Hello", stopReason: .end, usage: ModelUsage(promptTokens: 4, completionTokens: 3))
        accumulator.add(.finished(final))
        #expect(accumulator.partialResult(stopReason: .cancelled) == final)
    }

    @Test func errorMessagesAreTrimmedToOneLine() {
        #expect(trimmed("a\n\tb  c") == "a b c")
        #expect(trimmed(String(repeating: "x", count: 500)).count == 301)
    }
}
