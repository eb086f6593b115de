import FlintTestSupport
import ModelServices
import Synchronization
import Testing
import FlintAPI

@testable import Completion

/// The tool loop on a scripted backend: model → tool calls → results → model.
@Suite struct ToolLoopTests {
    let calculator = ToolChoice(mode: .tool, toolName: "calculator")

    @Test func forcedCalculatorRunsAndTheModelAnswers() async throws {
        let backend = ScriptedTurnBackend(
            models: [.scriptedConstrained()],
            turns: [.text(writtenCall("calculator", #"{"expression":"17*23"}"#)), .text(["The answer", " is 391."])])
        let result = try await run(
            pipeline(backend), CompleteRequest(messages: [userText("What is 17 times 23?")], toolChoice: calculator, serverTools: ["calculator"]))
        let call = try #require(result.outputs.first?.toolCall)
        #expect(call == ToolCall(id: "call_1", name: "calculator", argumentsJSON: #"{"expression":"17*23"}"#, serverTool: true))
        let toolResult = try #require(result.outputs.dropFirst().first?.toolResult)
        #expect(toolResult.toolCallID == "call_1")
        #expect(!toolResult.isError)
        #expect(toolResult.text.contains(#""value":"391""#))
        #expect(result.outputs.compactMap(\.text).joined() == "The answer is 391.")
        #expect(result.outputs.map(\.partIndex) == [0, 1, 2, 2])
        #expect(result.summary.stopReason == .endTurn)
        #expect(result.summary.usage.modelCalls == 2)
        #expect(result.summary.usage.toolCalls == 1)
        #expect(result.summary.usage.inputTokens == 20)

        let requests = backend.requests
        #expect(requests.count == 2)
        // The first call is held to the calculator's grammar; the second sees the result.
        #expect(requests[0].grammar?.contains("calculator") == true)
        #expect(requests[0].systemPrompt?.contains("calculator") == true)
        #expect(requests[1].messages.contains { $0.text.contains("Tool result for call_1") && $0.text.contains("391") })
    }

    @Test func clientToolCallEndsWithToolUse() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(writtenCall("lookup_order", #"{"id":"A-1234"}"#))])
        let request = CompleteRequest(
            messages: [userText("Where is order A-1234?")],
            tools: [ToolDefinition(name: "lookup_order", description: "Finds an order", parametersJSONSchema: lookupSchema)],
            toolChoice: ToolChoice(mode: .required))
        let result = try await run(pipeline(backend), request)
        #expect(result.outputs == [.toolCall(partIndex: 0, ToolCall(id: "call_1", name: "lookup_order", argumentsJSON: #"{"id":"A-1234"}"#))])
        #expect(result.summary.stopReason == .toolUse)
        #expect(result.summary.usage.toolCalls == 0)
    }

    @Test func clientToolResultContinuesTheConversation() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(["It ships today."])])
        let request = CompleteRequest(
            messages: [
                userText("Where is order A-1234?"),
                Message(role: .assistant, parts: [.toolCall(ToolCall(id: "call_1", name: "lookup_order", argumentsJSON: #"{"id":"A-1234"}"#))]),
                Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: "call_1", content: [.text(TextPart(text: "status: packed"))]))]),
            ],
            tools: [ToolDefinition(name: "lookup_order", parametersJSONSchema: lookupSchema)])
        let result = try await run(pipeline(backend), request)
        #expect(result.summary.stopReason == .endTurn)
        let prompt = PromptRendering.rawPrompt(for: try #require(backend.requests.first))
        #expect(prompt.contains(#"<tool_call>{"name":"lookup_order","arguments":{"id":"A-1234"}}</tool_call>"#))
        #expect(prompt.contains("Tool result for call_1: status: packed"))
    }

    @Test func newCallIDsSkipTheConversationsIDs() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(writtenCall("lookup_order", #"{"id":"B-99"}"#))])
        let request = CompleteRequest(
            messages: [
                userText("Two orders"),
                Message(role: .assistant, parts: [.toolCall(ToolCall(id: "call_1", name: "lookup_order", argumentsJSON: #"{"id":"A-1234"}"#))]),
                Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: "call_1", content: []))]),
            ],
            tools: [ToolDefinition(name: "lookup_order", parametersJSONSchema: lookupSchema)], toolChoice: ToolChoice(mode: .required))
        let result = try await run(pipeline(backend), request)
        #expect(result.outputs.first?.toolCall?.id == "call_2")
    }

    @Test func parallelCallsAllRunInOrder() async throws {
        let two = writtenCall("calculator", #"{"expression":"1+1"}"#) + ["\n"] + writtenCall("calculator", #"{"expression":"2^10"}"#)
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(two), .text(["2 and 1024"])])
        let result = try await run(
            pipeline(backend), CompleteRequest(messages: [userText("1+1 and 2^10?")], toolChoice: ToolChoice(mode: .required), serverTools: ["calculator"]))
        #expect(result.outputs.compactMap(\.toolCall).map(\.id) == ["call_1", "call_2"])
        let results = result.outputs.compactMap(\.toolResult)
        #expect(results.map(\.toolCallID) == ["call_1", "call_2"])
        #expect(results[0].text.contains(#""value":"2""#))
        #expect(results[1].text.contains(#""value":"1024""#))
        #expect(result.summary.usage.toolCalls == 2)
    }

    @Test func disabledParallelCallsAllowOneCallPerTurn() async throws {
        let two = writtenCall("calculator", #"{"expression":"1+1"}"#) + writtenCall("calculator", #"{"expression":"2+2"}"#)
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(two), .text(two)])
        let request = CompleteRequest(
            messages: [userText("sums")], toolChoice: ToolChoice(mode: .required), serverTools: ["calculator"], disableParallelToolCalls: true,
            toolLoop: ToolLoopOptions(maxSteps: 2))
        let error = await #expect(throws: RPCError.self) { try await run(pipeline(backend), request) }
        #expect(error?.code == .internalError)
        #expect(error?.message.contains("at most 1 tool call per turn") == true)
        #expect(backend.requests.first?.grammar?.contains("tool-calls ::= tool-call\n") == true)
    }

    @Test func theStepLimitStopsALoopingModel() async throws {
        let again = writtenCall("calculator", #"{"expression":"1+1"}"#)
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(again), .text(again), .text(again)])
        let meter = RecordingMeter()
        let request = CompleteRequest(
            messages: [userText("loop")], toolChoice: calculator, serverTools: ["calculator"], toolLoop: ToolLoopOptions(maxSteps: 2))
        let result = try await run(pipeline(backend), request, meter: meter)
        #expect(result.summary.stopReason == .toolStepLimit)
        #expect(result.summary.usage.modelCalls == 2)
        // Step 1's call ran; step 2's call is returned but not run.
        #expect(result.outputs.compactMap(\.toolCall).count == 2)
        #expect(result.outputs.compactMap(\.toolResult).count == 1)
        #expect(meter.reservations.count == 1)
        #expect(meter.records.count == 2)
        #expect(backend.remainingTurns == 1)
    }

    @Test func theToolCallLimitStopsTheLoop() async throws {
        let again = writtenCall("calculator", #"{"expression":"1+1"}"#)
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(again), .text(again)])
        let request = CompleteRequest(
            messages: [userText("loop")], toolChoice: calculator, serverTools: ["calculator"], toolLoop: ToolLoopOptions(maxSteps: 5, maxToolCalls: 1))
        let result = try await run(pipeline(backend), request)
        #expect(result.summary.stopReason == .toolStepLimit)
        #expect(result.summary.usage.toolCalls == 1)
    }

