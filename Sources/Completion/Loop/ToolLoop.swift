import Logging
import ModelServices
import ServerTools
import ToolSchema
import FlintAPI

/// The state of one completion as it goes: the conversation so far, the steps and tool
/// runs spent, the usage added up, and the numbering of output parts.
struct ToolLoop {
    let pipeline: CompletionPipeline
    let prepared: PreparedCompletion
    let deadline: ContinuousClock.Instant?
    let meter: any CompletionMeter
    let logger: Logger
    let sink: CompletionSink

    private var conversation: [Message]
    private var choice: ToolChoiceMode
    private var steps: UInt32 = 0
    private var toolRuns: UInt32 = 0
    private var usage = Usage()
    var parts = PartNumbering()
    private var ids: CallIDs

    init(
        pipeline: CompletionPipeline, prepared: PreparedCompletion, deadline: ContinuousClock.Instant?, meter: any CompletionMeter,
        logger: Logger, sink: @escaping CompletionSink
    ) {
        self.pipeline = pipeline
        self.prepared = prepared
        self.deadline = deadline
        self.meter = meter
        self.logger = logger
        self.sink = sink
        self.conversation = prepared.messages
        self.choice = prepared.toolChoice
        self.ids = CallIDs(taken: prepared.callIDs)
    }

    mutating func run() async throws -> CompletionSummary {
        if let route = prepared.visualSteps { return try await runVisualSteps(route) }
        while true {
            let outcome = try await step()
            switch check(outcome) {
            case .answer:
                if !outcome.streamed, !outcome.text.isEmpty { try await emitText(outcome.text) }
                return summary(ModelStopMapping.stopReason(outcome.stopReason), stopSequence: outcome.stopSequence ?? "")
            case .invalid(let problems, let parsed):
                guard steps < prepared.maxSteps else { throw CompletionError.invalidToolCalls(problems, steps: steps) }
                reask(outcome, problems: problems, parsed: parsed)
            case .calls(let calls):
                if let reason = try await handle(calls) { return summary(reason, stopSequence: "") }
            }
        }
    }

    private func check(_ outcome: ModelStep.Outcome) -> ToolCallCheck.Verdict {
        let maxCalls = prepared.parallelToolCalls ? pipeline.limits.maxCallsPerTurn : 1
        return ToolCallCheck(tools: prepared.tools, choice: choice, maxCalls: maxCalls).verdict(outcome)
    }

    /// One model call: reserved (after the first), run, recorded.
    private mutating func step() async throws -> ModelStep.Outcome {
        var request =
            steps == 0 ? prepared.firstRequest : StepRendering(limits: pipeline.limits).request(for: prepared, conversation: conversation, choice: choice)
        if steps > 0 {
            let prompt = StepRendering.estimatedTokens(of: request, format: prepared.model.promptFormat, maxTokens: 0)
            request.maxTokens = try meter.reserve(promptTokens: prompt, maxTokens: prepared.maxTokens)
        }
        return try await call(request, gate: gate(for: request))
    }

    /// Runs one model call whose tokens are reserved, and records its usage however it ends.
    mutating func call(_ request: ModelRequest, gate: ModelStep.TextGate) async throws -> ModelStep.Outcome {
        steps += 1
        parts.closeText()
        let model = ModelStep(backend: pipeline.backend, request: request, gate: gate, deadline: deadline)
        var spent = ModelUsage.zero
        do {
            let outcome = try await model.run(spent: &spent) { piece in
                switch piece {
                case .text(let text): try await self.emitText(text)
                case .reasoning(let text): try await self.sink(.reasoningDelta(partIndex: self.parts.reasoningPart(), text: text))
                }
            }
            record(outcome.usage, partial: false)
            return outcome
        } catch let error as ModelServiceError {
            record(error.partialUsage ?? spent, partial: true)
            throw CompletionPipeline.rpcError(error, model: prepared.model.name, logger: logger)
        } catch {
            record(spent, partial: true)
            throw error
        }
    }

