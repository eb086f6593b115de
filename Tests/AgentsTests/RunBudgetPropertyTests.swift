import FlintTestSupport
import RateLimit
import Testing
import FlintAPI

@testable import Agents

/// Random runs on a scripted backend: random plans (fan-out, depth, dependencies), token
/// counts, interleavings and budgets. In every run the budgets hold exactly, the caller's
/// quota moves by exactly what was used, every reservation is settled, and the events keep
/// their order.
@Suite struct RunBudgetPropertyTests {
    static let runs = 1_000

    @Test("1,000 random runs: usage <= budget, quota after = before - used, every reservation settled, events in order")
    func randomRuns() async throws {
        var random = SeededGenerator(seed: 0xA6E7_5011)
        var exhaustedRuns = 0
        var finishedRuns = 0
        for run in 0..<Self.runs {
            let scenario = Scenario.random(using: &random, seed: UInt64(run))
            let exhausted = try await check(scenario, run: run)
            if exhausted { exhaustedRuns += 1 } else { finishedRuns += 1 }
        }
        // The generator must reach both ends: runs that fit and runs that hit a budget.
        #expect(exhaustedRuns > Self.runs / 10)
        #expect(finishedRuns > Self.runs / 10)
    }

    /// Checks one run; true when it ended with a budget spent.
    private func check(_ scenario: Scenario, run: Int) async throws -> Bool {
        let backend = AgentScriptBackend(script: scenario.script)
        let agents = runner(backend)
        let prepared = try agents.prepare(scenario.request)
        let limiter = RateLimiter(clock: ManualClock(), wallClock: ManualClock())
        let limits = try QuotaLimits(tokens: BucketLimit(perMinute: 2_000_000))
        let before = limiter.status(key: "k", partner: "p", keyLimits: limits, partnerLimits: limits).key.tokens?.remaining
        // Admission: the whole budget, once.
        let reservation = try limiter.admit(key: "k", partner: "p", keyLimits: limits, partnerLimits: limits, estimatedTokens: prepared.estimatedTokens).get()
        let recorder = TallyRecorder()
        let log = EventLog()
        let summary = try await agents.run(prepared, deadline: nil, recorder: recorder, logger: quietLogger) { log.append($0) }
        limiter.settle(reservation, actualTokens: recorder.total)
        let after = limiter.status(key: "k", partner: "p", keyLimits: limits, partnerLimits: limits).key.tokens?.remaining

        let context = "run \(run): \(scenario)"
        let used = (summary.answer.usage?.inputTokens ?? 0) + (summary.answer.usage?.outputTokens ?? 0)
        let tally = backend.tally
        #expect(used <= prepared.tokenBudget, "\(context)")
        #expect(used == tally.inputTokens + tally.outputTokens, "\(context)")
        #expect(used == recorder.total, "\(context)")
        #expect(summary.openReservations == 0, "\(context)")
        #expect(tally.openStreams == 0, "\(context)")
        #expect(tally.callsWithoutMaxTokens == 0, "\(context)")
        #expect((summary.answer.usage?.modelCalls ?? 0) <= UInt64(prepared.maxModelCalls), "\(context)")
        #expect((summary.answer.usage?.modelCalls ?? 0) == UInt64(recorder.calls), "\(context)")
        #expect((summary.answer.usage?.toolCalls ?? 0) <= UInt64(prepared.maxToolCalls), "\(context)")
        #expect(before.map { $0 - used } == after, "\(context)")
        checkEvents(log.all, prepared: prepared, summary: summary, context: context)
        return summary.answer.budgetExhausted
    }

