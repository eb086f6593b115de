import ModelServices
import FlintAPI

/// A RunRequest checked once against the model, the server tools and every bound, before
/// any quota is taken. Admission reserves ``tokenBudget``; the run reads only this value.
public struct PreparedRun: Sendable {
    public var goal: String
    public var model: ModelDescriptor
    /// Server tools the sub-agents may use.
    public var serverTools: [String]
    /// Given to the coordinator and every sub-agent.
    public var images: [ImagePart]
    public var tokenBudget: UInt64
    public var maxSubAgents: Int
    public var maxSubtasks: Int
    public var maxModelCalls: UInt32
    public var maxToolCalls: UInt32
    public var maxWall: Duration
    /// The calling partner: every call of the run acts for it (the `search` tool reads its
    /// documents). Nil when the call has none.
    public var partner: String? = nil

    /// What admission reserves from the caller's token quota: the whole budget.
    public var estimatedTokens: UInt64 { tokenBudget }
}