    @Test func anInvalidCallIsReaskedWithTheReasonAndBilled() async throws {
        let backend = ScriptedTurnBackend(
            models: [.scriptedConstrained()],
            turns: [.text(writtenCall("lookup_order", #"{"id":"A"}"#)), .text(writtenCall("lookup_order", #"{"id":"A-1234"}"#))])
        let meter = RecordingMeter()
        let request = CompleteRequest(
            messages: [userText("Find A-1234")], tools: [ToolDefinition(name: "lookup_order", parametersJSONSchema: lookupSchema)],
            toolChoice: ToolChoice(mode: .required))
        let result = try await run(pipeline(backend), request, meter: meter)
        // Only the valid call reaches the caller.
        #expect(result.outputs.compactMap(\.toolCall).map(\.argumentsJSON) == [#"{"id":"A-1234"}"#])
        #expect(result.summary.usage.modelCalls == 2)
        #expect(meter.records.count == 2)
        #expect(meter.reservations.count == 1)
        let retry = PromptRendering.rawPrompt(for: backend.requests[1])
        #expect(retry.contains("rejected"))
        #expect(retry.contains("/id"))
    }

    @Test func callsThatNeverValidateEndAtTheStepLimitWithTheReason() async throws {
        let bad = writtenCall("lookup_order", #"{"id":"A"}"#)
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(bad), .text(bad), .text(bad)])
        let request = CompleteRequest(
            messages: [userText("Find A")], tools: [ToolDefinition(name: "lookup_order", parametersJSONSchema: lookupSchema)],
            toolChoice: ToolChoice(mode: .required), toolLoop: ToolLoopOptions(maxSteps: 3))
        let error = await #expect(throws: RPCError.self) { try await run(pipeline(backend), request) }
        #expect(error?.code == .internalError)
        #expect(error?.message.contains("no valid tool call in 3 steps") == true)
        #expect(error?.details.contains(.errorInfo(ErrorInfo(reason: "INVALID_TOOL_CALL", metadata: ["steps": "3"]))) == true)
    }

    @Test func aStepThatCannotBeAdmittedEndsTheCallAndBillsWhatRan() async throws {
        let backend = ScriptedTurnBackend(
            models: [.scriptedConstrained()], turns: [.text(writtenCall("calculator", #"{"expression":"1+1"}"#)), .text(["never"])])
        let meter = RecordingMeter(denyAfter: 0)
        let request = CompleteRequest(messages: [userText("1+1")], toolChoice: calculator, serverTools: ["calculator"])
        let error = await #expect(throws: RPCError.self) { try await run(pipeline(backend), request, meter: meter) }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.retryAfterMs == 1_234)
        #expect(meter.records == [RecordingMeter.Record(input: 10, output: UInt64(writtenCall("calculator", #"{"expression":"1+1"}"#).count), partial: false)])
        #expect(backend.requests.count == 1)
    }

    @Test func laterStepsReserveTheirOwnPromptAndOutput() async throws {
        let backend = ScriptedTurnBackend(
            models: [.scriptedConstrained()], turns: [.text(writtenCall("calculator", #"{"expression":"1+1"}"#)), .text(["2"])])
        let meter = RecordingMeter()
        let request = CompleteRequest(messages: [userText("1+1")], toolChoice: calculator, maxTokens: 100, serverTools: ["calculator"])
        let prepared = try pipeline(backend).prepare(request)
        _ = try await run(pipeline(backend), request, meter: meter)
        let second = try #require(meter.reservations.first)
        // The second prompt holds the first plus the call and its result: it reserves more.
        #expect(second > prepared.estimatedTokens)
        #expect(second == UInt64(PromptRendering.rawPrompt(for: backend.requests[1]).utf8.count) + 1 + 100)
    }

    @Test func cancellingStopsTheRunningTool() async throws {
        let hanging = HangingTool()
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(writtenCall("hang", "{}"))])
        let pipeline = pipeline(backend, extraTools: [hanging])
        let prepared = try pipeline.prepare(
            CompleteRequest(messages: [userText("wait")], toolChoice: ToolChoice(mode: .tool, toolName: "hang"), serverTools: ["hang"]))
        let meter = RecordingMeter()
        let task = Task { try await pipeline.run(prepared, deadline: nil, meter: meter) { _ in } }
        try await waitUntil(within: .seconds(10)) { hanging.started.load(ordering: .relaxed) > 0 }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(hanging.cancelled.load(ordering: .relaxed) == 1)
        #expect(meter.records.count == 1)
    }

    @Test func aToolThatTimesOutGivesTheModelAnError() async throws {
        let hanging = HangingTool()
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(writtenCall("hang", "{}")), .text(["gave up"])])
        let pipeline = CompletionPipeline(
            backend: backend, serverTools: try .init(tools: [hanging]), limits: CompletionLimits(), sleep: { _ in })  // the timeout elapses at once
        let result = try await run(pipeline, CompleteRequest(messages: [userText("wait")], toolChoice: ToolChoice(mode: .required), serverTools: ["hang"]))
        let toolResult = try #require(result.outputs.compactMap(\.toolResult).first)
        #expect(toolResult.isError)
        #expect(toolResult.text.contains("did not finish within"))
        #expect(result.outputs.compactMap(\.text).joined() == "gave up")
    }

    @Test func calculatorErrorsReachTheModelAsErrorResults() async throws {
        let backend = ScriptedTurnBackend(
            models: [.scriptedConstrained()], turns: [.text(writtenCall("calculator", #"{"expression":"1/0"}"#)), .text(["undefined"])])
        let result = try await run(pipeline(backend), CompleteRequest(messages: [userText("1/0")], toolChoice: calculator, serverTools: ["calculator"]))
        let toolResult = try #require(result.outputs.compactMap(\.toolResult).first)
        #expect(toolResult.isError)
        #expect(toolResult.text.contains("division by zero"))
    }

    @Test func aBackendFailureMidLoopBillsEveryStep() async throws {
        let backend = ScriptedTurnBackend(
            models: [.scriptedConstrained()],
            turns: [.text(writtenCall("calculator", #"{"expression":"1+1"}"#)), .fail(ModelServiceError(.unavailable, "gone"), after: ["a", "b"])])
        let meter = RecordingMeter()
        let error = await #expect(throws: RPCError.self) {
            try await run(pipeline(backend), CompleteRequest(messages: [userText("1+1")], toolChoice: calculator, serverTools: ["calculator"]), meter: meter)
        }
        #expect(error?.code == .unavailable)
        #expect(meter.records.count == 2)
        #expect(meter.records.last == RecordingMeter.Record(input: 10, output: 2, partial: true))
    }
}

/// Written calls cut off by max_tokens.
@Suite struct CutOffCallTests {
    @Test func wholeCallsBeforeACutOffOneCount() {
        let text = #"<tool_call>{"name":"calculator","arguments":{"expression":"1+1"}}</tool_call>"# + "\n" + #"<tool_call>{"name":"calc"#
        guard case .toolCalls(let calls) = ModelStep.parseCalls(text, stopReason: .maxTokens) else {
            Issue.record("the whole call is lost")
            return
        }
        #expect(calls.map(\.name) == ["calculator"])
    }

    @Test func aCutOffCallAloneIsMalformed() {
        let text = #"<tool_call>{"name":"calculator","arguments":{"expression":"1+"#
        guard case .malformed = ModelStep.parseCalls(text, stopReason: .maxTokens) else {
            Issue.record("a cut-off call passed")
            return
        }
    }

    @Test func trailingJunkWithoutMaxTokensIsMalformed() {
        let text = #"<tool_call>{"name":"calculator","arguments":{"expression":"1+1"}}</tool_call> and more"#
        guard case .malformed = ModelStep.parseCalls(text, stopReason: .end) else {
            Issue.record("junk after a call passed")
            return
        }
    }
}
