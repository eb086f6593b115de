import Completion
import FlintTestSupport
import ModelServices
import Testing
import FlintAPI

/// Every refusal of the preparation names its field; nothing is dropped.
@Suite struct PreparationTests {
    let pipeline = FlintTestSupportPipelines.constrained

    func refusal(_ request: CompleteRequest, using pipeline: CompletionPipeline? = nil) -> RPCError? {
        do {
            _ = try (pipeline ?? self.pipeline).prepare(request)
            return nil
        } catch {
            return error
        }
    }

    func field(of error: RPCError?) -> String? {
        error?.violatedFields.first
    }

    static func asking(_ text: String = "hi") -> [Message] { [userText(text)] }

    @Test func maxTokensZeroMeansTheModelsMaximum() throws {
        let prepared = try pipeline.prepare(CompleteRequest(messages: Self.asking()))
        #expect(prepared.maxTokens == 512)
        #expect(prepared.firstRequest.maxTokens == 512)
        // The prompt "hi" reserves one token per byte plus the beginning of sequence.
        #expect(prepared.estimatedTokens == 512 + 2 + 1)
    }

    @Test(arguments: [
        (CompleteRequest(messages: asking(), maxTokens: 513), "max_tokens"),
        (CompleteRequest(messages: asking(), stopSequences: Array(repeating: "x", count: 9)), "stop_sequences"),
        (CompleteRequest(messages: asking(), stopSequences: [""]), "stop_sequences"),
        (CompleteRequest(messages: asking(), temperature: 2.5), "temperature"),
        (CompleteRequest(messages: asking(), topP: 0), "top_p"),
        (CompleteRequest(messages: asking(), reasoning: ReasoningOptions(enabled: true)), "reasoning.enabled"),
        (CompleteRequest(messages: asking(), reasoning: ReasoningOptions(budgetTokens: 10)), "reasoning.budget_tokens"),
        (CompleteRequest(messages: asking(), reasoning: ReasoningOptions(visualSteps: true)), "reasoning.visual_steps"),
        (CompleteRequest(messages: []), "messages"),
        (CompleteRequest(messages: [Message(role: .unspecified, parts: [.text(TextPart(text: "x"))])]), "messages[0].role"),
        (CompleteRequest(messages: [Message(role: .user, parts: [])]), "messages[0].parts"),
        (CompleteRequest(messages: [Message(role: .user, parts: [.image(ImagePart(data: TestImages.png(width: 1, height: 1), mediaType: "image/png"))])]), "messages[0].parts[0]"),
        (CompleteRequest(messages: [Message(role: .user, parts: [.image(ImagePart(data: [1], mediaType: "image/png"))])]), "messages[0].parts[0].image"),
        (CompleteRequest(messages: [Message(role: .assistant, parts: [.reasoning(ReasoningPart(text: "hm"))]), userText("x")]), "messages[0].parts[0]"),
        (CompleteRequest(messages: [userText("")]), "messages"),
        (CompleteRequest(messages: [Message(role: .assistant, parts: [.observation(Observation(id: "o1"))]), userText("x")]), "messages[0].parts[0]"),
        (CompleteRequest(messages: [Message(role: .assistant, parts: [.reasoningStep(ReasoningStep(text: "a"))]), userText("x")]), "messages[0].parts[0]"),
    ])
    func refusesRequestFields(request: CompleteRequest, expected: String) {
        let error = refusal(request)
        #expect(error?.code == .invalidArgument)
        #expect(field(of: error) == expected)
    }

