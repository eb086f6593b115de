/// The input of `/flint.v1.Agents/Run` (proto `flint.v1.RunRequest`): a coordinator model
/// plans `goal` as subtasks, sub-agents run them in parallel under one token budget, and
/// events stream back until a final answer closes the run.
public struct RunRequest: Sendable, Equatable {
    /// What the run should achieve, in plain language. Must not be empty.
    public var goal: String
    /// Model for the coordinator and every sub-agent, as listed by ListModels. Empty means
    /// the server's default model.
    public var model: String
    /// Most model tokens (input + output, coordinator and sub-agents together) the run may
    /// use. The whole budget is reserved from the caller's token quota at the start and the
    /// unused part returned at the end. 0 means the server's default budget.
    public var tokenBudget: UInt64
    /// Most sub-agents running at once. 0 means the server's default.
    public var maxSubAgents: UInt32
    /// Server tools the sub-agents may use, by name (as in `CompleteRequest.serverTools`).
    /// An agent run cannot hand calls back to the caller, so there are no client tools.
    public var serverTools: [String]
    /// Longest the run may take, in ms, planning and synthesis included. 0: the server's default.
    public var maxWallMs: UInt32
    /// Most model calls of the whole run (coordinator, sub-agents, synthesis). 0: the server's default.
    public var maxModelCalls: UInt32
    /// Most server tool runs of the whole run, counted before each runs. 0: the server's default.
    public var maxToolCalls: UInt32
    /// Most subtasks the plan may have. 0: the server's default.
    public var maxSubtasks: UInt32
    /// Images the goal is about, given to the coordinator and every sub-agent.
    public var images: [ImagePart]

    public init(
        goal: String = "",
        model: String = "",
        tokenBudget: UInt64 = 0,
        maxSubAgents: UInt32 = 0,
        serverTools: [String] = [],
        maxWallMs: UInt32 = 0,
        maxModelCalls: UInt32 = 0,
        maxToolCalls: UInt32 = 0,
        maxSubtasks: UInt32 = 0,
        images: [ImagePart] = []
    ) {
        self.goal = goal
        self.model = model
        self.tokenBudget = tokenBudget
        self.maxSubAgents = maxSubAgents
        self.serverTools = serverTools
        self.maxWallMs = maxWallMs
        self.maxModelCalls = maxModelCalls
        self.maxToolCalls = maxToolCalls
        self.maxSubtasks = maxSubtasks
        self.images = images
    }
}
