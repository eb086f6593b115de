import Completion
import FlintTestSupport
import Logging
import ModelServices
import ServerTools
import Synchronization
import FlintAPI

@testable import Agents

/// A run recorder that adds up what it is billed, per part and in total.
final class TallyRecorder: RunRecorder {
    private let state = Mutex<(total: UInt64, parts: [String: UInt64], calls: Int)>((0, [:], 0))

    func record(part: String, model: String, inputTokens: UInt64, outputTokens: UInt64, partial: Bool) {
        state.withLock {
            $0.total += inputTokens + outputTokens
            $0.parts[part, default: 0] += inputTokens + outputTokens
            $0.calls += 1
        }
    }

    var total: UInt64 { state.withLock { $0.total } }
    var parts: [String: UInt64] { state.withLock { $0.parts } }
    var calls: Int { state.withLock { $0.calls } }
}

/// Every event a run sent, in the order it sent them.
final class EventLog: Sendable {
    private let events = Mutex<[AgentEvent]>([])

    func append(_ event: AgentEvent) {
        events.withLock { $0.append(event) }
    }

    var all: [AgentEvent] { events.withLock { $0 } }
}

/// A runner over `backend` with the built-in server tools.
func runner(_ backend: any ModelBackend, limits: AgentRunLimits = AgentRunLimits(), sleep: (@Sendable (Duration) async throws -> Void)? = nil) -> AgentRunner {
    let pipeline = CompletionPipeline(backend: backend, serverTools: ServerToolRegistry.builtIn(), limits: CompletionLimits())
    if let sleep { return AgentRunner(pipeline: pipeline, limits: limits, sleep: sleep) }
    return AgentRunner(pipeline: pipeline, limits: limits)
}

/// A plan's `submit_plan` arguments: the subtasks as members, in order.
func planJSON(_ subtasks: [Subtask]) -> String {
    let members = subtasks.map { subtask in
        let dependencies = subtask.dependsOn.map { "\"\($0)\"" }.joined(separator: ",")
        return #""\#(subtask.id)":{"description":"\#(subtask.description)","depends_on":[\#(dependencies)]}"#
    }
    return "{" + members.joined(separator: ",") + "}"
}

/// A wall clock for runs whose sleeps end only when the test says the time is up.
final class ManualWallClock: Sendable {
    private struct State {
        var expired = false
        var next = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())

    /// The runner's sleep: returns once ``expire()`` was called; throws when cancelled first.
    func sleep(_ duration: Duration) async throws {
        let id = state.withLock { state in
            state.next += 1
            return state.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.expired || state.cancelled.contains(id) { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.cancelled.insert(id)
                return state.waiters.removeValue(forKey: id)
            }
            waiter?.resume()
        }
        try Task.checkCancellation()
    }

    func expire() {
        let waiters = state.withLock { state in
            state.expired = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Runs log nowhere in these tests (scripted failures would fill the output).
let quietLogger = Logger(label: "flint.agents.test", factory: { _ in SwiftLogNoOpLogHandler() })
