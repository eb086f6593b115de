import FlintFuzzTargets
import FlintAPI

/// Seed inputs of the messages target: for every request type, its default value and one
/// with every field set ("valid-…", which must decode), written with the real encoders.
enum MessageSeeds {
    static func all() -> [(name: String, bytes: [UInt8])] {
        var seeds: [(name: String, bytes: [UInt8])] = []
        for (variant, values) in [("empty", empty), ("full", full)] {
            for value in values {
                guard let input = MessageFuzzing.input(for: value) else { fatalError("\(type(of: value)) is not a request type") }
                seeds.append(("valid-\(type(of: value))-\(variant)", input))
            }
        }
        return seeds
    }

    private static let empty: [any ProtobufMessage] = [
        Settings(), RequestHeaders(), HealthCheckRequest(), CompleteRequest(), CountTokensRequest(),
        ListModelsRequest(), ListToolsRequest(), RunRequest(), IssueKeyRequest(), ListKeysRequest(),
        RevokeKeyRequest(), RotateKeyRequest(), SetQuotaRequest(), GetUsageRequest(),
    ]

    private static let quota = Quota(requestsPerMinute: 60, requestBurst: 10, tokensPerMinute: 10_000, tokenBurst: 2_000, maxConcurrentStreams: 4, dailyTokens: 1_000_000)

    static let conversation: [Message] = [
        Message(role: .user, parts: [.text(TextPart(text: "What is 2+2? Look at this:")), .image(ImagePart(data: [0x89, 0x50, 0x4E, 0x47], mediaType: "image/png"))]),
        Message(role: .assistant, parts: [
            .reasoning(ReasoningPart(text: "Use the calculator.")),
            .toolCall(ToolCall(id: "call-1", name: "calculator", argumentsJSON: #"{"expression":"2+2"}"#, serverTool: true)),
        ]),
        Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: "call-1", content: [.text(TextPart(text: "4"))], isError: false))]),
    ]

    static let tools = [ToolDefinition(name: "lookup", description: "Looks a word up.", parametersJSONSchema: #"{"type":"object","properties":{"word":{"type":"string"}}}"#)]

    static let completeRequest = CompleteRequest(
        model: "gemma3-270m", systemPrompt: "Be brief.", messages: conversation, tools: tools,
        toolChoice: ToolChoice(mode: .auto), maxTokens: 64, temperature: 0.7, topP: 0.9,
        stopSequences: ["\n\n"], reasoning: ReasoningOptions(enabled: true, budgetTokens: 16),
        serverTools: ["calculator", "clock"], disableParallelToolCalls: true,
        toolLoop: ToolLoopOptions(maxSteps: 4, maxToolCalls: 3))

    private static let full: [any ProtobufMessage] = [
        Settings(maxFrameSize: 1 << 20, maxConcurrentStreams: 8, clientVersion: "apiclient/0.1.0"),
        RequestHeaders(method: "/flint.v1.Inference/Complete", authorization: "Bearer not-a-key", requestID: "seed-1", timeoutMs: 5000, idempotencyKey: "idem-1", userAgent: "apiclient/0.1.0", metadata: ["x-a": "1", "x-b": "2"]),
        HealthCheckRequest(service: "flint.v1.Inference"),
        completeRequest,
        CountTokensRequest(model: "gemma3-270m", systemPrompt: "Be brief.", messages: conversation, tools: tools, serverTools: ["clock"]),
        ListModelsRequest(),
        ListToolsRequest(),
        RunRequest(goal: "Plan a picnic.", model: "gemma3-270m", tokenBudget: 10_000, maxSubAgents: 2, serverTools: ["clock"]),
        IssueKeyRequest(partner: "acme", name: "ci", scopes: ["inference", "admin"], quota: quota, expiresAtMs: 1_900_000_000_000),
        ListKeysRequest(partner: "acme", includeInactive: true, pageSize: 50, pageToken: "page-2"),
        RevokeKeyRequest(keyID: "key-1"),
        RotateKeyRequest(keyID: "key-1", gracePeriodSeconds: 3600),
        SetQuotaRequest(target: .partner("acme"), quota: quota),
        GetUsageRequest(partner: "acme", sinceMs: 1_700_000_000_000, untilMs: 1_800_000_000_000, groupBy: [.day, .model, .key], keyID: "key-1"),
    ]
}
