import Completion
import Synchronization
import FlintAPI

/// The completion meter of one part of an agent run (the plan, a sub-agent, the
/// synthesis): every model call of its tool loop reserves from the run's ``RunBudget``
/// (output tokens clipped to what is left), settles there when it ends, and is billed to
/// the run's ``RunRecorder``. One call runs at a time per meter, so one grant is open at most.
final class BudgetMeter: CompletionMeter {
    private struct State {
        var open: RunBudget.Grant?
        var usage = Usage()
    }

    let budget: RunBudget
    let purpose: RunBudget.Purpose
    let part: String
    let recorder: any RunRecorder
    private let state = Mutex(State())

    init(budget: RunBudget, purpose: RunBudget.Purpose, part: String, recorder: any RunRecorder) {
        self.budget = budget
        self.purpose = purpose
        self.part = part
        self.recorder = recorder
    }

    func reserve(promptTokens: UInt64, maxTokens: Int) throws(RPCError) -> Int {
        let grant = try budget.reserve(promptTokens: promptTokens, maxTokens: maxTokens, for: purpose)
        state.withLock { $0.open = grant }
        return grant.maxTokens
    }

    /// A reservation of at most `tokens` (the pipeline reserves through
    /// ``reserve(promptTokens:maxTokens:)``, which clips only the output).
    func reserve(tokens: UInt64) throws(RPCError) {
        _ = try reserve(promptTokens: 0, maxTokens: Int(clamping: tokens))
    }

    func record(model: String, inputTokens: UInt64, outputTokens: UInt64, partial: Bool) {
        let grant = state.withLock { state -> RunBudget.Grant? in
            state.usage.inputTokens += inputTokens
            state.usage.outputTokens += outputTokens
            state.usage.modelCalls += 1
            state.usage.partial = state.usage.partial || partial
            defer { state.open = nil }
            return state.open
        }
        if let grant { budget.settle(grant, inputTokens: inputTokens, outputTokens: outputTokens) }
        recorder.record(part: part, model: model, inputTokens: inputTokens, outputTokens: outputTokens, partial: partial)
    }

    /// Counts server tool runs of this part, before they run.
    func countToolRun() throws(RPCError) {
        try budget.countToolRuns(1)
        state.withLock { $0.usage.toolCalls += 1 }
    }

    /// Settles a grant whose call never started (cancelled between reserve and call).
    func releaseOpenGrant() {
        if let grant = state.withLock({ state -> RunBudget.Grant? in
            defer { state.open = nil }
            return state.open
        }) {
            budget.settle(grant, inputTokens: 0, outputTokens: 0)
        }
    }

    /// What this part used.
    var usage: Usage { state.withLock { $0.usage } }
}
