import FlintTestSupport
import Testing
import FlintAPI

/// Random values of the big API messages round-trip, and encode canonically.
@Suite struct ProtobufAPIPropertyTests {
    @Test(
        "random API values round-trip and re-encode to the same bytes",
        arguments: [11, 12, 13, 0xF1_1A7] as [UInt64])
    func randomRoundTrips(seed: UInt64) throws {
        var random = RandomAPIValues(seed: seed)
        for _ in 0..<150 {
            try expectCanonicalRoundTrip(random.completeRequest())
            for kind in 0..<RandomAPIValues.completionEventKinds {
                try expectCanonicalRoundTrip(random.completionEvent(kind: kind))
            }
            for kind in 0..<RandomAPIValues.agentEventKinds {
                try expectCanonicalRoundTrip(random.agentEvent(kind: kind))
            }
            try expectCanonicalRoundTrip(random.getUsageRequest())
            try expectCanonicalRoundTrip(random.getUsageResponse())
            try expectCanonicalRoundTrip(random.listKeysResponse())
        }
    }

    private func expectCanonicalRoundTrip<T: ProtobufMessage>(_ value: T) throws {
        let bytes = value.protobufBytes()
        let decoded = try T(protobufBytes: bytes)
        #expect(decoded == value)
        #expect(decoded.protobufBytes() == bytes)
    }
}

/// Random values of the API messages, reproducible from a seed.
struct RandomAPIValues {
    private var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    static let completionEventKinds = 9
    static let agentEventKinds = 8

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    private mutating func string() -> String { random.unicodeString() }

    private mutating func strings(_ maxCount: Int = 4) -> [String] {
        (0..<int(0...maxCount)).map { _ in string() }
    }

    private mutating func maybe<T>(_ make: (inout Self) -> T) -> T? {
        random.bool() ? make(&self) : nil
    }

    private mutating func int64() -> Int64 { Int64(bitPattern: random.uint64()) }

    /// A raw enum value, mostly known ones, sometimes any.
    private mutating func enumValue(known count: UInt32) -> UInt32 {
        random.bool() ? UInt32.random(in: 0..<count, using: &random) : random.uint32()
    }

    // MARK: inference.proto

    mutating func completeRequest() -> CompleteRequest {
        CompleteRequest(
            model: string(), systemPrompt: string(),
            messages: (0..<int(0...4)).map { _ in message() },
            tools: (0..<int(0...3)).map { _ in
                ToolDefinition(name: string(), description: string(), parametersJSONSchema: string())
            },
            toolChoice: maybe { ToolChoice(mode: .init(rawValue: $0.enumValue(known: 5)), toolName: $0.string()) },
            maxTokens: random.uint32(),
            temperature: maybe { Float.random(in: 0...2, using: &$0.random) },
            topP: maybe { Float.random(in: 0...1, using: &$0.random) },
            stopSequences: strings(8),
            reasoning: maybe { ReasoningOptions(enabled: $0.random.bool(), budgetTokens: $0.random.uint32(), visualSteps: $0.random.bool()) },
            serverTools: strings(), disableParallelToolCalls: random.bool(),
            toolLoop: maybe { ToolLoopOptions(maxSteps: $0.random.uint32(), maxToolCalls: $0.random.uint32()) })
    }

    mutating func message() -> Message {
        Message(role: Role(rawValue: enumValue(known: 3)), parts: (0..<int(0...4)).map { _ in contentPart() })
    }

    mutating func contentPart() -> ContentPart {
        switch int(0...6) {
        case 0: .text(TextPart(text: string()))
        case 1: .image(image())
        case 2: .toolCall(toolCall())
        case 3: .toolResult(toolResult())
        case 4: .observation(observation())
        case 5: .reasoningStep(reasoningStep())
        default: .reasoning(ReasoningPart(text: string()))
        }
    }

    mutating func box() -> Box {
        Box(x0: random.uint32(), y0: random.uint32(), x1: random.uint32(), y1: random.uint32())
    }

    mutating func observation() -> Observation {
        Observation(
            id: string(), imageIndex: random.uint32(), box: maybe { $0.box() }, text: string(),
            confidence: Float(int(0...1_000)) / 1_000, source: string())
    }

    mutating func reasoningStep() -> ReasoningStep {
        ReasoningStep(
            index: random.uint32(), text: string(),
            refs: (0..<int(0...3)).map { _ in RegionRef(observationID: string(), imageIndex: random.uint32(), box: maybe { $0.box() }) })
    }

    mutating func image() -> ImagePart {
        ImagePart(data: random.bytes(count: int(0...200)), mediaType: string())
    }

    mutating func toolCall() -> ToolCall {
        ToolCall(id: string(), name: string(), argumentsJSON: string(), serverTool: random.bool())
    }

