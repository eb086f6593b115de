import FlintAPI

/// What a completion produces, in order: the events StreamComplete sends and Complete
/// folds into its content. `partIndex` numbers the output content parts.
public enum CompletionOutput: Sendable, Equatable {
    /// More text for the text part at `partIndex`.
    case textDelta(partIndex: UInt32, text: String)
    /// More of the backend's reasoning for the reasoning part at `partIndex` (`reasoning.enabled`).
    case reasoningDelta(partIndex: UInt32, text: String)
    /// A whole, validated tool call.
    case toolCall(partIndex: UInt32, ToolCall)
    /// The result of a server tool Flint ran.
    case toolResult(partIndex: UInt32, ToolResult)
    /// Something Flint read in an image (visual steps).
    case observation(partIndex: UInt32, Observation)
    /// A step of visual reasoning, its citations resolved to regions.
    case reasoningStep(partIndex: UInt32, ReasoningStep)
}

extension CompletionOutput {
    /// The output content part this output builds.
    public var partIndex: UInt32 {
        switch self {
        case .textDelta(let index, _), .reasoningDelta(let index, _), .toolCall(let index, _), .toolResult(let index, _), .observation(let index, _), .reasoningStep(let index, _):
            index
        }
    }
}

/// How a completion ended.
public struct CompletionSummary: Sendable, Equatable {
    /// The model that answered.
    public var model: String
    public var stopReason: StopReason
    /// With `.stopSequence`: the sequence produced, when the backend says which.
    public var stopSequence: String
    /// Every model call's tokens added up, with the model and tool call counts.
    public var usage: Usage
}

/// Receives a completion's output as it is produced. Throwing stops the completion.
public typealias CompletionSink = @Sendable (CompletionOutput) async throws -> Void

/// The quota side of a completion: every model call after the first reserves its tokens
/// before it starts (the first was reserved at admission, ``PreparedCompletion/estimatedTokens``),
/// and every model call's usage is recorded when it ends, however it ends.
public protocol CompletionMeter: Sendable {
    /// Reserves `tokens` more for the next model call, or throws RESOURCE_EXHAUSTED naming
    /// the limit, with the exact retry delay.
    func reserve(tokens: UInt64) throws(RPCError)
    /// Adds one model call's tokens to the call's usage.
    func record(model: String, inputTokens: UInt64, outputTokens: UInt64, partial: Bool)
    /// Reserves the next model call: its prompt estimate and up to `maxTokens` output
    /// tokens. Returns the output tokens granted; a meter with a hard budget (an agent
    /// run's) may grant fewer, and throws when the call cannot fit at all.
    func reserve(promptTokens: UInt64, maxTokens: Int) throws(RPCError) -> Int
}

extension CompletionMeter {
    /// The call's quota grants the whole `maxTokens`, or throws.
    public func reserve(promptTokens: UInt64, maxTokens: Int) throws(RPCError) -> Int {
        try reserve(tokens: promptTokens + UInt64(max(0, maxTokens)))
        return maxTokens
    }
}

/// Numbers output parts: consecutive text deltas share a part, and so do consecutive
/// reasoning deltas; every tool call and tool result is a part of its own, and text or
/// reasoning after another kind of part starts a new part.
struct PartNumbering {
    private var next: UInt32 = 0
    private var openText: UInt32?
    private var openReasoning: UInt32?

    mutating func textPart() -> UInt32 {
        openReasoning = nil
        if let openText { return openText }
        defer { next += 1 }
        openText = next
        return next
    }

    mutating func reasoningPart() -> UInt32 {
        openText = nil
        if let openReasoning { return openReasoning }
        defer { next += 1 }
        openReasoning = next
        return next
    }

    mutating func wholePart() -> UInt32 {
        closeText()
        defer { next += 1 }
        return next
    }

    /// Ends the open text or reasoning part (a new model call starts a new part).
    mutating func closeText() {
        openText = nil
        openReasoning = nil
    }
}
