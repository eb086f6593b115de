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

/// The run's answer, always the last event (proto `flint.v1.FinalAnswer`).
public struct FinalAnswer: Sendable, Equatable {
    /// The coordinator's answer to the goal.
    public var text: String
    /// Tokens the whole run used (coordinator and sub-agents).
    public var usage: Usage?
    /// True when the budget ran out and the answer is built from partial results.
    public var budgetExhausted: Bool

    public init(text: String = "", usage: Usage? = nil, budgetExhausted: Bool = false) {
        self.text = text
        self.usage = usage
        self.budgetExhausted = budgetExhausted
    }
}
