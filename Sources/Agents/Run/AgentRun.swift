import Completion
import Logging
import Synchronization
import FlintAPI

/// One run in progress: its prepared request, its budget, its event sequencer. Plans,
/// schedules the sub-agents (``AgentRun/schedule(_:)``) and writes the answer.
struct AgentRun: Sendable {
    let runner: AgentRunner
    let prepared: PreparedRun
    let runID: String
    let budget: RunBudget
    let events: RunEventSequencer
    let recorder: any RunRecorder
    let deadline: ContinuousClock.Instant?
    let logger: Logger

    var limits: AgentRunLimits { runner.limits }
    var pipeline: CompletionPipeline { runner.pipeline }

    /// Planning and the fan-out must end by this point of the run; the rest is the synthesis's.
    var fanOutWall: Duration { prepared.maxWall - prepared.maxWall / Int(limits.synthesisShareDivisor) }

    func orchestrate() async throws -> RunSummary {
        let plan = try await within(fanOutWall) { try await self.plan() } ?? []
        await events.send(.plan(Plan(subtasks: plan)))
        let text = try await withThrowingTaskGroup(of: Void.self) { group in
            // Budget updates, coalesced: after the plan, and before the final answer.
            group.addTask {
                for await _ in budget.changed { await events.send(.budgetUpdate(budget.update)) }
            }
            let reports = await schedule(plan)
            try Task.checkCancellation()
            let synthesis = try await within(prepared.maxWall) { try await self.synthesize(reports) } ?? .noRoom
            budget.close()
            try await group.waitForAll()
            switch synthesis {
            case .answer(let text): return text
            case .noRoom: return AgentPrompts.fallbackAnswer(reports: reports, maxResultBytes: limits.maxResultBytesInPrompt)
            case .failed(let reason): return AgentPrompts.fallbackAnswer(reports: reports, failure: reason, maxResultBytes: limits.maxResultBytesInPrompt)
            }
        }
        let answer = FinalAnswer(text: text, usage: budget.usage, budgetExhausted: budget.exhaustion != nil, runID: runID)
        await events.send(.finalAnswer(answer))
        return RunSummary(answer: answer, openReservations: budget.openGrants)
    }

    // MARK: Plan

    /// The checked plan; empty when the budget ran out before one was made.
    private func plan() async throws -> [Subtask] {
        var refusal: String?
        for _ in 0..<limits.planAttempts {
            let request = CompleteRequest(
                model: prepared.model.name, systemPrompt: AgentPrompts.coordinatorSystem(maxSubtasks: prepared.maxSubtasks),
                messages: [userMessage(AgentPrompts.planRequest(goal: prepared.goal, refusal: refusal))],
                tools: [PlanTool.definition(maxSubtasks: prepared.maxSubtasks)], toolChoice: ToolChoice(mode: .tool, toolName: PlanTool.name),
                maxTokens: outputTokens(limits.planMaxTokens), toolLoop: ToolLoopOptions(maxSteps: 2))
            let arguments = Mutex<String?>(nil)
            let meter = BudgetMeter(budget: budget, purpose: .work, part: RunPart.plan, recorder: recorder)
            do {
                _ = try await call(request, meter: meter) { output in
                    if case .toolCall(_, let call) = output, call.name == PlanTool.name { arguments.withLock { $0 = $0 ?? call.argumentsJSON } }
                }
            } catch where RunBudget.isExhaustion(error) {
                return []
            } catch let error as RPCError where error.code == .internalError && Self.isInvalidToolCall(error) {
                refusal = error.message
                continue
            }
            guard let json = arguments.withLock({ $0 }) else {
                refusal = "the answer was not a \(PlanTool.name) call"
                continue
            }
            switch PlanTool.subtasks(fromArguments: json) {
            case .failure(let problem):
                refusal = problem.message
            case .success(let subtasks):
                guard let problem = PlanCheck.check(subtasks, maxSubtasks: prepared.maxSubtasks) else { return subtasks }
                refusal = problem.message
            }
        }
        throw RPCError(
            .internalError, "the coordinator made no valid plan in \(limits.planAttempts) attempts: \(refusal ?? "")",
            details: [.errorInfo(ErrorInfo(reason: "INVALID_PLAN", metadata: ["attempts": "\(limits.planAttempts)"]))])
    }

