import Completion
import FlintTestSupport
import ModelServices
import Testing
import ToolSchema
import FlintAPI

/// Tool use on a backend with native tool calling: what Flint sends, and that whatever
/// the backend returns is validated.
@Suite struct NativeToolTests {
    static let lookup = ToolDefinition(name: "lookup_order", description: "Finds an order", parametersJSONSchema: lookupSchema)

    func request(_ choice: ToolChoice? = nil, parallel: Bool = true, loop: ToolLoopOptions? = nil) -> CompleteRequest {
        CompleteRequest(
            model: "scripted-chat", messages: [userText("Where is A-1234?")], tools: [Self.lookup], toolChoice: choice, serverTools: ["calculator"],
            disableParallelToolCalls: !parallel, toolLoop: loop)
    }

    @Test func toolsChoiceAndParallelismAreAlwaysSent() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedNative(isDefault: true)], turns: [.text(["ok"])])
        _ = try await run(pipeline(backend), request(parallel: false))
        let sent = try #require(backend.requests.first)
        #expect(sent.tools.map(\.name) == ["lookup_order", "calculator"])
        #expect(sent.toolChoice == .auto)
        #expect(sent.parallelToolCalls == false)
        #expect(sent.grammar == nil)
        #expect(sent.tools[0].parameters == (try JSONParser.parse(lookupSchema)))
    }

    @Test func aNamedToolIsSentAloneAsRequired() async throws {
        let call = ModelToolCall(id: "x", name: "lookup_order", argumentsJSON: #"{"id":"A-1234"}"#)
        let backend = ScriptedTurnBackend(models: [.scriptedNative(isDefault: true)], turns: [.toolCalls([call])])
        let result = try await run(pipeline(backend), request(ToolChoice(mode: .tool, toolName: "lookup_order")))
        let sent = try #require(backend.requests.first)
        #expect(sent.tools.map(\.name) == ["lookup_order"])
        #expect(sent.toolChoice == .required)
        // The backend's own id is replaced by one unique in the conversation.
        #expect(result.outputs == [.toolCall(partIndex: 0, ToolCall(id: "call_1", name: "lookup_order", argumentsJSON: #"{"id":"A-1234"}"#))])
        #expect(result.summary.stopReason == .toolUse)
    }

    @Test func aCallUnderToolChoiceNoneIsNeverReturned() async throws {
        let call = ModelToolCall(id: "x", name: "lookup_order", argumentsJSON: #"{"id":"A-1234"}"#)
        let backend = ScriptedTurnBackend(models: [.scriptedNative(isDefault: true)], turns: [.toolCalls([call]), .text(["In transit."])])
        let result = try await run(pipeline(backend), request(ToolChoice(mode: .none)))
        #expect(result.outputs.compactMap(\.toolCall).isEmpty)
        #expect(result.outputs.compactMap(\.text).joined() == "In transit.")
        #expect(backend.requests[0].toolChoice == ModelToolChoice.none)
        // The re-ask shows the model its call answered with the reason.
        let retry = backend.requests[1].messages
        #expect(retry.contains { $0.role == .tool && $0.text.contains("must not be called") })
    }

    @Test func textUnderRequiredIsReasked() async throws {
        let call = ModelToolCall(id: "", name: "lookup_order", argumentsJSON: #"{"id":"A-1234"}"#)
        let backend = ScriptedTurnBackend(models: [.scriptedNative(isDefault: true)], turns: [.text(["I think it is late."]), .toolCalls([call])])
        let result = try await run(pipeline(backend), request(ToolChoice(mode: .required)))
        // Held text of a turn that had to call a tool is not passed on.
        #expect(result.outputs.compactMap(\.text).isEmpty)
        #expect(result.outputs.compactMap(\.toolCall).count == 1)
        #expect(result.summary.usage.modelCalls == 2)
    }

    @Test func argumentsThatAreNotJSONAreRejected() async throws {
        let broken = ModelToolCall(id: "a", name: "lookup_order", argumentsJSON: #"{"id": "A-12"#)
        let fixed = ModelToolCall(id: "b", name: "lookup_order", argumentsJSON: #"{"id":"A-1234"}"#)
        let backend = ScriptedTurnBackend(models: [.scriptedNative(isDefault: true)], turns: [.toolCalls([broken]), .toolCalls([fixed])])
        let result = try await run(pipeline(backend), request(ToolChoice(mode: .required)))
        #expect(result.outputs.compactMap(\.toolCall).map(\.argumentsJSON) == [#"{"id":"A-1234"}"#])
        let retry = backend.requests[1].messages
        #expect(retry.contains { $0.role == .assistant && $0.toolCalls.map(\.argumentsJSON) == [#"{"id": "A-12"#] })
        #expect(retry.contains { $0.role == .tool && $0.text.contains("not JSON") })
    }

    @Test func serverAndClientCallsInOneTurn() async throws {
        let calls = [
            ModelToolCall(id: "", name: "calculator", argumentsJSON: #"{"expression":"6*7"}"#),
            ModelToolCall(id: "", name: "lookup_order", argumentsJSON: #"{"id":"A-1234"}"#),
        ]
        let backend = ScriptedTurnBackend(models: [.scriptedNative(isDefault: true)], turns: [.toolCalls(calls)])
        let result = try await run(pipeline(backend), request())
        #expect(result.outputs.compactMap(\.toolCall).map(\.serverTool) == [true, false])
        #expect(result.outputs.compactMap(\.toolResult).map(\.toolCallID) == ["call_1"])
        #expect(result.summary.stopReason == .toolUse)
    }

    @Test func serverResultsGoBackAsToolMessages() async throws {
        let calls = [ModelToolCall(id: "", name: "calculator", argumentsJSON: #"{"expression":"6*7"}"#)]
        let backend = ScriptedTurnBackend(models: [.scriptedNative(isDefault: true)], turns: [.toolCalls(calls), .text(["42"])])
        _ = try await run(pipeline(backend), request())
        let second = backend.requests[1].messages
        let assistant = try #require(second.first { $0.role == .assistant })
        #expect(assistant.toolCalls.map(\.id) == ["call_1"])
        let tool = try #require(second.first { $0.role == .tool })
        #expect(tool.toolCallID == "call_1")
        #expect(tool.text.contains("42"))
    }
}
