import Completion
import Synchronization
import FlintAPI

extension AgentRun {
    /// What a task of the fan-out's group returns.
    private enum FanOutResult: Sendable {
        case finished(SubtaskReport)
        /// The fan-out's share of the wall-clock budget is spent.
        case wallClockSpent
        /// The wall-clock watch was stopped (the fan-out ended first).
        case watchStopped
    }

    /// Runs the plan's subtasks, each once its dependencies have finished, at most
    /// `maxSubAgents` at once, and returns how each ended, in plan order. Every subtask
    /// gets exactly one subtask_finished; those that cannot start (a budget is spent) end
    /// BUDGET_EXHAUSTED without a sub-agent. Cancelling the run cancels every sub-agent.
    func schedule(_ plan: [Subtask]) async -> [SubtaskReport] {
        guard !plan.isEmpty else { return [] }
        var waiting = plan
        var reports: [String: SubtaskReport] = [:]
        var running = 0
        var agents = 0
        let remaining = fanOutWall - budget.elapsed
        let sleep = runner.sleep
        await withTaskGroup(of: FanOutResult.self) { group in
            group.addTask {
                do {
                    try await sleep(remaining)
                    return .wallClockSpent
                } catch {
                    return .watchStopped
                }
            }
            while reports.count < plan.count {
                while running < prepared.maxSubAgents, let index = waiting.firstIndex(where: { $0.dependsOn.allSatisfy { reports[$0] != nil } }) {
                    let subtask = waiting.remove(at: index)
                    if Task.isCancelled {
                        reports[subtask.id] = SubtaskReport(subtask: subtask, agentID: "", outcome: .cancelled, result: "the run was cancelled", usage: Usage())
                        continue
                    }
                    if let spent = budget.exhaustion {
                        let report = SubtaskReport(
                            subtask: subtask, agentID: "", outcome: .budgetExhausted, result: "not started: the run's \(spent.rawValue) budget is spent",
                            usage: Usage())
                        reports[subtask.id] = report
                        await events.send(.subtaskFinished(report.event))
                        continue
                    }
                    agents += 1
                    let agentID = "agent-\(agents)"
                    await events.send(.subtaskStarted(SubtaskStarted(subtaskID: subtask.id, subAgentID: agentID)))
                    let inputs = subtask.dependsOn.compactMap { reports[$0] }
                    running += 1
                    group.addTask { .finished(await self.runSubtask(subtask, agentID: agentID, inputs: inputs)) }
                }
                guard reports.count < plan.count, let result = await group.next() else { break }
                switch result {
                case .finished(let report):
                    running -= 1
                    reports[report.subtask.id] = report
                    await events.send(.subtaskFinished(report.event))
                case .wallClockSpent:
                    budget.expireWallClock()
                    group.cancelAll()
                case .watchStopped:
                    continue
                }
            }
            group.cancelAll()
        }
        return plan.compactMap { reports[$0.id] }
    }

    /// One sub-agent's work on `subtask`: a pipeline call with the run's server tools,
    /// its text, tool calls and results streamed as subtask_delta events.
    private func runSubtask(_ subtask: Subtask, agentID: String, inputs: [SubtaskReport]) async -> SubtaskReport {
        let request = CompleteRequest(
            model: prepared.model.name, systemPrompt: AgentPrompts.subAgentSystem,
            messages: [
                userMessage(AgentPrompts.subtask(goal: prepared.goal, subtask: subtask, inputs: inputs, maxResultBytes: limits.maxResultBytesInPrompt))
            ],
            maxTokens: outputTokens(limits.subAgentMaxTokens),
            reasoning: prepared.model.capabilities.reasoning ? ReasoningOptions(enabled: true) : nil, serverTools: prepared.serverTools,
            toolLoop: ToolLoopOptions(maxSteps: limits.subAgentMaxSteps, maxToolCalls: min(prepared.maxToolCalls, pipeline.limits.maxToolCallsCap)))
        let meter = BudgetMeter(budget: budget, purpose: .work, part: subtask.id, recorder: recorder)
        let text = Mutex("")
        let events = self.events
        func report(_ outcome: SubtaskOutcome, _ result: String) -> SubtaskReport {
            SubtaskReport(subtask: subtask, agentID: agentID, outcome: outcome, result: result, usage: meter.usage)
        }
        do {
            let summary = try await call(request, meter: meter) { output in
                let delta: SubtaskDelta.Delta
                switch output {
                case .textDelta(_, let piece):
                    text.withLock { $0 += piece }
                    delta = .text(piece)
                case .toolCall(_, let call):
                    if call.serverTool { try meter.countToolRun() }
                    delta = .toolCall(call)
                case .toolResult(_, let result):
                    delta = .toolResult(result)
                case .reasoningDelta(_, let piece):
                    delta = .reasoning(piece)
                case .observation, .reasoningStep:
                    return  // sub-agents do not ask for visual steps
                }
                await events.send(.subtaskDelta(SubtaskDelta(subtaskID: subtask.id, subAgentID: agentID, delta: delta)))
            }
            let answer = text.withLock { $0 }
            switch summary.stopReason {
            case .endTurn, .maxTokens, .stopSequence:
                return report(.succeeded, answer)
            default:
                return report(.failed, answer.isEmpty ? "the sub-agent stopped without an answer (\(summary.stopReason))" : answer)
            }
        } catch {
            let partial = text.withLock { $0 }
            if let spent = budget.exhaustion, RunBudget.isExhaustion(error) || spent == .wallClock {
                return report(.budgetExhausted, partial.isEmpty ? "the run's \(spent.rawValue) budget is spent" : partial)
            }
            if Task.isCancelled || error is CancellationError { return report(.cancelled, "the run was cancelled") }
            return report(.failed, (error as? RPCError)?.message ?? "the sub-agent failed")
        }
    }
}
