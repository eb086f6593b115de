import FlintAPI

/// Values of every message of inference.proto, agents.proto and admin.proto, for tests
/// that run over all of them.
enum ProtobufAPISamples {
    static let allTypes: [any ProtobufMessage.Type] = [
        // inference.proto
        TextPart.self, ToolCall.self, ToolResultPart.self, ToolResult.self,
        ReasoningPart.self, ContentPart.self, Message.self, ToolDefinition.self,
        ToolChoice.self, ReasoningOptions.self, CompleteRequest.self, Usage.self,
        CompleteResponse.self, TextDelta.self, ReasoningDelta.self, Stop.self,
        CompletionEvent.self, CountTokensRequest.self, CountTokensResponse.self,
        ListModelsRequest.self, ModelCapabilities.self, ModelInfo.self, ImageSupport.self,
        ListModelsResponse.self, ToolLoopOptions.self, ListToolsRequest.self,
        ServerToolInfo.self, ListToolsResponse.self, Box.self, Observation.self,
        RegionRef.self, ReasoningStep.self,
        // agents.proto
        RunRequest.self, Plan.self, SubtaskStarted.self, SubtaskDelta.self,
        SubtaskFinished.self, FinalAnswer.self, AgentEvent.self, BudgetUpdate.self,
        // admin.proto
        Quota.self, KeyInfo.self, IssueKeyRequest.self, IssueKeyResponse.self,
        ListKeysRequest.self, ListKeysResponse.self, RevokeKeyRequest.self,
        RevokeKeyResponse.self, RotateKeyRequest.self, RotateKeyResponse.self,
        SetQuotaRequest.self, SetQuotaResponse.self, GetUsageRequest.self, UsageRow.self,
        GetUsageResponse.self,
        // documents.proto
        PutDocumentRequest.self, PutDocumentResponse.self, DeleteDocumentRequest.self,
        DeleteDocumentResponse.self, ListDocumentsRequest.self, DocumentInfo.self,
        ListDocumentsResponse.self, SearchDocumentsRequest.self, SearchHit.self,
        SearchDocumentsResponse.self,
    ]

    /// Every message type of `allTypes` at its defaults; each encodes to no bytes.
    /// (`ContentPart` and `ToolResultPart` are enums and have none.)
    static let defaults: [any ProtobufMessage] = [
        TextPart(), ToolCall(), ToolResult(), ReasoningPart(), Message(), ToolDefinition(),
        ToolChoice(), ReasoningOptions(), CompleteRequest(), Usage(), CompleteResponse(),
        TextDelta(), ReasoningDelta(), Stop(), CompletionEvent(), CountTokensRequest(),
        CountTokensResponse(), ListModelsRequest(), ModelCapabilities(), ModelInfo(), ImageSupport(),
        ListModelsResponse(), ToolLoopOptions(), ListToolsRequest(), ServerToolInfo(),
        ListToolsResponse(), Box(), Observation(), RegionRef(), ReasoningStep(), RunRequest(), Plan(), SubtaskStarted(), SubtaskDelta(),
        SubtaskFinished(), FinalAnswer(), AgentEvent(), BudgetUpdate(), Quota(), KeyInfo(), IssueKeyRequest(),
        IssueKeyResponse(), ListKeysRequest(), ListKeysResponse(), RevokeKeyRequest(),
        RevokeKeyResponse(), RotateKeyRequest(), RotateKeyResponse(), SetQuotaRequest(),
        SetQuotaResponse(), GetUsageRequest(), UsageRow(), GetUsageResponse(),
        PutDocumentRequest(), PutDocumentResponse(), DeleteDocumentRequest(), DeleteDocumentResponse(),
        ListDocumentsRequest(), DocumentInfo(), ListDocumentsResponse(), SearchDocumentsRequest(),
        SearchHit(), SearchDocumentsResponse(),
    ]

    /// Every message with all its fields set, every oneof case and every enum value
    /// (known and unknown) included, strings beyond ASCII included.
    static let full: [any ProtobufMessage] = [
        inference, contentParts.map(erase), toolResultParts.map(erase),
        completionEvents.map(erase), agents, agentEvents.map(erase), subtaskDeltas.map(erase),
        admin, documents,
    ].flatMap { $0 }

    // MARK: documents.proto

    static let documentInfo = DocumentInfo(
        collection: "manuals", id: "router-x1", title: "Router X1 — set-up", metadata: ["lang": "en", "rev": "3"],
        bytes: 18_204, updatedAtMs: 1_764_633_600_000)

