import ModelServices
import FlintAPI

/// A completion request checked once against its model, its tools and every limit, before
/// any quota is taken or any backend is called. Admission, every model call of the tool
/// loop and usage all read this one value.
public struct PreparedCompletion: Sendable {
    public var model: ModelDescriptor
    public var systemPrompt: String
    /// The conversation as the caller sent it, checked.
    public var messages: [Message]
    public var tools: ToolSet
    /// What the first model call must do with tools; later steps of the loop run `.auto`
    /// (or `.none` when the request said so).
    public var toolChoice: ToolChoiceMode
    /// False: at most one tool call per turn.
    public var parallelToolCalls: Bool
    /// Output tokens per model call (the request's, or the model's maximum for 0).
    public var maxTokens: Int
    public var temperature: Double?
    public var topP: Double?
    public var stopSequences: [String]
    /// Most model calls, the first included.
    public var maxSteps: UInt32
    /// Most server tool runs.
    public var maxToolCalls: UInt32
    /// Every tool call id of the conversation, so new ones never collide.
    public var callIDs: Set<String>
    /// Every image of the request, inspected, in `image_index` order (tool results' included).
    public var images: [PreparedImage]
    /// The first model call as the backend will receive it.
    public var firstRequest: ModelRequest
    /// The first model call's prompt estimate (its images' tokens included) + `maxTokens`:
    /// what admission reserves.
    public var estimatedTokens: UInt64
    /// Observations and reasoning steps before the answer (`reasoning.visual_steps`), by
    /// this route; nil without them.
    public var visualSteps: VisualStepRoute?
    /// The backend's reasoning streams as reasoning deltas (`reasoning.enabled`).
    public var reasoning: Bool = false
    /// The calling partner, for server tools that act on its own data (`search`); nil
    /// when there is none.
    public var partner: String? = nil
}
