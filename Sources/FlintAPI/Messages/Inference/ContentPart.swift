/// One typed piece of a message (proto `flint.v1.ContentPart`).
///
/// Decoding a part of a kind this build does not know throws `.unknownOneof`; the
/// messages that hold parts skip those instead, as a reader ignores fields it does not
/// know.
public enum ContentPart: Sendable, Equatable {
    /// Text, from either role.
    case text(TextPart)
    /// An image, in `.user` messages.
    case image(ImagePart)
    /// A tool call, in `.assistant` messages.
    case toolCall(ToolCall)
    /// A tool's result, in `.user` messages (client tools) or in responses (server tools).
    case toolResult(ToolResult)
    /// Reasoning, in `.assistant` messages and responses.
    case reasoning(ReasoningPart)
    /// Something Flint or the model saw in an image; in responses with visual steps.
    case observation(Observation)
    /// One step of visual reasoning, citing observations; in responses with visual steps.
    case reasoningStep(ReasoningStep)
}

/// A piece of text (proto `flint.v1.TextPart`).
public struct TextPart: Sendable, Equatable {
    /// UTF-8 text. Streamed text never splits a UTF-8 sequence between events.
    public var text: String

    public init(text: String = "") {
        self.text = text
    }
}

/// The model's visible reasoning ("thinking"), when reasoning is enabled
/// (proto `flint.v1.ReasoningPart`).
public struct ReasoningPart: Sendable, Equatable {
    /// UTF-8 text of the reasoning.
    public var text: String

    public init(text: String = "") {
        self.text = text
    }
}
