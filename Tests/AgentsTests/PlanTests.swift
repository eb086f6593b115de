import FlintTestSupport
import Testing
import FlintAPI

@testable import Agents

@Suite struct PlanCheckTests {
    private func subtask(_ id: String, _ dependencies: [String] = []) -> Subtask {
        Subtask(id: id, description: "do \(id)", dependsOn: dependencies)
    }

    @Test("a plan with known dependencies and no cycle passes")
    func goodPlan() {
        #expect(PlanCheck.check([subtask("a"), subtask("b", ["a"]), subtask("c", ["a", "b"])], maxSubtasks: 3) == nil)
    }

    @Test("cycles, unknown dependencies, repeated ids, too many and no subtasks are refused, each saying what is wrong")
    func badPlans() {
        #expect(PlanCheck.check([subtask("a", ["c"]), subtask("b", ["a"]), subtask("c", ["b"])], maxSubtasks: 5)?.message.contains("cycle") == true)
        #expect(PlanCheck.check([subtask("a", ["a"])], maxSubtasks: 5)?.message.contains("itself") == true)
        #expect(PlanCheck.check([subtask("a", ["zz"])], maxSubtasks: 5)?.message.contains("'zz'") == true)
        #expect(PlanCheck.check([subtask("a"), subtask("a")], maxSubtasks: 5)?.message.contains("twice") == true)
        #expect(PlanCheck.check([subtask("a"), subtask("b"), subtask("c")], maxSubtasks: 2)?.message.contains("at most 2") == true)
        #expect(PlanCheck.check([], maxSubtasks: 2) != nil)
    }

    @Test("the cycle found is one of the plan's")
    func cycleNamed() {
        let cycle = PlanCheck.cycle(in: [subtask("x"), subtask("a", ["b"]), subtask("b", ["a"])])
        #expect(cycle == ["a", "b", "a"])
    }
}

@Suite struct BadPlanRunTests {
    private func run(_ plans: [AgentScriptBackend.PlanAnswer], maxSubtasks: UInt32 = 3) async throws -> (Result<RunSummary, any Error>, AgentScriptBackend, [AgentEvent]) {
        let backend = AgentScriptBackend(script: .init(plans: plans, answerTokens: 2...4))
        let agents = runner(backend)
        let prepared = try agents.prepare(RunRequest(goal: "a goal", tokenBudget: 50_000, maxSubtasks: maxSubtasks))
        let log = EventLog()
        let recorder = TallyRecorder()
        let result = await Result(catching: { try await agents.run(prepared, deadline: nil, recorder: recorder, logger: quietLogger) { log.append($0) } })
        // Whatever the plans, the calls that ran are billed.
        #expect(recorder.total == backend.tally.inputTokens + backend.tally.outputTokens)
        return (result, backend, log.all)
    }

    private static let good = AgentScriptBackend.PlanAnswer.plan(json: planJSON([Subtask(id: "t1", description: "one")]))

    @Test(
        "a plan outside the schema (a dependency on a later subtask, an unknown id, too many subtasks) is asked again, and the run goes on with the new plan",
        arguments: [
            planJSON([Subtask(id: "t1", description: "a", dependsOn: ["t2"]), Subtask(id: "t2", description: "b", dependsOn: ["t1"])]),
            planJSON([Subtask(id: "t1", description: "a"), Subtask(id: "t9", description: "b")]),
            planJSON((1...4).map { Subtask(id: "t\($0)", description: "x") }),
            #"{"t1":{"description":"a","depends_on":[]},"t1":{"description":"b","depends_on":[]}}"#,
        ])
    func askedAgain(bad: String) async throws {
        let (result, backend, events) = try await run([.plan(json: bad), Self.good])
        let summary = try result.get()
        #expect(backend.tally.planCalls == 2)
        guard case .plan(let plan)? = events.first?.event else { throw TestFailure("no plan first") }
        #expect(plan.subtasks.map(\.id) == ["t1"])
        #expect(summary.answer.budgetExhausted == false)
    }

    /// Valid by the schema, but t3 needs t2, which the plan left out.
    private static let missingDependency = planJSON([Subtask(id: "t1", description: "a"), Subtask(id: "t3", description: "c", dependsOn: ["t2"])])

    @Test("a plan that passes the schema but depends on a subtask it left out is re-planned, with the reason shown to the coordinator")
    func replanned() async throws {
        let (result, backend, _) = try await run([.plan(json: Self.missingDependency), Self.good])
        _ = try result.get()
        #expect(backend.tally.planCalls == 2)
        #expect(backend.tally.lastPlanPrompt.contains("'t3' depends on 't2', which is not a subtask of the plan"))
    }

    @Test("junk instead of a plan call is asked again, then re-planned")
    func junkThenPlan() async throws {
        let (result, backend, _) = try await run([.junk("I will not plan"), .junk("still no"), Self.good])
        _ = try result.get()
        #expect(backend.tally.planCalls == 3)
    }

    @Test("when every attempt is bad the run fails with INVALID_PLAN and sends no events")
    func clearFailure() async throws {
        let bad = Self.missingDependency
        let (result, backend, events) = try await run([.plan(json: bad), .plan(json: bad), .plan(json: bad), Self.good])
        guard case .failure(let error as RPCError) = result else { throw TestFailure("the run did not fail with an RPCError: \(result)") }
        #expect(error.code == .internalError)
        #expect(error.message.contains("'t3' depends on 't2'"))
        #expect(error.details.contains(.errorInfo(ErrorInfo(reason: "INVALID_PLAN", metadata: ["attempts": "3"]))))
        #expect(events.isEmpty)
        #expect(backend.tally.planCalls == 3)
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

@Suite struct RunPreparationTests {
    @Test("a model that takes no tools cannot plan: INVALID_ARGUMENT on model, before anything is reserved or called")
    func modelWithoutTools() throws {
        let backend = AgentScriptBackend(model: .scriptedText(isDefault: true), script: .init(plans: []))
        let error = #expect(throws: RPCError.self) { _ = try runner(backend).prepare(RunRequest(goal: "g")) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.details == [.fieldViolation(FieldViolation(field: "model", description: error?.message ?? ""))])
        #expect(backend.tally.planCalls == 0)
    }

    @Test("a refused image part is named images[i], as the pipeline refuses it")
    func imageField() throws {
        let backend = AgentScriptBackend(script: .init(plans: []))
        let image = ImagePart(data: [1, 2, 3], mediaType: "image/png")
        let error = #expect(throws: RPCError.self) { _ = try runner(backend).prepare(RunRequest(goal: "g", images: [image, image])) }
        #expect(error?.code == .invalidArgument)
        guard case .fieldViolation(let violation)? = error?.details.first else { throw TestFailure("no field violation: \(String(describing: error))") }
        #expect(violation.field == "images[0]")
    }
}
