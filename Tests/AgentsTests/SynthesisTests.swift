import FlintTestSupport
import Testing
import FlintAPI

@testable import Agents

@Suite struct SynthesisTests {
    private static let plan = planJSON([Subtask(id: "t1", description: "one"), Subtask(id: "t2", description: "two", dependsOn: ["t1"])])

    @Test("the dependent subtask gets its input's result, and the synthesis gets every result")
    func resultsFlow() async throws {
        let backend = AgentScriptBackend(script: .init(plans: [.plan(json: Self.plan)], answerTokens: 3...3))
        let agents = runner(backend)
        let log = EventLog()
        let summary = try await agents.run(try agents.prepare(RunRequest(goal: "a goal")), deadline: nil, recorder: TallyRecorder(), logger: quietLogger) {
            log.append($0)
        }
        #expect(summary.answer.text == "w0 w1 w2 ")
        let prompts = backend.tally.prompts
        // t2's prompt carries t1's result; the synthesis's carries both.
        #expect(prompts.contains { $0.contains("Your subtask (t2)") && $0.contains("[t1] w0 w1 w2") })
        #expect(prompts.last?.contains("[t1] w0 w1 w2") == true && prompts.last?.contains("[t2] w0 w1 w2") == true)
    }

    @Test("a failed synthesis still answers, with the results that finished, and says why; no budget ran out")
    func failedSynthesis() async throws {
        let backend = AgentScriptBackend(script: .init(plans: [.plan(json: Self.plan)], answerTokens: 2...2, failSynthesis: true))
        let agents = runner(backend)
        let recorder = TallyRecorder()
        let summary = try await agents.run(try agents.prepare(RunRequest(goal: "a goal")), deadline: nil, recorder: recorder, logger: quietLogger) { _ in }
        #expect(summary.answer.text.hasPrefix("No final answer could be written ("))
        #expect(summary.answer.text.contains("[t1] w0 w1") && summary.answer.text.contains("[t2] w0 w1"))
        #expect(!summary.answer.budgetExhausted)
        #expect(backend.tally.synthesisCalls == 1)
        #expect(recorder.total == backend.tally.inputTokens + backend.tally.outputTokens)
    }
}