    static let searchHit = SearchHit(
        collection: "manuals", id: "router-x1", title: "Router X1 — set-up", snippet: "hold [reset] for 10 s…", score: 3.25,
        metadata: ["lang": "en"])

    static let documents: [any ProtobufMessage] = [
        PutDocumentRequest(collection: "manuals", id: "router-x1", title: "Router X1", text: "Hold reset for 10 s. 日本語", metadata: ["lang": "en"]),
        PutDocumentResponse(created: true, partnerBytes: 18_204, partnerBytesLimit: 64 << 20),
        DeleteDocumentRequest(collection: "manuals", id: "router-x1"), DeleteDocumentResponse(deleted: true),
        ListDocumentsRequest(collection: "manuals", pageSize: 50, pageToken: "next"), documentInfo,
        ListDocumentsResponse(documents: [documentInfo, documentInfo], nextPageToken: "p2"),
        SearchDocumentsRequest(collection: "manuals", query: "reset NOT factory", limit: 5), searchHit,
        SearchDocumentsResponse(hits: [searchHit]),
    ]

    private static func erase(_ value: some ProtobufMessage) -> any ProtobufMessage { value }

    // MARK: inference.proto

    static let image = ImagePart(data: [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF], mediaType: "image/png")

    static let toolCall = ToolCall(
        id: "call-1", name: "calculator", argumentsJSON: #"{"expression":"2+2 × 3"}"#,
        serverTool: true)

    static let toolResultParts: [ToolResultPart] = [
        .text(TextPart(text: "8 — done")), .image(image),
    ]

    static let toolResult = ToolResult(
        toolCallID: "call-1", content: toolResultParts, isError: true)

    static let contentParts: [ContentPart] = [
        .text(TextPart(text: "What is 2+2×3? 日本語 🚀")), .image(image), .toolCall(toolCall),
        .toolResult(toolResult), .reasoning(ReasoningPart(text: "precedence first")),
        .observation(observation), .reasoningStep(reasoningStep),
    ]

    static let observation = Observation(
        id: "o3", imageIndex: 2, box: Box(x0: 120, y0: 340, x1: 560, y1: 380), text: "TOTAL 12.50",
        confidence: 0.93, source: "ocr")

    static let reasoningStep = ReasoningStep(
        index: 1, text: "The total line reads 12.50.",
        refs: [RegionRef(observationID: "o3", imageIndex: 2, box: Box(x0: 120, y0: 340, x1: 560, y1: 380))])

    static let usage = Usage(
        inputTokens: 1_200, outputTokens: 340, reasoningTokens: 120, partial: true,
        modelCalls: 3, toolCalls: 2)