    private func checkEvents(_ events: [AgentEvent], prepared: PreparedRun, summary: RunSummary, context: String) {
        #expect(events.map(\.sequence) == (0..<UInt64(events.count)).map { $0 }, "\(context)")
        guard case .plan(let plan)? = events.first?.event else {
            Issue.record("\(context): the first event is not the plan")
            return
        }
        guard case .finalAnswer(let answer)? = events.last?.event else {
            Issue.record("\(context): the last event is not the final answer")
            return
        }
        #expect(answer == summary.answer, "\(context)")
        #expect(events.filter { if case .finalAnswer = $0.event { true } else { false } }.count == 1, "\(context)")
        #expect(events.filter { if case .plan = $0.event { true } else { false } }.count == 1, "\(context)")
        var started: Set<String> = []
        var finished: [String] = []
        var running = 0
        for event in events {
            switch event.event {
            case .subtaskStarted(let start):
                #expect(started.insert(start.subtaskID).inserted, "\(context)")
                running += 1
                #expect(running <= prepared.maxSubAgents, "\(context): more sub-agents at once than allowed")
                let subtask = plan.subtasks.first { $0.id == start.subtaskID }
                #expect(subtask?.dependsOn.allSatisfy(finished.contains) == true, "\(context): \(start.subtaskID) started before its inputs finished")
            case .subtaskDelta(let delta):
                #expect(started.contains(delta.subtaskID) && !finished.contains(delta.subtaskID), "\(context)")
            case .subtaskFinished(let end):
                if started.contains(end.subtaskID) { running -= 1 } else { #expect(end.outcome == .budgetExhausted, "\(context)") }
                finished.append(end.subtaskID)
            case .budgetUpdate(let update):
                #expect(update.tokensUsed + update.tokensReserved <= update.tokensBudget, "\(context)")
                #expect(update.modelCalls <= UInt64(prepared.maxModelCalls), "\(context)")
                #expect(update.toolCalls <= UInt64(prepared.maxToolCalls), "\(context)")
            default:
                break
            }
        }
        #expect(finished.sorted() == plan.subtasks.map(\.id).sorted(), "\(context): every subtask finishes exactly once")
    }
}

/// One random run: a plan (ids t1…tn, each depending on some earlier ones), the budgets,
/// and how the backend answers.
struct Scenario: CustomStringConvertible {
    var plan: [Subtask]
    var request: RunRequest
    var script: AgentScriptBackend.Script

    static func random(using random: inout SeededGenerator, seed: UInt64) -> Scenario {
        let count = Int.random(in: 1...6, using: &random)
        var plan: [Subtask] = []
        for index in 1...count {
            let earlier = plan.map(\.id)
            let dependencies = earlier.filter { _ in Int.random(in: 0..<3, using: &random) == 0 }
            plan.append(Subtask(id: "t\(index)", description: "step \(index)", dependsOn: dependencies))
        }
        // Sometimes the first plan is too big for max_subtasks and must be re-planned.
        let maxSubtasks = Bool.random(using: &random) ? count : Int.random(in: max(1, count - 1)...(count + 2), using: &random)
        var plans: [AgentScriptBackend.PlanAnswer] = [.plan(json: planJSON(plan))]
        if maxSubtasks < count {
            plans.append(.plan(json: planJSON(Array(plan.prefix(maxSubtasks)).map { subtask in
                Subtask(id: subtask.id, description: subtask.description, dependsOn: subtask.dependsOn.filter { Int($0.dropFirst())! <= maxSubtasks })
            })))
        }
        let request = RunRequest(
            goal: "Work out the goal number \(seed)", tokenBudget: UInt64.random(in: 400...9_000, using: &random),
            maxSubAgents: UInt32.random(in: 1...4, using: &random), serverTools: Bool.random(using: &random) ? ["calculator"] : [],
            maxModelCalls: UInt32.random(in: 2...20, using: &random), maxToolCalls: UInt32.random(in: 1...4, using: &random),
            maxSubtasks: UInt32(maxSubtasks))
        let low = Int.random(in: 1...30, using: &random)
        let script = AgentScriptBackend.Script(
            plans: plans, answerTokens: low...(low + Int.random(in: 0...300, using: &random)), toolCallChance: 0.4, failureChance: 0.05,
            maxYields: Int.random(in: 0...4, using: &random), seed: seed)
        return Scenario(plan: plan, request: request, script: script)
    }

    var description: String {
        "\(plan.count) subtasks \(plan.map { "\($0.id)<-\($0.dependsOn)" }), budget \(request.tokenBudget), sub-agents \(request.maxSubAgents), "
            + "model calls \(request.maxModelCalls), tool calls \(request.maxToolCalls), max subtasks \(request.maxSubtasks)"
    }
}
