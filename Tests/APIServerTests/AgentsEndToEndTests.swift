import FlintTestSupport
import Foundation
import ModelServices
import Testing
import FlintAPI
import Wire

/// Agents.Run through the real server and real TLS, on a scripted in-process model:
/// events, scope, request checks, billing (one reservation of the budget, settled with
/// what the run used) and cancellation.
@Suite("Agents end to end with a scripted model")
struct AgentsEndToEndTests {
    static let run = "/flint.v1.Agents/Run"

    static let plan = AgentScriptBackend.PlanAnswer.plan(
        json: #"{"t1":{"description":"one","depends_on":[]},"t2":{"description":"two","depends_on":[]},"#
            + #""t3":{"description":"three","depends_on":["t1","t2"]}}"#)

    /// A token bucket that does not refill during a test (1 a minute), so remaining counts
    /// move only by what calls take and give back.
    static let steadyQuota = Quota(requestsPerMinute: 1, requestBurst: 100, tokensPerMinute: 1, tokenBurst: 200_000)

    /// The events of one run, and the response headers.
    static func events(_ connection: ClientConnection, key: String, _ request: RunRequest) async throws -> ([AgentEvent], ResponseHeaders?) {
        var events: [AgentEvent] = []
        var headers: ResponseHeaders?
        _ = try await connection.call(run, request: request, options: CallOptions(apiKey: key)) { event in
            switch event {
            case .message(let bytes): events.append(try AgentEvent(protobufBytes: bytes))
            case .headers(let received): headers = received
            }
        }
        return (events, headers)
    }

    /// The ledger's row of a method, once the batched writes have it.
    static func usageRow(_ admin: AdminClient, method: String, requests: UInt64) async throws -> UsageRow {
        try await bounded(.seconds(10)) {
            while true {
                if let row = try await admin.usage(partner: "acme", groupBy: [.method]).rows.first(where: { $0.method == method }), row.requests >= requests {
                    return row
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    @Test("a run streams the plan first, sub-agent progress and budget updates, the final answer last; the quota moves by exactly its usage and GetUsage agrees")
    func runAndBilling() async throws {
        let backend = AgentScriptBackend(script: .init(plans: [Self.plan, Self.plan], answerTokens: 3...9, toolCallChance: 1))
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            let key = try await admin.issue(scopes: ["agents"], quota: Self.steadyQuota).apiKey
            let request = RunRequest(goal: "Add things up", tokenBudget: 30_000, maxSubAgents: 2, serverTools: ["calculator"])
            let (first, firstHeaders) = try await Self.events(connection, key: key, request)
            let (second, secondHeaders) = try await Self.events(connection, key: key, request)

            #expect(first.map(\.sequence) == (0..<UInt64(first.count)).map { $0 })
            guard case .plan(let plan)? = first.first?.event, case .finalAnswer(let answer)? = first.last?.event else {
                throw TestFailure("not plan first and final answer last: \(first.map(\.event))")
            }
            #expect(plan.subtasks.map(\.id) == ["t1", "t2", "t3"])
            let finished = first.compactMap { event -> SubtaskFinished? in
                if case .subtaskFinished(let finished) = event.event { return finished }
                return nil
            }
            #expect(Set(finished.map(\.subtaskID)) == ["t1", "t2", "t3"] && finished.last?.subtaskID == "t3")
            #expect(finished.allSatisfy { $0.outcome == .succeeded })
            let toolResults = first.filter { if case .subtaskDelta(let delta) = $0.event, case .toolResult = delta.delta { true } else { false } }
            #expect(toolResults.count == 3)
            #expect(first.contains { if case .budgetUpdate = $0.event { true } else { false } })
            #expect(!answer.text.isEmpty && !answer.budgetExhausted)

            let usage = try #require(answer.usage)
            let used = usage.inputTokens + usage.outputTokens
            #expect(used > 0 && used <= request.tokenBudget)
            #expect(usage.toolCalls == 3)
            // Each run's headers show the quota after its admission took the whole budget:
            // between the two, the first run gave back all but what it used.
            let before = try #require(firstHeaders?.tokens?.remaining)
            let after = try #require(secondHeaders?.tokens?.remaining)
            #expect(before - after == used)
            guard case .finalAnswer(let secondAnswer)? = second.last?.event, let secondUsage = secondAnswer.usage else {
                throw TestFailure("the second run has no final answer")
            }
            let row = try await Self.usageRow(admin, method: Self.run, requests: 2)
            #expect(row.inputTokens == usage.inputTokens + secondUsage.inputTokens)
            #expect(row.outputTokens == usage.outputTokens + secondUsage.outputTokens)
            #expect(row.inputTokens + row.outputTokens == backend.tally.inputTokens + backend.tally.outputTokens)

            // Grouped by run and part: each run is one request, its parts add up to its usage.
            let tree = try await admin.usage(partner: "acme", groupBy: [.run, .runPart]).rows
            for (runAnswer, runUsage) in [(answer, usage), (secondAnswer, secondUsage)] {
                let rows = tree.filter { $0.runID == runAnswer.runID }
                #expect(runAnswer.runID.hasPrefix("run_"))
                #expect(rows.map(\.runPart).sorted() == ["", "plan", "synthesis", "t1", "t2", "t3"])
                #expect(rows.reduce(0) { $0 + $1.requests } == 1)
                #expect(rows.reduce(0) { $0 + $1.inputTokens } == runUsage.inputTokens)
                #expect(rows.reduce(0) { $0 + $1.outputTokens } == runUsage.outputTokens)
            }
            #expect(answer.runID != secondAnswer.runID)
        }
    }

    @Test("a key without the agents scope is PERMISSION_DENIED; bad run requests are INVALID_ARGUMENT naming the field, before any model call")
    func scopeAndBadRequests() async throws {
        let backend = AgentScriptBackend(model: .scriptedNative(isDefault: true), script: .init(plans: []))
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            let inferenceOnly = try await admin.issue(scopes: ["inference"]).apiKey
            let denied = await #expect(throws: RPCError.self) { _ = try await Self.events(connection, key: inferenceOnly, RunRequest(goal: "x")) }
            #expect(denied?.code == .permissionDenied)
            #expect(denied?.message.contains("agents") == true)

            let key = try await admin.issue(scopes: ["agents"]).apiKey
            let image = ImagePart(data: [0x89, 0x50, 0x4E, 0x47], mediaType: "image/png")
            let cases: [(RunRequest, String)] = [
                (RunRequest(goal: ""), "goal"),
                (RunRequest(goal: "x", tokenBudget: 2_000_000), "token_budget"),
                (RunRequest(goal: "x", maxSubAgents: 99), "max_sub_agents"),
                (RunRequest(goal: "x", maxWallMs: 4_000_000), "max_wall_ms"),
                (RunRequest(goal: "x", maxSubtasks: 99), "max_subtasks"),
                (RunRequest(goal: "x", serverTools: ["calculator", "teleport"]), "server_tools[1]"),
                (RunRequest(goal: "x", images: [image]), "images[0]"),
            ]
            for (request, field) in cases {
                let error = await #expect(throws: RPCError.self) { _ = try await Self.events(connection, key: key, request) }
                #expect(error?.code == .invalidArgument, "\(field)")
                #expect(error?.details.contains { if case .fieldViolation(let violation) = $0 { violation.field == field } else { false } } == true, "\(field): \(String(describing: error))")
            }
            // A budget larger than the key's token bucket can ever hold is refused at
            // admission, before any model call.
            let small = try await admin.issue(scopes: ["agents"], quota: Quota(tokensPerMinute: 5_000, tokenBurst: 5_000)).apiKey
            let tooBig = await #expect(throws: RPCError.self) { _ = try await Self.events(connection, key: small, RunRequest(goal: "x", tokenBudget: 10_000)) }
            #expect(tooBig?.code == .invalidArgument)
            #expect(backend.tally.planCalls == 0)
        }
    }

    @Test("CANCEL mid-fan-out closes every backend request within 1 s; what ran is billed once, as cancelled")
    func cancelThroughTLS() async throws {
        try await cancelled { connection, call in
            call.cancel()
        }
    }

    @Test("a dropped connection mid-fan-out closes every backend request within 1 s")
    func droppedConnection() async throws {
        try await cancelled { connection, _ in
            await connection.close()
        }
    }

    private func cancelled(_ stop: @escaping (ClientConnection, Task<[AgentEvent], any Error>) async -> Void) async throws {
        let backend = AgentScriptBackend(script: .init(plans: [Self.plan], hangSubtasks: true))
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let adminConnection = try await server.connect()
            defer { Task { await adminConnection.close() } }
            let admin = AdminClient(connection: adminConnection, key: try server.adminKey)
            let key = try await admin.issue(scopes: ["agents"]).apiKey
            let connection = try await server.connect()
            let call = Task { try await Self.events(connection, key: key, RunRequest(goal: "never ends", maxSubAgents: 3)).0 }
            // t1 and t2 are running (t3 waits for them).
            try await bounded(.seconds(10)) {
                while backend.tally.subtaskCalls < 2 || backend.tally.openStreams < 2 { try await Task.sleep(for: .milliseconds(5)) }
            }
            let stopped = ContinuousClock.now
            await stop(connection, call)
            try await bounded(.seconds(1)) {
                while backend.tally.openStreams > 0 { try await Task.sleep(for: .milliseconds(5)) }
            }
            #expect(ContinuousClock.now - stopped < .seconds(1))
            _ = try? await call.value
            await connection.close()
            let row = try await Self.usageRow(admin, method: Self.run, requests: 1)
            #expect(row.requests == 1 && row.failedRequests == 1)
            #expect(row.inputTokens + row.outputTokens == backend.tally.inputTokens + backend.tally.outputTokens)
            #expect(backend.tally.synthesisCalls == 0)
        }
    }
}
