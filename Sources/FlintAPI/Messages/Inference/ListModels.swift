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
    /// How the model takes images, their limits and their token formula.
    public var imageSupport: ImageSupport?

    public init(
        name: String = "",
        capabilities: ModelCapabilities? = nil,
        contextLength: UInt32 = 0,
        maxOutputTokens: UInt32 = 0,
        promptFormat: String = "",
        isDefault: Bool = false,
        imageSupport: ImageSupport? = nil
    ) {
        self.name = name
        self.capabilities = capabilities
        self.contextLength = contextLength
        self.maxOutputTokens = maxOutputTokens
        self.promptFormat = promptFormat
        self.isDefault = isDefault
        self.imageSupport = imageSupport
    }
}

/// A model's image input (proto `flint.v1.ImageSupport`): the limits every image of a
/// request is checked against, and the token formula (the displayed image scaled to at
/// most `tokenMaxSidePx`, then ⌈w / tokenPatchPx⌉ · ⌈h / tokenPatchPx⌉).
public struct ImageSupport: Sendable, Equatable {
    public var input: ImageInput
    /// "image/png", "image/jpeg", "image/webp", "image/gif".
    public var mediaTypes: [String]
    public var minSidePx: UInt32
    public var maxSidePx: UInt32
    public var maxPixels: UInt64
    public var maxImageBytes: UInt64
    public var maxImagesPerRequest: UInt32
    public var maxRequestImageBytes: UInt64
    public var tokenPatchPx: UInt32
    public var tokenMaxSidePx: UInt32
    /// `ReasoningOptions.visualSteps` is available.
    public var visualSteps: Bool

    public init(
        input: ImageInput = .unspecified, mediaTypes: [String] = [], minSidePx: UInt32 = 0, maxSidePx: UInt32 = 0, maxPixels: UInt64 = 0,
        maxImageBytes: UInt64 = 0, maxImagesPerRequest: UInt32 = 0, maxRequestImageBytes: UInt64 = 0, tokenPatchPx: UInt32 = 0,
        tokenMaxSidePx: UInt32 = 0, visualSteps: Bool = false
    ) {
        self.input = input
        self.mediaTypes = mediaTypes
        self.minSidePx = minSidePx
        self.maxSidePx = maxSidePx
        self.maxPixels = maxPixels
        self.maxImageBytes = maxImageBytes
        self.maxImagesPerRequest = maxImagesPerRequest
        self.maxRequestImageBytes = maxRequestImageBytes
        self.tokenPatchPx = tokenPatchPx
        self.tokenMaxSidePx = tokenMaxSidePx
        self.visualSteps = visualSteps
    }
}

/// How a model takes images (proto enum `flint.v1.ImageInput`; open).
public struct ImageInput: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Not set (an older server): read `ModelCapabilities.images`.
    public static let unspecified = ImageInput(rawValue: 0)
    /// Image parts are refused.
    public static let none = ImageInput(rawValue: 1)
    /// Images go to the backend itself, as `data:` URIs.
    public static let native = ImageInput(rawValue: 2)
    /// Flint perceives the image (OCR, image facts) and gives the model text.
    public static let perception = ImageInput(rawValue: 3)
}

/// What a model accepts (proto `flint.v1.ModelCapabilities`).
public struct ModelCapabilities: Sendable, Equatable {
    /// Accepts `ImagePart`.
    public var images: Bool
    /// Accepts tools (client and server) and may produce tool calls.
    public var tools: Bool
    /// Accepts `ReasoningOptions` and produces reasoning.
    public var reasoning: Bool
    /// How the model makes tool calls.
    public var toolCalling: ToolCalling

    public init(images: Bool = false, tools: Bool = false, reasoning: Bool = false, toolCalling: ToolCalling = .unspecified) {
        self.images = images
        self.tools = tools
        self.reasoning = reasoning
        self.toolCalling = toolCalling
    }
}

/// How a model produces tool calls (proto enum `flint.v1.ToolCalling`; open).
public struct ToolCalling: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Not set (an older server): read `tools`.
    public static let unspecified = ToolCalling(rawValue: 0)
    /// The model takes no tools.
    public static let none = ToolCalling(rawValue: 1)
    /// The backend's own tool calling; Flint validates every call.
    public static let native = ToolCalling(rawValue: 2)
    /// Tools described in the prompt, generation constrained by a grammar built from their
    /// schemas; Flint validates every call.
    public static let constrained = ToolCalling(rawValue: 3)
}

/// The input of `/flint.v1.Inference/ListTools` (proto `flint.v1.ListToolsRequest`).
public struct ListToolsRequest: Sendable, Equatable {
    public init() {}
}

/// The answer of `/flint.v1.Inference/ListTools` (proto `flint.v1.ListToolsResponse`).
public struct ListToolsResponse: Sendable, Equatable {
    /// Every server tool, ordered by name.
    public var tools: [ServerToolInfo]

    public init(tools: [ServerToolInfo] = []) {
        self.tools = tools
    }
}

/// A tool Flint runs itself (proto `flint.v1.ServerToolInfo`).
public struct ServerToolInfo: Sendable, Equatable {
    /// The name to put in `CompleteRequest.serverTools`.
    public var name: String
    /// What it does, as the model is told.
    public var description: String
    /// JSON Schema (an object schema) of its arguments, as JSON text.
    public var parametersJSONSchema: String
    /// Where it runs: "builtin", or "mcp:<server>" for a remote tool service's tool.
    public var runsIn: String
    /// Longest one run may take.
    public var timeoutMs: UInt32
    /// Largest result one run may return, in bytes.
    public var maxOutputBytes: UInt32

    public init(
        name: String = "", description: String = "", parametersJSONSchema: String = "", runsIn: String = "",
        timeoutMs: UInt32 = 0, maxOutputBytes: UInt32 = 0
    ) {
        self.name = name
        self.description = description
        self.parametersJSONSchema = parametersJSONSchema
        self.runsIn = runsIn
        self.timeoutMs = timeoutMs
        self.maxOutputBytes = maxOutputBytes
    }
}
