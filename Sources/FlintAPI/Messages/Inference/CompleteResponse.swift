/// The answer of `/flint.v1.Inference/Complete` (proto `flint.v1.CompleteResponse`).
public struct CompleteResponse: Sendable, Equatable {
    /// The model that answered (an alias in the request resolves to a concrete name).
    public var model: String
    /// The generated content, in order: text, reasoning, tool calls and, for server tools,
    /// their results. Decoding drops parts of kinds this build does not know.
    public var content: [ContentPart]
    /// Why generation stopped.
    public var stopReason: StopReason
    /// With `.stopSequence`: the stop sequence that was produced.
    public var stopSequence: String
    /// Tokens the call used (`partial` false unless the call was cut short).
    public var usage: Usage?

    public init(
        model: String = "",
        content: [ContentPart] = [],
        stopReason: StopReason = .unspecified,
        stopSequence: String = "",
        usage: Usage? = nil
    ) {
        self.model = model
        self.content = content
        self.stopReason = stopReason
        self.stopSequence = stopSequence
        self.usage = usage
    }
}

/// Why the model stopped generating (proto enum `flint.v1.StopReason`; open, unknown
/// values survive a round trip).
public struct StopReason: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Not set. Readers treat unknown values like `.endTurn`.
    public static let unspecified = StopReason(rawValue: 0)
    /// The model finished its answer.
    public static let endTurn = StopReason(rawValue: 1)
    /// `maxTokens` was reached; the answer is cut short.
    public static let maxTokens = StopReason(rawValue: 2)
    /// One of the stop sequences was produced (see `stopSequence`).
    public static let stopSequence = StopReason(rawValue: 3)
    /// The model called client tools: run them and send their results to continue.
    public static let toolUse = StopReason(rawValue: 4)
    /// The server tool loop reached its step limit before the model finished.
    public static let toolStepLimit = StopReason(rawValue: 5)
}

/// Tokens a call consumed (proto `flint.v1.Usage`). Input and output tokens of every model
/// call in the server tool loop are summed.
public struct Usage: Sendable, Equatable {
    /// Prompt tokens read by the model.
    public var inputTokens: UInt64
    /// Tokens generated, reasoning included.
    public var outputTokens: UInt64
    /// Of `outputTokens`, those spent on reasoning.
    public var reasoningTokens: UInt64
    /// True when the counts are not final: a running total in the middle of a stream, or a
    /// call cut short (cancelled, deadline, backend failure) where the counts are what
    /// Flint saw or estimated.
    public var partial: Bool
    /// Model calls made: 1 for a plain completion, one per step of the tool loop.
    public var modelCalls: UInt64
    /// Server tools Flint ran.
    public var toolCalls: UInt64

    public init(
        inputTokens: UInt64 = 0, outputTokens: UInt64 = 0, reasoningTokens: UInt64 = 0,
        partial: Bool = false, modelCalls: UInt64 = 0, toolCalls: UInt64 = 0
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.reasoningTokens = reasoningTokens
        self.partial = partial
        self.modelCalls = modelCalls
        self.toolCalls = toolCalls
    }
}
