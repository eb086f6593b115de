/// Counts a prompt's input tokens (proto `flint.v1.CountTokensRequest`), the input of
/// `/flint.v1.Inference/CountTokens`. Field numbers match `CompleteRequest`, so the bytes
/// of a `CompleteRequest` are a valid `CountTokensRequest` for the same prompt.
public struct CountTokensRequest: Sendable, Equatable {
    /// Model whose tokenizer and prompt format to use. Empty means the default model.
    public var model: String
    /// As `CompleteRequest.systemPrompt`.
    public var systemPrompt: String
    /// As `CompleteRequest.messages`.
    public var messages: [Message]
    /// Tool definitions count as prompt tokens too.
    public var tools: [ToolDefinition]
    /// Server tools whose definitions would be added to the prompt.
    public var serverTools: [String]

    public init(
        model: String = "",
        systemPrompt: String = "",
        messages: [Message] = [],
        tools: [ToolDefinition] = [],
        serverTools: [String] = []
    ) {
        self.model = model
        self.systemPrompt = systemPrompt
        self.messages = messages
        self.tools = tools
        self.serverTools = serverTools
    }
}

/// The answer of `/flint.v1.Inference/CountTokens` (proto `flint.v1.CountTokensResponse`).
public struct CountTokensResponse: Sendable, Equatable {
    /// Input tokens the request would use.
    public var inputTokens: UInt64
    /// The model whose tokenizer counted.
    public var model: String

    public init(inputTokens: UInt64 = 0, model: String = "") {
        self.inputTokens = inputTokens
        self.model = model
    }
}