    mutating func toolResult() -> ToolResult {
        ToolResult(
            toolCallID: string(),
            content: (0..<int(0...3)).map { _ in
                random.bool() ? .text(TextPart(text: string())) : .image(image())
            },
            isError: random.bool())
    }

    mutating func usage() -> Usage {
        Usage(
            inputTokens: random.uint64(), outputTokens: random.uint64(),
            reasoningTokens: random.uint64(), partial: random.bool(),
            modelCalls: random.uint64(), toolCalls: random.uint64())
    }

    /// An event of `kind`: 0 to 7 for each case of the oneof, 8 for none.
    mutating func completionEvent(kind: Int) -> CompletionEvent {
        let event: CompletionEvent.Event? =
            switch kind {
            case 0: .textDelta(TextDelta(text: string()))
            case 1: .reasoningDelta(ReasoningDelta(text: string()))
            case 2: .toolCall(toolCall())
            case 3: .toolResult(toolResult())
            case 4: .usage(usage())
            case 5:
                .stop(
                    Stop(
                        reason: StopReason(rawValue: enumValue(known: 6)), stopSequence: string(),
                        usage: maybe { $0.usage() }, model: string()))
            case 6: .observation(observation())
            case 7: .reasoningStep(reasoningStep())
            default: nil
            }
        return CompletionEvent(sequence: random.uint64(), partIndex: random.uint32(), event: event)
    }

    // MARK: agents.proto

    /// An event of `kind`: 0 to 6 for each case of the oneof, 7 for none.
    mutating func agentEvent(kind: Int) -> AgentEvent {
        let event: AgentEvent.Event? =
            switch kind {
            case 0:
                .plan(
                    Plan(
                        subtasks: (0..<int(0...4)).map { _ in
                            Subtask(id: string(), description: string(), dependsOn: strings())
                        }))
            case 1: .subtaskStarted(SubtaskStarted(subtaskID: string(), subAgentID: string()))
            case 2: .subtaskDelta(subtaskDelta())
            case 3:
                .subtaskFinished(
                    SubtaskFinished(
                        subtaskID: string(), subAgentID: string(),
                        outcome: SubtaskOutcome(rawValue: enumValue(known: 5)), result: string(),
                        usage: maybe { $0.usage() }))
            case 4: .usage(usage())
            case 5:
                .finalAnswer(
                    FinalAnswer(text: string(), usage: maybe { $0.usage() }, budgetExhausted: random.bool(), runID: string()))
            case 6:
                .budgetUpdate(
                    BudgetUpdate(
                        tokensBudget: random.uint64(), tokensReserved: random.uint64(), tokensUsed: random.uint64(),
                        modelCalls: random.uint64(), toolCalls: random.uint64(), elapsedMs: random.uint64()))
            default: nil
            }
        return AgentEvent(sequence: random.uint64(), event: event)
    }

    mutating func subtaskDelta() -> SubtaskDelta {
        let delta: SubtaskDelta.Delta? =
            switch int(0...4) {
            case 0: .text(string())
            case 1: .toolCall(toolCall())
            case 2: .toolResult(toolResult())
            case 3: .reasoning(string())
            default: nil
            }
        return SubtaskDelta(subtaskID: string(), subAgentID: string(), delta: delta)
    }

    // MARK: admin.proto

    mutating func getUsageRequest() -> GetUsageRequest {
        GetUsageRequest(
            partner: string(), sinceMs: int64(), untilMs: int64(),
            groupBy: (0..<int(0...6)).map { _ in UsageGroupBy(rawValue: enumValue(known: 6)) },
            keyID: string())
    }

    mutating func getUsageResponse() -> GetUsageResponse {
        GetUsageResponse(
            rows: (0..<int(0...8)).map { _ in
                UsageRow(
                    dayStartMs: int64(), model: string(), keyID: string(), partner: string(),
                    method: string(), requests: random.uint64(), failedRequests: random.uint64(),
                    inputTokens: random.uint64(), outputTokens: random.uint64(), runID: string(), runPart: string())
            },
            completeUntilMs: int64())
    }

    mutating func listKeysResponse() -> ListKeysResponse {
        ListKeysResponse(
            keys: (0..<int(0...4)).map { _ in
                KeyInfo(
                    id: string(), partner: string(), name: string(), scopes: strings(),
                    quota: maybe { $0.quota() }, createdAtMs: int64(), expiresAtMs: int64(),
                    revokedAtMs: int64(), lastUsedAtMs: int64(), rotatedFrom: string())
            },
            nextPageToken: string())
    }

    mutating func quota() -> Quota {
        Quota(
            requestsPerMinute: random.uint64(), requestBurst: random.uint64(),
            tokensPerMinute: random.uint64(), tokenBurst: random.uint64(),
            maxConcurrentStreams: random.uint64(), dailyTokens: random.uint64())
    }
}
