/// One event of `/flint.v1.Agents/Run` (proto `flint.v1.AgentEvent`).
public struct AgentEvent: Sendable, Equatable {
    /// What happened (proto oneof `event`).
    public enum Event: Sendable, Equatable {
        /// The plan; the first event, before any subtask starts.
        case plan(Plan)
        /// A subtask was taken up.
        case subtaskStarted(SubtaskStarted)
        /// A running subtask made progress.
        case subtaskDelta(SubtaskDelta)
        /// A subtask ended.
        case subtaskFinished(SubtaskFinished)
        /// Running usage of the whole run so far (`partial` true).
        case usage(Usage)
        /// The answer; always the last event.
        case finalAnswer(FinalAnswer)
        /// Where the run's budgets stand, sent as reservations change.
        case budgetUpdate(BudgetUpdate)
    }

    /// 0 for the first event of the run, then 1, 2, ... with no gaps.
    public var sequence: UInt64
    /// nil when unset, or of a kind this build does not know.
    public var event: Event?

    public init(sequence: UInt64 = 0, event: Event? = nil) {
        self.sequence = sequence
        self.event = event
    }
}

/// The coordinator's plan, sent once before any subtask starts (proto `flint.v1.Plan`).
public struct Plan: Sendable, Equatable {
    /// The subtasks, in the order the coordinator listed them.
    public var subtasks: [Subtask]

    public init(subtasks: [Subtask] = []) {
        self.subtasks = subtasks
    }
}

/// Where a run's budgets stand (proto `flint.v1.BudgetUpdate`), sent whenever a
/// reservation is taken or settled. `tokensUsed + tokensReserved <= tokensBudget` always.
public struct BudgetUpdate: Sendable, Equatable {
    /// The run's token budget.
    public var tokensBudget: UInt64
    /// Tokens reserved for model calls now running (prompt estimate + max_tokens each).
    public var tokensReserved: UInt64
    /// Tokens used by model calls that ended.
    public var tokensUsed: UInt64
    /// Model calls made (or being made) so far.
    public var modelCalls: UInt64
    /// Server tool runs counted so far.
    public var toolCalls: UInt64
    /// Milliseconds since the run started.
    public var elapsedMs: UInt64

    public init(
        tokensBudget: UInt64 = 0, tokensReserved: UInt64 = 0, tokensUsed: UInt64 = 0, modelCalls: UInt64 = 0, toolCalls: UInt64 = 0,
        elapsedMs: UInt64 = 0
    ) {
        self.tokensBudget = tokensBudget
        self.tokensReserved = tokensReserved
        self.tokensUsed = tokensUsed
        self.modelCalls = modelCalls
        self.toolCalls = toolCalls
        self.elapsedMs = elapsedMs
    }
}

/// The run's answer, always the last event (proto `flint.v1.FinalAnswer`).
public struct FinalAnswer: Sendable, Equatable {
    /// The coordinator's answer to the goal.
    public var text: String
    /// Tokens the whole run used (coordinator and sub-agents).
    public var usage: Usage?
    /// True when the budget ran out and the answer is built from partial results.
    public var budgetExhausted: Bool
    /// The run's id in the usage ledger (GetUsage grouped by `.run`).
    public var runID: String

    public init(text: String = "", usage: Usage? = nil, budgetExhausted: Bool = false, runID: String = "") {
        self.text = text
        self.usage = usage
        self.budgetExhausted = budgetExhausted
        self.runID = runID
    }
}
