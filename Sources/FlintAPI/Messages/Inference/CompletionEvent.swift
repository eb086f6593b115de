/// One event of `/flint.v1.Inference/StreamComplete` (proto `flint.v1.CompletionEvent`).
/// Concatenating the events by `partIndex` rebuilds the `content` of the
/// `CompleteResponse` that Complete would have returned.
public struct CompletionEvent: Sendable, Equatable {
    /// What happened (proto oneof `event`).
    public enum Event: Sendable, Equatable {
        /// More text for a `TextPart`.
        case textDelta(TextDelta)
        /// More reasoning for a `ReasoningPart`.
        case reasoningDelta(ReasoningDelta)
        /// A complete tool call (its arguments are never split across events).
        case toolCall(ToolCall)
        /// The result of a server tool Flint ran.
        case toolResult(ToolResult)
        /// Running usage so far (`partial` true); sent from time to time on long streams.
        case usage(Usage)
        /// Always the last event.
        case stop(Stop)
        /// An observation, a whole output part of its own (with visual steps).
        case observation(Observation)
        /// A reasoning step, a whole output part of its own (with visual steps).
        case reasoningStep(ReasoningStep)
    }

    /// 0 for the first event of the stream, then 1, 2, ... with no gaps.
    public var sequence: UInt64
    /// For text deltas, reasoning deltas, tool calls, tool results, observations and
    /// reasoning steps: the index of the
    /// output content part this event builds (0, 1, 2, ...). A new index starts a new part.
    /// 0 for the other events.
    public var partIndex: UInt32
    /// nil when unset, or of a kind this build does not know.
    public var event: Event?

    public init(sequence: UInt64 = 0, partIndex: UInt32 = 0, event: Event? = nil) {
        self.sequence = sequence
        self.partIndex = partIndex
        self.event = event
    }
}

/// Appends text to the output part at the event's `partIndex` (proto `flint.v1.TextDelta`).
public struct TextDelta: Sendable, Equatable {
    /// The text to append; never splits a UTF-8 sequence.
    public var text: String

    public init(text: String = "") {
        self.text = text
    }
}

/// Appends reasoning text to the output part at the event's `partIndex`
/// (proto `flint.v1.ReasoningDelta`).
public struct ReasoningDelta: Sendable, Equatable {
    /// The reasoning text to append; never splits a UTF-8 sequence.
    public var text: String

    public init(text: String = "") {
        self.text = text
    }
}

/// The last event of a stream (proto `flint.v1.Stop`).
public struct Stop: Sendable, Equatable {
    /// Why generation stopped.
    public var reason: StopReason
    /// With `.stopSequence`: the stop sequence that was produced.
    public var stopSequence: String
    /// Final usage of the whole call.
    public var usage: Usage?
    /// The model that answered (an alias in the request resolves to a concrete name).
    public var model: String

    public init(
        reason: StopReason = .unspecified, stopSequence: String = "", usage: Usage? = nil,
        model: String = ""
    ) {
        self.reason = reason
        self.stopSequence = stopSequence
        self.usage = usage
        self.model = model
    }
}