    @Test(arguments: [
        ([ToolDefinition(name: "bad name", parametersJSONSchema: lookupSchema)], "tools[0].name"),
        ([ToolDefinition(name: String(repeating: "a", count: 65), parametersJSONSchema: lookupSchema)], "tools[0].name"),
        ([ToolDefinition(name: "calculator", parametersJSONSchema: lookupSchema)], "tools[0].name"),
        ([ToolDefinition(name: "a", parametersJSONSchema: lookupSchema), ToolDefinition(name: "a", parametersJSONSchema: lookupSchema)], "tools[1].name"),
        ([ToolDefinition(name: "a", parametersJSONSchema: "{not json")], "tools[0].parameters_json_schema"),
        ([ToolDefinition(name: "a", parametersJSONSchema: #"{"type":"string"}"#)], "tools[0].parameters_json_schema"),
        ([ToolDefinition(name: "a", parametersJSONSchema: #"{"type":"object","format":"email"}"#)], "tools[0].parameters_json_schema"),
        ([ToolDefinition(name: "a", description: String(repeating: "d", count: 4097), parametersJSONSchema: lookupSchema)], "tools[0].description"),
    ])
    func refusesBadTools(tools: [ToolDefinition], expected: String) {
        let error = refusal(CompleteRequest(messages: Self.asking(), tools: tools))
        #expect(error?.code == .invalidArgument)
        #expect(field(of: error) == expected)
    }

    @Test func aRefusedSchemaKeywordIsNamedWithItsPath() {
        let error = refusal(
            CompleteRequest(
                messages: Self.asking(), tools: [ToolDefinition(name: "a", parametersJSONSchema: #"{"type":"object","properties":{"x":{"format":"email"}}}"#)]))
        #expect(error?.message.contains("/properties/x") == true)
        #expect(error?.message.contains("format") == true)
    }

    @Test(arguments: [
        (ToolChoice(mode: .tool, toolName: "nope"), "tool_choice.tool_name"),
        (ToolChoice(mode: .auto, toolName: "calculator"), "tool_choice.tool_name"),
        (ToolChoice(mode: ToolChoice.Mode(rawValue: 9)), "tool_choice.mode"),
    ])
    func refusesBadToolChoices(choice: ToolChoice, expected: String) {
        let error = refusal(CompleteRequest(messages: Self.asking(), toolChoice: choice, serverTools: ["calculator"]))
        #expect(field(of: error) == expected)
    }

    @Test func requiredNeedsTools() {
        #expect(field(of: refusal(CompleteRequest(messages: Self.asking(), toolChoice: ToolChoice(mode: .required)))) == "tool_choice.mode")
    }

    @Test func unknownAndRepeatedServerToolsAreRefused() {
        let unknown = refusal(CompleteRequest(messages: Self.asking(), serverTools: ["calculator", "teleport"]))
        #expect(field(of: unknown) == "server_tools[1]")
        #expect(unknown?.message.contains("ListTools") == true)
        #expect(field(of: refusal(CompleteRequest(messages: Self.asking(), serverTools: ["clock", "clock"]))) == "server_tools[1]")
    }

    @Test func aTextOnlyModelRefusesToolsAndToolParts() {
        let text = FlintTestSupportPipelines.text
        #expect(field(of: refusal(CompleteRequest(messages: Self.asking(), serverTools: ["calculator"]), using: text)) == "server_tools")
        let call = Message(role: .assistant, parts: [.toolCall(ToolCall(id: "c", name: "calculator", argumentsJSON: "{}"))])
        #expect(field(of: refusal(CompleteRequest(messages: [userText("x"), call]), using: text)) == "messages[1].parts[0]")
    }

    @Test func toolResultsMustAnswerAnEarlierCallOnce() {
        let tools = [ToolDefinition(name: "lookup_order", parametersJSONSchema: lookupSchema)]
        let call = Message(role: .assistant, parts: [.toolCall(ToolCall(id: "c1", name: "lookup_order", argumentsJSON: #"{"id":"abc"}"#))])
        let answer = Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: "c1"))])
        let orphan = Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: "c9"))])
        #expect(field(of: refusal(CompleteRequest(messages: [userText("x"), orphan], tools: tools))) == "messages[1].parts[0].tool_result.tool_call_id")
        #expect(
            field(of: refusal(CompleteRequest(messages: [userText("x"), call, answer, answer], tools: tools)))
                == "messages[3].parts[0].tool_result.tool_call_id")
        #expect(field(of: refusal(CompleteRequest(messages: [userText("x"), call, call], tools: tools))) == "messages[2].parts[0].tool_call.id")
        #expect(refusal(CompleteRequest(messages: [userText("x"), call, answer], tools: tools)) == nil)
    }

    @Test func earlierCallsMustNameAToolWithJSONArguments() {
        let tools = [ToolDefinition(name: "lookup_order", parametersJSONSchema: lookupSchema)]
        let unknown = Message(role: .assistant, parts: [.toolCall(ToolCall(id: "c1", name: "other", argumentsJSON: "{}"))])
        let notJSON = Message(role: .assistant, parts: [.toolCall(ToolCall(id: "c1", name: "lookup_order", argumentsJSON: "[1]"))])
        let fromUser = Message(role: .user, parts: [.toolCall(ToolCall(id: "c1", name: "lookup_order", argumentsJSON: "{}"))])
        #expect(field(of: refusal(CompleteRequest(messages: [userText("x"), unknown], tools: tools))) == "messages[1].parts[0].tool_call.name")
        #expect(field(of: refusal(CompleteRequest(messages: [userText("x"), notJSON], tools: tools))) == "messages[1].parts[0].tool_call.arguments_json")
        #expect(field(of: refusal(CompleteRequest(messages: [fromUser], tools: tools))) == "messages[0].parts[0]")
    }

    @Test func loopBoundsHaveDefaultsAndCaps() throws {
        let prepared = try pipeline.prepare(CompleteRequest(messages: Self.asking()))
        #expect(prepared.maxSteps == 4)
        #expect(prepared.maxToolCalls == 16)
        #expect(field(of: refusal(CompleteRequest(messages: Self.asking(), toolLoop: ToolLoopOptions(maxSteps: 17)))) == "tool_loop.max_steps")
        #expect(field(of: refusal(CompleteRequest(messages: Self.asking(), toolLoop: ToolLoopOptions(maxToolCalls: 65)))) == "tool_loop.max_tool_calls")
    }

    @Test func thePromptLimitCountsTheToolDescriptions() {
        let small = CompletionPipeline(
            backend: ScriptedTurnBackend(models: [.scriptedConstrained()], turns: []), serverTools: .builtIn(), limits: CompletionLimits(maxPromptBytes: 200))
        #expect(refusal(CompleteRequest(messages: Self.asking()), using: small) == nil)
        let error = refusal(CompleteRequest(messages: Self.asking(), serverTools: ["calculator"]), using: small)
        #expect(field(of: error) == "messages")
        #expect(error?.message.contains("as the model receives it") == true)
    }

    @Test func partsOfKindsThisServerDoesNotKnowAreRefusedNotDropped() {
        let future = Message(role: .user, parts: [.text(TextPart(text: "hi"))], unknownPartCount: 1)
        let error = refusal(CompleteRequest(messages: [future]))
        #expect(field(of: error) == "messages[0].parts")
        #expect(error?.message.contains("does not know") == true)
        let call = Message(role: .assistant, parts: [.toolCall(ToolCall(id: "c1", name: "calculator", argumentsJSON: #"{"expression":"1"}"#))])
        let result = Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: "c1", content: [], unknownPartCount: 2))])
        let inResult = refusal(CompleteRequest(messages: [userText("x"), call, result], serverTools: ["calculator"]))
        #expect(field(of: inResult) == "messages[2].parts[0].tool_result.content")
    }

    @Test func unknownModelIsNotFound() {
        #expect(refusal(CompleteRequest(model: "gpt-9", messages: Self.asking()))?.code == .notFound)
    }
}

/// Pipelines over scripted backends that never get called.
enum FlintTestSupportPipelines {
    static let constrained = CompletionPipeline(
        backend: ScriptedTurnBackend(models: [.scriptedConstrained()], turns: []), serverTools: .builtIn(), limits: CompletionLimits())
    static let text = CompletionPipeline(
        backend: ScriptedTurnBackend(models: [.scriptedText(isDefault: true)], turns: []), serverTools: .builtIn(), limits: CompletionLimits())
}
