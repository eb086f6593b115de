import FlintTestSupport
import Testing
import FlintAPI

@testable import Agents

@Suite struct RunCancellationTests {
    private static let fanOut = planJSON((1...3).map { Subtask(id: "t\($0)", description: "part \($0)") })

    @Test("cancelling a run mid-fan-out closes every backend request within 1 s, and bills what ran once")
    func cancelMidFanOut() async throws {
        let backend = AgentScriptBackend(script: .init(plans: [.plan(json: Self.fanOut)], hangSubtasks: true))
        let agents = runner(backend)
        let prepared = try agents.prepare(RunRequest(goal: "a goal", tokenBudget: 50_000, maxSubAgents: 3))
        let recorder = TallyRecorder()
        let run = Task { try await agents.run(prepared, deadline: nil, recorder: recorder, logger: quietLogger) { _ in } }
        // The three sub-agents' calls are open (the plan call has ended).
        try await waitUntil(within: .seconds(10)) { backend.tally.subtaskCalls >= 3 && backend.tally.openStreams >= 3 }
        let cancelled = ContinuousClock.now
        run.cancel()
        try await waitUntil(within: .seconds(1)) { backend.tally.openStreams == 0 }
        #expect(ContinuousClock.now - cancelled < .seconds(1))
        await #expect(throws: (any Error).self) { try await run.value }
        // The plan call and the three cut-off calls, each billed once.
        #expect(recorder.calls == 4)
        #expect(recorder.total == backend.tally.inputTokens + backend.tally.outputTokens)
    }

    @Test("when the wall-clock budget runs out mid-fan-out, running subtasks end BUDGET_EXHAUSTED and the answer is built from what finished")
    func wallClockSpent() async throws {
        let backend = AgentScriptBackend(script: .init(plans: [.plan(json: Self.fanOut)], hangSubtasks: true))
        let clock = ManualWallClock()
        let agents = runner(backend, sleep: { try await clock.sleep($0) })
        let prepared = try agents.prepare(RunRequest(goal: "a goal", tokenBudget: 50_000, maxSubAgents: 2))
        let log = EventLog()
        let run = Task { try await agents.run(prepared, deadline: nil, recorder: TallyRecorder(), logger: quietLogger) { log.append($0) } }
        try await waitUntil(within: .seconds(10)) { backend.tally.openStreams >= 2 }
        clock.expire()
        let summary = try await bounded(.seconds(5)) { try await run.value }
        #expect(summary.answer.budgetExhausted)
        #expect(summary.openReservations == 0)
        #expect(backend.tally.openStreams == 0)
        let outcomes = log.all.compactMap { event -> SubtaskOutcome? in
            if case .subtaskFinished(let finished) = event.event { return finished.outcome }
            return nil
        }
        #expect(outcomes == [.budgetExhausted, .budgetExhausted, .budgetExhausted])
        // Two were running (a sub-agent each); the third never started.
        #expect(log.all.filter { if case .subtaskStarted = $0.event { true } else { false } }.count == 2)
        #expect(backend.tally.synthesisCalls == 0)
        guard case .finalAnswer(let answer)? = log.all.last?.event else { throw TestFailure("no final answer last") }
        #expect(answer.text.contains("budget ran out"))
    }
}
