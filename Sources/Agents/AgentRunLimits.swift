/// Every default and bound of an agent run, in one place. docs/AGENTS.md lists them.
public struct AgentRunLimits: Hashable, Sendable {
    /// Token budget when the request says 0, and the most a request may ask.
    public var defaultTokenBudget: UInt64 = 20_000
    public var maxTokenBudget: UInt64 = 1_000_000
    /// Sub-agents running at once.
    public var defaultMaxSubAgents: UInt32 = 2
    public var maxSubAgentsCap: UInt32 = 8
    /// Subtasks of the plan.
    public var defaultMaxSubtasks: UInt32 = 4
    public var maxSubtasksCap: UInt32 = 16
    /// Model calls of the whole run (one is always kept back for the synthesis).
    public var defaultMaxModelCalls: UInt32 = 24
    public var maxModelCallsCap: UInt32 = 256
    /// Server tool runs of the whole run.
    public var defaultMaxToolCalls: UInt32 = 16
    public var maxToolCallsCap: UInt32 = 256
    /// Wall-clock budget, planning and synthesis included.
    public var defaultMaxWall: Duration = .seconds(120)
    public var maxWallCap: Duration = .seconds(540)
    /// A run whose call has a deadline ends this long before it, so the final answer
    /// still reaches the caller: its wall-clock budget is cut to fit.
    public var deadlineMargin: Duration = .seconds(2)
    /// Longest goal, in UTF-8 bytes, and most images.
    public var maxGoalBytes = 4_096
    public var maxImages = 4
    /// Output tokens asked for by the plan call, each sub-agent call and the synthesis
    /// (each clipped to what the budget has left).
    public var planMaxTokens = 384
    public var subAgentMaxTokens = 256
    public var synthesisMaxTokens = 384
    /// A call is not made when fewer output tokens than this would fit.
    public var minOutputTokens = 8
    /// Plans asked for before the run fails with INVALID_PLAN.
    public var planAttempts = 3
    /// Model calls of one sub-agent's tool loop.
    public var subAgentMaxSteps: UInt32 = 4
    /// The share of the token budget and of the wall-clock budget kept back for the
    /// synthesis, as a divisor: 4 keeps a quarter.
    public var synthesisShareDivisor: UInt64 = 4
    /// Longest result of a subtask passed on to dependents and the synthesis, in bytes.
    public var maxResultBytesInPrompt = 1_500

    public init() {}
}
