/// A finished generation: the whole text, why it stopped, and what it cost.
public struct ModelResult: Hashable, Sendable {
    public var text: String
    public var stopReason: ModelStopReason
    /// The stop sequence that ended the output, when the backend says which (llama-server's
    /// `/completion` does; OpenAI endpoints do not).
    public var stopSequence: String?
    public var usage: ModelUsage
    /// Tool calls the backend returned natively, whole, in order (arguments as JSON text,
    /// not yet validated).
    public var toolCalls: [ModelToolCall]
    /// The reasoning the backend returned beside the answer (`reasoning_content`), or "".
    public var reasoning: String

    public init(
        text: String, stopReason: ModelStopReason, stopSequence: String? = nil, usage: ModelUsage, toolCalls: [ModelToolCall] = [],
        reasoning: String = ""
    ) {
        self.text = text
        self.stopReason = stopReason
        self.stopSequence = stopSequence
        self.usage = usage
        self.toolCalls = toolCalls
        self.reasoning = reasoning
    }
}

/// Why generation stopped.
public enum ModelStopReason: String, Hashable, Sendable, CaseIterable {
    /// The model ended its answer (end-of-sequence token).
    case end
    /// The output reached `maxTokens`.
    case maxTokens
    /// The output reached one of the request's stop sequences.
    case stopSequence
    /// The caller cancelled; the text and usage are what was produced until then.
    case cancelled
    /// The model called tools (OpenAI `finish_reason` "tool_calls").
    case toolCalls
}

/// Tokens spent by one call.
public struct ModelUsage: Hashable, Sendable, CustomStringConvertible {
    /// Tokens of the prompt the backend evaluated (including any chat template).
    public var promptTokens: Int
    /// Tokens the backend generated.
    public var completionTokens: Int
    /// False when both counts were reported by the backend; true when either is our own
    /// count (streamed deltas) or estimate (prompt bytes / 4), because the backend did
    /// not say — typically after a cancellation or a stream that died part-way.
    public var isEstimate: Bool

    public init(promptTokens: Int, completionTokens: Int, isEstimate: Bool = false) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.isEstimate = isEstimate
    }

    public static let zero = ModelUsage(promptTokens: 0, completionTokens: 0)

    public var totalTokens: Int { promptTokens + completionTokens }

    public var description: String {
        "\(promptTokens) prompt + \(completionTokens) completion tokens\(isEstimate ? " (estimated)" : "")"
    }
}

/// What a streaming call yields: text as it arrives, then exactly one `finished`.
public enum ModelEvent: Hashable, Sendable {
    /// New text, with the usage so far: a consumer that stops early (cancels) still knows
    /// what the call has cost from the last delta it saw.
    case textDelta(String, usageSoFar: ModelUsage)
    /// More of the backend's reasoning (`reasoning_content`), before or beside the answer.
    case reasoningDelta(String, usageSoFar: ModelUsage)
    /// The last event: full text, stop reason and the backend's usage.
    case finished(ModelResult)
}
