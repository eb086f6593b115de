import Foundation
import Testing
import ToolSchema

@testable import ModelServices

/// What Flint sends for native tools and grammars, and how it reads tool calls back.
@Suite struct ToolWireFormatTests {
    private func configuration(_ format: PromptFormat, kind: ModelConfiguration.BackendKind) -> ModelConfiguration {
        ModelConfiguration(
            models: [
                "m": .init(kind: kind, urls: ["http://h:1"], promptFormat: format, contextLength: 100, maxOutputTokens: 10, capabilities: .init(tools: true))
            ],
            defaultModel: "m")
    }

    private func body(_ call: BackendCall) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: call.body) as? [String: Any])
    }

    static let schema = try! JSONParser.parse(#"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}"#)

    @Test func chatToolsGoAsOpenAIToolsWithChoiceAndParallelism() throws {
        let request = ModelRequest(
            messages: [
                ModelMessage(role: .user, text: "where?"),
                ModelMessage(role: .assistant, text: "", toolCalls: [ModelToolCall(id: "call_1", name: "lookup", argumentsJSON: #"{"id":"A"}"#)]),
                ModelMessage(role: .tool, text: "shipped", toolCallID: "call_1"),
            ],
            tools: [ModelTool(name: "lookup", description: "Finds", parameters: Self.schema)], toolChoice: .required, parallelToolCalls: false)
        let json = try body(try BackendCall(request, configuration: configuration(.chat, kind: .openAI), stream: true))
        #expect(json["tool_choice"] as? String == "required")
        #expect(json["parallel_tool_calls"] as? Bool == false)
        let tools = try #require(json["tools"] as? [[String: Any]])
        let function = try #require(tools.first?["function"] as? [String: Any])
        #expect(tools.first?["type"] as? String == "function")
        #expect(function["name"] as? String == "lookup")
        #expect((function["parameters"] as? [String: Any])?["required"] as? [String] == ["id"])
        let messages = try #require(json["messages"] as? [[String: Any]])
        #expect(messages[1]["content"] is NSNull)
        let calls = try #require(messages[1]["tool_calls"] as? [[String: Any]])
        #expect((calls.first?["function"] as? [String: Any])?["arguments"] as? String == #"{"id":"A"}"#)
        #expect(messages[2]["role"] as? String == "tool")
        #expect(messages[2]["tool_call_id"] as? String == "call_1")
    }

    @Test func requestsWithoutToolsSendNoToolFields() throws {
        let json = try body(try BackendCall(ModelRequest(prompt: "hi"), configuration: configuration(.chat, kind: .openAI), stream: false))
        #expect(json["tools"] == nil && json["tool_choice"] == nil && json["parallel_tool_calls"] == nil)
    }

    @Test func aGrammarGoesToLlamaCompletionOnly() throws {
        let json = try body(
            try BackendCall(ModelRequest(prompt: "hi", grammar: "root ::= \"x\""), configuration: configuration(.raw, kind: .llamaCpp), stream: true))
        #expect(json["grammar"] as? String == "root ::= \"x\"")
        #expect(throws: ModelServiceError.self) {
            _ = try BackendCall(ModelRequest(prompt: "hi", grammar: "root ::= \"x\""), configuration: configuration(.chat, kind: .llamaCpp), stream: true)
        }
        #expect(throws: ModelServiceError.self) {
            _ = try BackendCall(
                ModelRequest(prompt: "hi", tools: [ModelTool(name: "t", description: "", parameters: Self.schema)]),
                configuration: configuration(.raw, kind: .llamaCpp),
                stream: true)
        }
    }

    @Test func streamedToolCallFragmentsBecomeWholeCalls() throws {
        let call = try BackendCall(ModelRequest(prompt: "hi"), configuration: configuration(.chat, kind: .openAI), stream: true)
        var interpreter = StreamInterpreter(call: call)
        let chunks = [
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"lookup","arguments":""}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"id\":"}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":1,"id":"b","function":{"name":"lookup","arguments":"{}"}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"A\"}"}}]},"finish_reason":"tool_calls"}]}"#,
        ]
        for chunk in chunks { #expect(try interpreter.interpret(ServerSentEvent(data: chunk)).isEmpty) }
        guard case .finished(let result) = try interpreter.interpret(ServerSentEvent(data: "[DONE]")).first else {
            Issue.record("no result")
            return
        }
        #expect(result.stopReason == .toolCalls)
        #expect(
            result.toolCalls == [
                ModelToolCall(id: "a", name: "lookup", argumentsJSON: #"{"id":"A"}"#), ModelToolCall(id: "b", name: "lookup", argumentsJSON: "{}"),
            ])
    }

    @Test func aToolCallFragmentWithoutAnIndexOrBeyondTheBoundIsABadResponse() throws {
        let call = try BackendCall(ModelRequest(prompt: "hi"), configuration: configuration(.chat, kind: .openAI), stream: true)
        var interpreter = StreamInterpreter(call: call)
        for chunk in [
            #"{"choices":[{"delta":{"tool_calls":[{"function":{"name":"x"}}]}}]}"#, #"{"choices":[{"delta":{"tool_calls":[{"index":64}]}}]}"#,
        ] {
            let error = #expect(throws: ModelServiceError.self) { _ = try interpreter.interpret(ServerSentEvent(data: chunk)) }
            #expect(error?.code == .badResponse)
        }
    }

    @Test func unaryToolCallsAreRead() throws {
        let call = try BackendCall(ModelRequest(prompt: "hi"), configuration: configuration(.chat, kind: .openAI), stream: false)
        let body =
            #"{"choices":[{"message":{"content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"lookup","arguments":"{\"id\":\"A\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":7}}"#
        let result = try ResponseInterpreter.result(of: Data(body.utf8), call: call)
        #expect(result.text == "")
        #expect(result.stopReason == .toolCalls)
        #expect(result.toolCalls == [ModelToolCall(id: "c", name: "lookup", argumentsJSON: #"{"id":"A"}"#)])
    }
}
