/// The model asks for a tool to run (proto `flint.v1.ToolCall`).
public struct ToolCall: Sendable, Equatable {
    /// Unique within the conversation; a tool result names it in `toolCallID`.
    public var id: String
    /// The tool: a `ToolDefinition.name`, or one of the request's server tools.
    public var name: String
    /// The arguments, a JSON object matching the tool's parameters schema.
    public var argumentsJSON: String
    /// True when Flint runs this tool itself (a server tool): its tool result follows in
    /// the same response. False for client tools: run the tool and send a `.user` message
    /// with its tool result to continue.
    public var serverTool: Bool

    public init(id: String = "", name: String = "", argumentsJSON: String = "", serverTool: Bool = false) {
        self.id = id
        self.name = name
        self.argumentsJSON = argumentsJSON
        self.serverTool = serverTool
    }
}

/// The outcome of a tool call (proto `flint.v1.ToolResult`).
public struct ToolResult: Sendable, Equatable {
    /// The `ToolCall.id` this answers.
    public var toolCallID: String
    /// What the tool returned (text, images). Empty is allowed. Decoding drops parts of
    /// kinds this build does not know.
    public var content: [ToolResultPart]
    /// True when the tool failed; `content` then describes the failure for the model.
    public var isError: Bool
    /// Parts of kinds this build does not know, left out of `content` by decoding (not on
    /// the wire), so a server can refuse them instead of dropping them unseen.
    public var unknownPartCount: Int

    public init(toolCallID: String = "", content: [ToolResultPart] = [], isError: Bool = false, unknownPartCount: Int = 0) {
        self.toolCallID = toolCallID
        self.content = content
        self.isError = isError
        self.unknownPartCount = unknownPartCount
    }
}

/// One piece of a tool result's content (proto `flint.v1.ToolResultPart`).
///
/// Decoding a part of a kind this build does not know throws `.unknownOneof`;
/// `ToolResult` skips those instead.
public enum ToolResultPart: Sendable, Equatable {
    /// Text the tool returned.
    case text(TextPart)
    /// An image the tool returned, for models that accept images.
    case image(ImagePart)
}
