/// The input of `/flint.v1.Inference/ListModels`: lists every model; no filters yet
/// (proto `flint.v1.ListModelsRequest`).
public struct ListModelsRequest: Sendable, Equatable {
    public init() {}
}

/// The answer of `/flint.v1.Inference/ListModels` (proto `flint.v1.ListModelsResponse`).
public struct ListModelsResponse: Sendable, Equatable {
    /// Every model the server offers, ordered by name.
    public var models: [ModelInfo]

    public init(models: [ModelInfo] = []) {
        self.models = models
    }
}

/// One model the server offers (proto `flint.v1.ModelInfo`).
public struct ModelInfo: Sendable, Equatable {
    /// The name to put in `CompleteRequest.model`.
    public var name: String
    /// What the model accepts.
    public var capabilities: ModelCapabilities?
    /// Most tokens of prompt plus output the model handles.
    public var contextLength: UInt32
    /// Most tokens the model generates in one call; the default for `maxTokens`.
    public var maxOutputTokens: UInt32
    /// The chat template the model was trained on, e.g. "gemma3", "chatml", "llama3". For
    /// information; Flint applies it.
    public var promptFormat: String
    /// True for the model used when `CompleteRequest.model` is empty.
    public var isDefault: Bool

    public init(
        name: String = "",
        capabilities: ModelCapabilities? = nil,
        contextLength: UInt32 = 0,
        maxOutputTokens: UInt32 = 0,
        promptFormat: String = "",
        isDefault: Bool = false
    ) {
        self.name = name
        self.capabilities = capabilities
        self.contextLength = contextLength
        self.maxOutputTokens = maxOutputTokens
        self.promptFormat = promptFormat
        self.isDefault = isDefault
    }
}

/// What a model accepts (proto `flint.v1.ModelCapabilities`).
public struct ModelCapabilities: Sendable, Equatable {
    /// Accepts `ImagePart`.
    public var images: Bool
    /// Accepts tools (client and server) and may produce tool calls.
    public var tools: Bool
    /// Accepts `ReasoningOptions` and produces reasoning.
    public var reasoning: Bool

    public init(images: Bool = false, tools: Bool = false, reasoning: Bool = false) {
        self.images = images
        self.tools = tools
        self.reasoning = reasoning
    }
}
