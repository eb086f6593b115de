import ModelServices
import ServerTools

/// Every bound a completion request is checked against, in one place. The proto documents
/// the caller-facing ones; docs/TOOLS.md lists them all.
public struct CompletionLimits: Hashable, Sendable {
    /// Largest rendered prompt of one model call, in UTF-8 bytes: the system prompt, the
    /// tool descriptions and the conversation as the model receives them.
    public var maxPromptBytes: Int
    /// Most messages in a request.
    public var maxMessages = 256
    /// Most content parts in one message.
    public var maxPartsPerMessage = 64
    /// Most stop sequences, and their length in bytes: the model services' own limits.
    public var maxStopSequences = ModelRequest.Limits.maximumStopSequences
    public var maxStopSequenceBytes = ModelRequest.Limits.maximumStopSequenceLength
    /// Most client tools in a request.
    public var maxTools = 64
    /// Longest tool name (names are `[a-zA-Z0-9_-]`).
    public var maxToolNameLength = ToolName.maximumLength
    /// Longest tool description, in bytes.
    public var maxToolDescriptionBytes = 4_096
    /// Model calls of the tool loop when the request does not say, and the most it may ask.
    public var defaultMaxSteps: UInt32 = 4
    public var maxStepsCap: UInt32 = 16
    /// Server tool runs of one call when the request does not say, and the most it may ask.
    public var defaultMaxToolCalls: UInt32 = 16
    public var maxToolCallsCap: UInt32 = 64
    /// Most tool calls the model may make in one turn.
    public var maxCallsPerTurn = 8
    /// Server tools run at once within one call.
    public var toolConcurrency = 4
    /// The bounds of visual reasoning.
    public var visualSteps = VisualStepLimits()

    public init(maxPromptBytes: Int = 256 << 10) {
        self.maxPromptBytes = maxPromptBytes
    }
}
