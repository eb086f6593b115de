/// A sub-agent took up a subtask (proto `flint.v1.SubtaskStarted`).
public struct SubtaskStarted: Sendable, Equatable {
    /// The `Subtask.id`.
    public var subtaskID: String
    /// The sub-agent working on it, unique within the run, e.g. "agent-2".
    public var subAgentID: String

    public init(subtaskID: String = "", subAgentID: String = "") {
        self.subtaskID = subtaskID
        self.subAgentID = subAgentID
    }
}

/// Progress of a running subtask (proto `flint.v1.SubtaskDelta`).
public struct SubtaskDelta: Sendable, Equatable {
    /// What the sub-agent did (proto oneof `delta`).
    public enum Delta: Sendable, Equatable {
        /// Text the sub-agent produced, to append to what came before.
        case text(String)
        /// A server tool call the sub-agent made.
        case toolCall(ToolCall)
        /// The result of that call.
        case toolResult(ToolResult)
        /// Reasoning the sub-agent produced, to append to what came before.
        case reasoning(String)
    }

    /// The `Subtask.id`.
    public var subtaskID: String
    /// The sub-agent working on it.
    public var subAgentID: String
    /// nil when unset, or of a kind this build does not know.
    public var delta: Delta?

    public init(subtaskID: String = "", subAgentID: String = "", delta: Delta? = nil) {
        self.subtaskID = subtaskID
        self.subAgentID = subAgentID
        self.delta = delta
    }
}

/// A subtask ended (proto `flint.v1.SubtaskFinished`).
public struct SubtaskFinished: Sendable, Equatable {
    /// The `Subtask.id`.
    public var subtaskID: String
    /// The sub-agent that worked on it.
    public var subAgentID: String
    /// How it ended.
    public var outcome: SubtaskOutcome
    /// The sub-agent's answer (or, unless `.succeeded`, why there is none).
    public var result: String
    /// Tokens this subtask used.
    public var usage: Usage?

    public init(
        subtaskID: String = "",
        subAgentID: String = "",
        outcome: SubtaskOutcome = .unspecified,
        result: String = "",
        usage: Usage? = nil
    ) {
        self.subtaskID = subtaskID
        self.subAgentID = subAgentID
        self.outcome = outcome
        self.result = result
        self.usage = usage
    }
}

/// How a subtask ended (proto enum `flint.v1.SubtaskOutcome`; open, unknown values survive
/// a round trip).
public struct SubtaskOutcome: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Not set. Readers treat unknown values like `.failed`.
    public static let unspecified = SubtaskOutcome(rawValue: 0)
    /// Done; `result` holds the answer.
    public static let succeeded = SubtaskOutcome(rawValue: 1)
    /// The sub-agent could not finish; `result` says why.
    public static let failed = SubtaskOutcome(rawValue: 2)
    /// The run's token budget ran out first.
    public static let budgetExhausted = SubtaskOutcome(rawValue: 3)
    /// Abandoned: the run was cancelled or the coordinator no longer needed it.
    public static let cancelled = SubtaskOutcome(rawValue: 4)
}
