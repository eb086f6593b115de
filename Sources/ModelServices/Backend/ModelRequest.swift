/// One inference call, in plain Swift values: the server maps its protobuf request to this.
public struct ModelRequest: Hashable, Sendable {
    /// The configured model name; empty picks the configuration's default model.
    public var model: String
    /// How to send the prompt. Nil uses the model's configured format.
    public var promptFormat: PromptFormat?
    /// Instructions that precede the conversation.
    public var systemPrompt: String?
    /// The conversation. For a raw model it is rendered into one prompt (see
    /// ``PromptRendering``); for a chat model it is sent as chat messages.
    public var messages: [ModelMessage]
    /// A raw prompt: sent verbatim to a raw model, or as a last user message to a chat model.
    public var prompt: String?
    /// Output tokens to generate at most. Nil: the model's `maxOutputTokens`.
    public var maxTokens: Int?
    /// Sampling temperature, 0...2. Nil: the backend's default.
    public var temperature: Double?
    /// Nucleus sampling, in (0, 1]. Nil: the backend's default.
    public var topP: Double?
    /// Generation stops before any of these strings (at most 16, each 1...256 bytes).
    public var stopSequences: [String]

    public init(
        model: String = "",
        promptFormat: PromptFormat? = nil,
        systemPrompt: String? = nil,
        messages: [ModelMessage] = [],
        prompt: String? = nil,
        maxTokens: Int? = nil,
        temperature: Double? = nil,
        topP: Double? = nil,
        stopSequences: [String] = []
    ) {
        self.model = model
        self.promptFormat = promptFormat
        self.systemPrompt = systemPrompt
        self.messages = messages
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stopSequences = stopSequences
    }
}

/// How a prompt reaches the model.
public enum PromptFormat: String, Hashable, Sendable, Codable, CaseIterable {
    /// Plain text completion (`/completion` or `/v1/completions`): base models.
    case raw
    /// Chat messages through the model's chat template (`/v1/chat/completions`).
    case chat
}

/// One turn of a conversation.
public struct ModelMessage: Hashable, Sendable {
    public var role: Role
    public var text: String

    public init(role: Role, text: String) {
        self.role = role
        self.text = text
    }

    public enum Role: String, Hashable, Sendable, CaseIterable {
        case system
        case user
        case assistant
    }
}