    /// Text is passed on as it arrives only when it can be the answer: never in a turn
    /// that must call a tool, and in a constrained turn that may, once it is clearly text.
    private func gate(for request: ModelRequest) -> ModelStep.TextGate {
        guard choice.allowsText else { return .hold }
        return request.grammar == nil ? .stream : .decideAtFirstCharacter
    }

    private mutating func record(_ spent: ModelUsage, partial: Bool) {
        let input = UInt64(max(0, spent.promptTokens))
        let output = UInt64(max(0, spent.completionTokens))
        usage.inputTokens += input
        usage.outputTokens += output
        usage.modelCalls += 1
        meter.record(model: prepared.model.name, inputTokens: input, outputTokens: output, partial: partial)
    }

    /// Passes validated calls on; runs the server ones. Nil to go on with another step,
    /// or the reason the completion stops.
    private mutating func handle(_ calls: [ToolCallCheck.Call]) async throws -> StopReason? {
        let wire = calls.map { ToolCall(id: ids.next(), name: $0.tool.name, argumentsJSON: $0.arguments.serialized(), serverTool: $0.tool.isServerTool) }
        for call in wire { try await sink(.toolCall(partIndex: parts.wholePart(), call)) }
        let runs = zip(wire, calls).compactMap { call, checked in
            checked.tool.server.map { ServerToolRunner.Run(id: call.id, tool: $0, arguments: checked.arguments) }
        }
        guard !runs.isEmpty else { return .toolUse }
        guard steps < prepared.maxSteps, toolRuns + UInt32(runs.count) <= prepared.maxToolCalls else { return .toolStepLimit }
        let context = ServerToolContext(images: ConversationImages.toolImages(conversation), partner: prepared.partner)
        let results = try await ServerToolRunner(concurrency: pipeline.limits.toolConcurrency, sleep: pipeline.sleep).run(runs, context: context)
        toolRuns += UInt32(results.count)
        usage.toolCalls += UInt64(results.count)
        for result in results { try await sink(.toolResult(partIndex: parts.wholePart(), result)) }
        if runs.count < wire.count { return .toolUse }
        conversation.append(Message(role: .assistant, parts: wire.map { .toolCall($0) } + results.map { .toolResult($0) }))
        if choice != .none { choice = .auto }
        return nil
    }

    /// Shows the model what was wrong with its turn, for another try.
    private mutating func reask(_ outcome: ModelStep.Outcome, problems: [String], parsed: [(name: String, arguments: String)]) {
        let advice =
            "Your last turn was rejected: \(problems.joined(separator: "; ")). "
            + (choice.allowsCalls ? "Try again: call a tool with arguments that match its schema." : "Answer in text, without calling tools.")
        guard !parsed.isEmpty, parsed.allSatisfy({ prepared.tools.tool(named: $0.name) != nil }) else {
            conversation.append(Message(role: .assistant, parts: [.text(TextPart(text: outcome.text))]))
            conversation.append(Message(role: .user, parts: [.text(TextPart(text: advice))]))
            return
        }
        let calls = parsed.map { ToolCall(id: ids.next(), name: $0.name, argumentsJSON: $0.arguments) }
        conversation.append(Message(role: .assistant, parts: calls.map { .toolCall($0) }))
        let results = calls.map { ContentPart.toolResult(ServerToolRunner.failure($0.id, advice)) }
        conversation.append(Message(role: .user, parts: results))
    }

    mutating func emitText(_ text: String) async throws {
        try await sink(.textDelta(partIndex: parts.textPart(), text: text))
    }

    func summary(_ reason: StopReason, stopSequence: String) -> CompletionSummary {
        CompletionSummary(model: prepared.model.name, stopReason: reason, stopSequence: stopSequence, usage: usage)
    }
}

/// Tool call ids unique within the conversation: `call_1`, `call_2`, … skipping any the
/// caller's messages already use, so the same request always gets the same ids.
struct CallIDs {
    private var taken: Set<String>
    private var counter = 0

    init(taken: Set<String>) {
        self.taken = taken
    }

    mutating func next() -> String {
        while true {
            counter += 1
            let id = "call_\(counter)"
            if taken.insert(id).inserted { return id }
        }
    }
}