    static let toolDefinition = ToolDefinition(
        name: "lookup_order", description: "Finds an order by id",
        parametersJSONSchema: #"{"type":"object","properties":{"id":{"type":"string"}}}"#)

    static let roles: [Role] = [.unspecified, .user, .assistant, Role(rawValue: 9), Role(rawValue: .max)]
    static let modes: [ToolChoice.Mode] = [
        .unspecified, .auto, .none, .required, .tool, ToolChoice.Mode(rawValue: 77),
    ]
    static let stopReasons: [StopReason] = [
        .unspecified, .endTurn, .maxTokens, .stopSequence, .toolUse, .toolStepLimit,
        StopReason(rawValue: 6), StopReason(rawValue: .max),
    ]

    static let completeRequest = CompleteRequest(
        model: "gemma-3-4b", systemPrompt: "Be brief. Réponds en français si besoin.",
        messages: roles.map { Message(role: $0, parts: contentParts) },
        tools: [toolDefinition, ToolDefinition(name: "empty")],
        toolChoice: ToolChoice(mode: .tool, toolName: "lookup_order"), maxTokens: 4_096,
        temperature: 0.7, topP: 0.95, stopSequences: ["\n\nHuman:", "", "END"],
        reasoning: ReasoningOptions(enabled: true, budgetTokens: 1_024, visualSteps: true),
        serverTools: ["calculator", "clock", "search", "ocr"], disableParallelToolCalls: true,
        toolLoop: ToolLoopOptions(maxSteps: 4, maxToolCalls: .max))

    static let inference: [any ProtobufMessage] =
        [
            TextPart(text: "héllo"), toolCall, toolResult, ReasoningPart(text: "thinking…"),
            toolDefinition, ReasoningOptions(enabled: true, budgetTokens: .max, visualSteps: true), usage,
            Box(x0: 0, y0: 1, x1: 1_000, y1: .max), observation, reasoningStep, reasoningStep.refs[0],
            completeRequest,
            CompleteRequest(
                messages: [Message(role: .user, parts: [.text(TextPart(text: "hi"))])],
                temperature: 0, topP: 0),
            TextDelta(text: "Hel"), ReasoningDelta(text: "so…"),
            CountTokensRequest(
                model: "gemma-3-4b", systemPrompt: "sys", messages: completeRequest.messages,
                tools: completeRequest.tools, serverTools: ["search"]),
            CountTokensResponse(inputTokens: .max, model: "gemma-3-4b"),
            ListModelsRequest(), ModelCapabilities(images: true, tools: true, reasoning: true),
            modelInfo, ListModelsResponse(models: [modelInfo, ModelInfo(name: "tiny")]),
            ToolLoopOptions(maxSteps: 8, maxToolCalls: 16), ListToolsRequest(), serverToolInfo,
            ListToolsResponse(tools: [serverToolInfo, ServerToolInfo(name: "clock")]),
        ] + everyEnumValue

    /// Each value of each inference enum, in the messages that carry it.
    static let everyEnumValue: [any ProtobufMessage] = [
        roles.map { role -> any ProtobufMessage in Message(role: role, parts: contentParts) },
        modes.map { mode -> any ProtobufMessage in ToolChoice(mode: mode, toolName: "x") },
        stopReasons.map { reason -> any ProtobufMessage in
            CompleteResponse(
                model: "gemma-3-4b", content: contentParts, stopReason: reason,
                stopSequence: "END", usage: usage)
        },
        stopReasons.map { reason -> any ProtobufMessage in
            Stop(reason: reason, stopSequence: "END", usage: usage, model: "gemma-3-4b")
        },
        toolCallings.map { calling -> any ProtobufMessage in
            ModelCapabilities(tools: true, toolCalling: calling)
        },
        imageInputs.map { input -> any ProtobufMessage in ImageSupport(input: input, maxSidePx: 8_000) },
    ].flatMap { $0 }

    static let imageInputs: [ImageInput] = [.unspecified, .none, .native, .perception, ImageInput(rawValue: 42)]

    static let imageSupport = ImageSupport(
        input: .native, mediaTypes: ["image/png", "image/jpeg", "image/webp", "image/gif"], minSidePx: 1, maxSidePx: 8_000,
        maxPixels: 40_000_000, maxImageBytes: 5 << 20, maxImagesPerRequest: 20, maxRequestImageBytes: .max, tokenPatchPx: 28,
        tokenMaxSidePx: 896, visualSteps: true)

    static let toolCallings: [ToolCalling] = [.unspecified, .none, .native, .constrained, ToolCalling(rawValue: 42)]

    static let serverToolInfo = ServerToolInfo(
        name: "calculator", description: "Exact arithmetic — ±×÷",
        parametersJSONSchema: #"{"type":"object","properties":{"expression":{"type":"string"}}}"#,
        runsIn: "builtin", timeoutMs: 2_000, maxOutputBytes: 4_096)

    static let modelInfo = ModelInfo(
        name: "gemma-3-4b", capabilities: ModelCapabilities(images: true, reasoning: true),
        contextLength: 131_072, maxOutputTokens: 8_192, promptFormat: "gemma3", isDefault: true, imageSupport: imageSupport)

    static let completionEvents: [CompletionEvent] = [
        .textDelta(TextDelta(text: "Hel")), .reasoningDelta(ReasoningDelta(text: "hmm")),
        .toolCall(toolCall), .toolResult(toolResult), .usage(usage),
        .stop(Stop(reason: .toolUse, stopSequence: "", usage: usage, model: "gemma-3-4b")),
        .observation(observation), .reasoningStep(reasoningStep),
    ].enumerated().map { index, event in
        CompletionEvent(sequence: UInt64(index) + 1 << 40, partIndex: UInt32(index), event: event)
    }

    // MARK: agents.proto

    static let subtasks = [
        Subtask(id: "t1", description: "find sources"),
        Subtask(id: "t2", description: "summarise", dependsOn: ["t1"]),
    ]

    static let outcomes: [SubtaskOutcome] = [
        .unspecified, .succeeded, .failed, .budgetExhausted, .cancelled,
        SubtaskOutcome(rawValue: 5),
    ]

    static let subtaskDeltas: [SubtaskDelta] = [
        SubtaskDelta.Delta.text("partial ✓"), .text(""), .toolCall(toolCall),
        .toolResult(toolResult), .reasoning("first the product"),
    ].map { SubtaskDelta(subtaskID: "t1", subAgentID: "agent-2", delta: $0) }

    static let agents: [any ProtobufMessage] =
        [
            RunRequest(
                goal: "Compare three papers", model: "gemma-3-4b", tokenBudget: 200_000,
                maxSubAgents: 4, serverTools: ["search", "ocr"], maxWallMs: 90_000, maxModelCalls: 40,
                maxToolCalls: 12, maxSubtasks: 6, images: [image, image]),
            Plan(subtasks: subtasks),
            SubtaskStarted(subtaskID: "t1", subAgentID: "agent-1"),
            FinalAnswer(text: "Paper B — best", usage: usage, budgetExhausted: true, runID: "run-7f3a"),
            BudgetUpdate(tokensBudget: 200_000, tokensReserved: 9_000, tokensUsed: 120_500, modelCalls: 17, toolCalls: 4, elapsedMs: 61_250),
        ]
        + outcomes.map { outcome -> any ProtobufMessage in
            SubtaskFinished(
                subtaskID: "t2", subAgentID: "agent-1", outcome: outcome, result: "done",
                usage: usage)
        }

    static let agentEvents: [AgentEvent] = [
        .plan(Plan(subtasks: subtasks)),
        .subtaskStarted(SubtaskStarted(subtaskID: "t1", subAgentID: "agent-1")),
        .subtaskDelta(subtaskDeltas[0]),
        .subtaskFinished(SubtaskFinished(subtaskID: "t1", outcome: .succeeded, result: "ok")),
        .usage(usage),
        .budgetUpdate(
            BudgetUpdate(
                tokensBudget: 20_000, tokensReserved: 1_500, tokensUsed: 7_321, modelCalls: 5, toolCalls: 2,
                elapsedMs: 4_200)),
        .finalAnswer(FinalAnswer(text: "answer", usage: usage)),
    ].enumerated().map { index, event in AgentEvent(sequence: UInt64(index), event: event) }

    // MARK: admin.proto

    static let quota = Quota(
        requestsPerMinute: 600, requestBurst: 60, tokensPerMinute: 90_000, tokenBurst: 20_000,
        maxConcurrentStreams: 8, dailyTokens: .max)

    static let keyInfo = KeyInfo(
        id: "k7Hq2", partner: "acme", name: "alice laptop ✈", scopes: ["inference", "agents"],
        quota: quota, createdAtMs: 1_700_000_000_000, expiresAtMs: 1_800_000_000_000,
        revokedAtMs: -1, lastUsedAtMs: .min, rotatedFrom: "k0ld")

    static let groupBys: [UsageGroupBy] = [
        .unspecified, .day, .model, .key, .partner, .method, .run, .runPart, UsageGroupBy(rawValue: 8),
        UsageGroupBy(rawValue: .max),
    ]

    static let usageRow = UsageRow(
        dayStartMs: 1_700_006_400_000, model: "gemma-3-4b", keyID: "k7Hq2", partner: "acme",
        method: "/flint.v1.Inference/Complete", requests: 10, failedRequests: 1,
        inputTokens: 12_000, outputTokens: .max, runID: "run-7f3a", runPart: "t2")

    static let admin: [any ProtobufMessage] = [
        quota, keyInfo,
        IssueKeyRequest(
            partner: "acme", name: "ci", scopes: ["inference", "", "admin"], quota: quota,
            expiresAtMs: .max),
        IssueKeyResponse(key: keyInfo, apiKey: "flint_k7Hq2_SECRETSECRET42"),
        ListKeysRequest(partner: "acme", includeInactive: true, pageSize: 1_000, pageToken: "p2"),
        ListKeysResponse(keys: [keyInfo, KeyInfo(id: "k2")], nextPageToken: "p3"),
        RevokeKeyRequest(keyID: "k7Hq2"), RevokeKeyResponse(key: keyInfo),
        RotateKeyRequest(keyID: "k7Hq2", gracePeriodSeconds: 3_600),
        RotateKeyResponse(key: keyInfo, apiKey: "flint_k8_SECRETSECRET43", previous: keyInfo),
        SetQuotaRequest(target: .keyID("k7Hq2"), quota: quota),
        SetQuotaRequest(target: .partner("acme"), quota: Quota()),
        SetQuotaRequest(target: .partner("")),
        SetQuotaResponse(quota: quota, effective: quota),
        GetUsageRequest(
            partner: "acme", sinceMs: 1, untilMs: .max, groupBy: groupBys, keyID: "k7Hq2"),
        usageRow,
        GetUsageResponse(rows: [usageRow, UsageRow()], completeUntilMs: 1_700_006_400_000),
    ]
}
