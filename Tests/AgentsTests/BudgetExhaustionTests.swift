import FlintTestSupport
import Testing
import FlintAPI

@testable import Agents

@Suite struct BudgetExhaustionTests {
    private static let fanOut = planJSON((1...3).map { Subtask(id: "t\($0)", description: "part \($0)") })

    private func run(_ request: RunRequest, script: AgentScriptBackend.Script) async throws -> (RunSummary, [SubtaskFinished], AgentScriptBackend) {
        let backend = AgentScriptBackend(script: script)
        let agents = runner(backend)
        let log = EventLog()
        let summary = try await agents.run(try agents.prepare(request), deadline: nil, recorder: TallyRecorder(), logger: quietLogger) { log.append($0) }
        let finished = log.all.compactMap { event -> SubtaskFinished? in
            if case .subtaskFinished(let finished) = event.event { return finished }
            return nil
        }
        return (summary, finished, backend)
    }

    @Test("with one server tool run allowed, the first call runs and the next subtask that asks for one ends BUDGET_EXHAUSTED before it runs")
    func toolCallBudget() async throws {
        let (summary, finished, _) = try await run(
            RunRequest(goal: "g", tokenBudget: 50_000, maxSubAgents: 1, serverTools: ["calculator"], maxToolCalls: 1),
            script: .init(plans: [.plan(json: Self.fanOut)], answerTokens: 2...2, toolCallChance: 1))
        #expect(summary.answer.usage?.toolCalls == 1)
        #expect(finished.map(\.outcome) == [.succeeded, .budgetExhausted, .budgetExhausted])
        #expect(finished[1].usage?.toolCalls == 0)
        #expect(summary.answer.budgetExhausted)
    }

    @Test("the model-call budget keeps one call for the synthesis: the sub-agents that do not fit end BUDGET_EXHAUSTED, the answer is still written")
    func modelCallBudget() async throws {
        // 1 plan call + 1 sub-agent call + the synthesis.
        let (summary, finished, backend) = try await run(
            RunRequest(goal: "g", tokenBudget: 50_000, maxSubAgents: 1, maxModelCalls: 3),
            script: .init(plans: [.plan(json: Self.fanOut)], answerTokens: 2...2))
        #expect(summary.answer.usage?.modelCalls == 3)
        #expect(finished.map(\.outcome) == [.succeeded, .budgetExhausted, .budgetExhausted])
        #expect(backend.tally.synthesisCalls == 1)
        #expect(summary.answer.text == "w0 w1 ")
        #expect(summary.answer.budgetExhausted)
    }

    @Test("a budget too small for the plan: an empty plan, the synthesis answers the goal directly from its kept-back share, budget_exhausted")
    func noRoomToPlan() async throws {
        let plan = planJSON([Subtask(id: "t1", description: "one")])
        let (summary, finished, backend) = try await run(
            RunRequest(goal: "g", tokenBudget: 1_400, maxSubAgents: 1), script: .init(plans: [.plan(json: plan)], answerTokens: 500...500))
        #expect(backend.tally.planCalls == 0 && backend.tally.subtaskCalls == 0 && backend.tally.synthesisCalls == 1)
        #expect(finished.isEmpty)
        #expect(summary.answer.usage?.modelCalls == 1)
        // The synthesis's own max_tokens (384) bounds it, within the quarter kept for it.
        #expect(summary.answer.usage?.outputTokens == 384)
        #expect(summary.answer.budgetExhausted)
    }
}

@Suite struct RunBudgetTests {
    private func budget() -> RunBudget {
        RunBudget(
            limits: RunBudget.Limits(tokens: 1_000, modelCalls: 3, toolCalls: 2, synthesisTokens: 250, minOutputTokens: 8), elapsed: { .zero })
    }

    @Test("output tokens are clipped to what is left after the synthesis's share; a call that cannot fit is refused; the synthesis may use the share")
    func clipping() throws {
        let budget = budget()
        let first = try budget.reserve(promptTokens: 500, maxTokens: 400, for: .work)
        #expect(first == RunBudget.Grant(tokens: 750, maxTokens: 250))
        #expect(throws: RPCError.self) { _ = try budget.reserve(promptTokens: 10, maxTokens: 100, for: .work) }
        #expect(budget.exhaustion == .tokens)
        let synthesis = try budget.reserve(promptTokens: 100, maxTokens: 400, for: .synthesis)
        #expect(synthesis.maxTokens == 150)
        #expect(budget.update.tokensReserved == 1_000)
        budget.settle(first, inputTokens: 480, outputTokens: 250)
        budget.settle(synthesis, inputTokens: 90, outputTokens: 150)
        #expect(budget.update.tokensUsed == 970 && budget.update.tokensReserved == 0)
        #expect(budget.openGrants == 0)
    }

    @Test("work calls leave the last model call to the synthesis; tool runs are counted before they run and refused past the limit")
    func counts() throws {
        let budget = budget()
        let a = try budget.reserve(promptTokens: 1, maxTokens: 8, for: .work)
        let b = try budget.reserve(promptTokens: 1, maxTokens: 8, for: .work)
        let error = #expect(throws: RPCError.self) { _ = try budget.reserve(promptTokens: 1, maxTokens: 8, for: .work) }
        #expect(error.map(RunBudget.isExhaustion) == true)
        #expect(budget.exhaustion == .modelCalls)
        _ = try budget.reserve(promptTokens: 1, maxTokens: 8, for: .synthesis)
        try budget.countToolRuns(2)
        #expect(throws: RPCError.self) { try budget.countToolRuns(1) }
        #expect(budget.update.toolCalls == 2 && budget.update.modelCalls == 3)
        budget.settle(a, inputTokens: 0, outputTokens: 0)
        budget.settle(b, inputTokens: 0, outputTokens: 0)
        #expect(budget.openGrants == 1)
    }

    @Test("once the wall clock is spent, no call or tool run starts")
    func wallClock() {
        let budget = budget()
        budget.expireWallClock()
        #expect(throws: RPCError.self) { _ = try budget.reserve(promptTokens: 1, maxTokens: 8, for: .synthesis) }
        #expect(throws: RPCError.self) { try budget.countToolRuns(1) }
        #expect(budget.exhaustion == .wallClock)
    }
}