    private static func isInvalidToolCall(_ error: RPCError) -> Bool {
        error.details.contains { detail in
            if case .errorInfo(let info) = detail { return info.reason == "INVALID_TOOL_CALL" }
            return false
        }
    }

    // MARK: Synthesis

    /// How the synthesis went.
    enum Synthesis: Sendable {
        case answer(String)
        /// A budget left no room for it.
        case noRoom
        /// The call failed (the backend, or a prompt the model cannot take); the run still
        /// answers with what its subtasks produced.
        case failed(String)
    }

    /// The model's answer from the reports.
    private func synthesize(_ reports: [SubtaskReport]) async throws -> Synthesis {
        let request = CompleteRequest(
            model: prepared.model.name, systemPrompt: AgentPrompts.synthesisSystem,
            messages: [userMessage(AgentPrompts.synthesis(goal: prepared.goal, reports: reports, maxResultBytes: limits.maxResultBytesInPrompt))],
            maxTokens: outputTokens(limits.synthesisMaxTokens))
        let text = Mutex("")
        let meter = BudgetMeter(budget: budget, purpose: .synthesis, part: RunPart.synthesis, recorder: recorder)
        do {
            _ = try await call(request, meter: meter) { output in
                if case .textDelta(_, let delta) = output { text.withLock { $0 += delta } }
            }
        } catch where RunBudget.isExhaustion(error) {
            return .noRoom
        } catch let error as RPCError where error.code != .cancelled {
            logger.warning("the synthesis failed; answering with the results", metadata: ["error": "\(error)"])
            return .failed(error.message)
        }
        let answer = text.withLock { $0 }
        return answer.isEmpty ? .failed("the model wrote no answer") : .answer(answer)
    }

    // MARK: Calls

    /// One pipeline call of the run: prepared, its first model call reserved from the
    /// budget (output clipped to what is left), run. Every grant is settled when it returns.
    func call(_ request: CompleteRequest, meter: BudgetMeter, sink: @escaping CompletionSink) async throws -> CompletionSummary {
        var prepared = try pipeline.prepare(request, partner: self.prepared.partner)
        defer { meter.releaseOpenGrant() }
        let prompt = prepared.estimatedTokens - UInt64(prepared.maxTokens)
        prepared.firstRequest.maxTokens = try meter.reserve(promptTokens: prompt, maxTokens: prepared.maxTokens)
        return try await pipeline.run(prepared, deadline: deadline, meter: meter, logger: logger, sink: sink)
    }

    /// The user message of a part: its text, then the run's images.
    func userMessage(_ text: String) -> Message {
        Message(role: .user, parts: [.text(TextPart(text: text))] + prepared.images.map { .image($0) })
    }

    /// `wanted` output tokens, within what the model can produce.
    func outputTokens(_ wanted: Int) -> UInt32 {
        UInt32(max(1, min(wanted, prepared.model.maxOutputTokens, prepared.model.contextLength - 1)))
    }

    /// `body`'s value, or nil when the run's clock passes `end` first (`body` is then
    /// cancelled and the wall-clock budget marked spent).
    func within<T: Sendable>(_ end: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        let remaining = end - budget.elapsed
        let sleep = runner.sleep
        return try await withThrowingTaskGroup(of: Timed<T>.self) { group in
            group.addTask { .finished(try await body()) }
            group.addTask {
                try await sleep(remaining)
                return .timedOut
            }
            defer { group.cancelAll() }
            switch try await group.next() {
            case .finished(let value): return value
            case .timedOut, nil:
                budget.expireWallClock()
                return nil
            }
        }
    }
}

/// A body's value, or its time ran out.
enum Timed<T: Sendable>: Sendable {
    case finished(T)
    case timedOut
}
