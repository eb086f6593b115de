import FlintTestSupport
import Foundation
import Testing
import FlintAPI

/// Agents.Run on the real embedded model (Gemma 3 270M plans through a grammar built from
/// the plan tool's schema), through the real server and TLS. Runs with the real-model group.
extension InferenceEndToEndTests {
    @Test("a small-budget run on the embedded model: a plan, subtasks that finish or exhaust cleanly, usage within the budget, GetUsage agrees")
    func agentRunOnTheEmbeddedModel() async throws {
        try await Self.withModel { _, connection, _, admin in
            let key = try await admin.issue(scopes: ["agents"], quota: AgentsEndToEndTests.steadyQuota).apiKey
            let request = RunRequest(
                goal: "Find 17 times 23, then say whether the result is even.", tokenBudget: 9_000, maxSubAgents: 2, serverTools: ["calculator"],
                maxWallMs: 240_000, maxSubtasks: 3)
            let (events, headers) = try await AgentsEndToEndTests.events(connection, key: key, request)
            #expect(events.map(\.sequence) == (0..<UInt64(events.count)).map { $0 })
            guard case .plan(let plan)? = events.first?.event, case .finalAnswer(let answer)? = events.last?.event else {
                throw TestFailure("not plan first and final answer last: \(events.map(\.event))")
            }
            let usage = try #require(answer.usage)
            let used = usage.inputTokens + usage.outputTokens
            #expect(used > 0 && used <= request.tokenBudget)
            #expect(headers?.tokens != nil)
            // The plan is a checked one (or empty when the budget ran out first); every
            // subtask of it ends exactly once.
            // 9,000 tokens leave room for the plan call: the plan is not empty.
            #expect(!plan.subtasks.isEmpty && plan.subtasks.count <= 3)
            #expect(Set(plan.subtasks.map(\.id)).count == plan.subtasks.count)
            let finished = events.compactMap { event -> SubtaskFinished? in
                if case .subtaskFinished(let finished) = event.event { return finished }
                return nil
            }
            #expect(finished.map(\.subtaskID).sorted() == plan.subtasks.map(\.id).sorted())
            #expect(finished.allSatisfy { [.succeeded, .budgetExhausted, .failed].contains($0.outcome) })
            if finished.contains(where: { $0.outcome == .budgetExhausted }) { #expect(answer.budgetExhausted) }
            #expect(!answer.text.isEmpty)
            for event in events {
                if case .budgetUpdate(let update) = event.event { #expect(update.tokensUsed + update.tokensReserved <= request.tokenBudget) }
            }
            let row = try await AgentsEndToEndTests.usageRow(admin, method: AgentsEndToEndTests.run, requests: 1)
            #expect(row.inputTokens == usage.inputTokens && row.outputTokens == usage.outputTokens)
        }
    }
}
