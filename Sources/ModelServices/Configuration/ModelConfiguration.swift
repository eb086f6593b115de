import Images

/// Which models Flint serves and how to reach them.
///
/// Every field has a default: ``ModelConfiguration/embedded(baseURL:contextLength:maxOutputTokens:)``
/// is what a development run uses (the supervised llama-server). Production loads a JSON file
/// with ``ModelConfiguration/load(contentsOfFile:)``; see `ModelConfiguration+JSON.swift` for
/// the format. ``validate()`` checks the values; loading always validates.
public struct ModelConfiguration: Hashable, Sendable {
    /// Models by the name callers use.
    public var models: [String: Model]
    /// The model a request without a model name gets.
    public var defaultModel: String
    /// TCP connect timeout for every backend URL. A refused connection fails at once and the
    /// next URL is tried; a silent network drops to the next URL after this. Default 1 s.
    public var connectTimeout: Duration

    public init(models: [String: Model], defaultModel: String, connectTimeout: Duration = .seconds(1)) {
        self.models = models
        self.defaultModel = defaultModel
        self.connectTimeout = connectTimeout
    }

    /// One model: where it is served and what it can do.
    public struct Model: Hashable, Sendable {
        /// The dialect of the backend.
        public var kind: BackendKind
        /// Server roots (scheme, host, port, optional path prefix; no `/v1`), tried in order:
        /// a URL that refuses, fails or times out before the first byte of an answer hands
        /// the call to the next.
        public var urls: [String]
        /// The model name sent to the backend in the `model` field. Nil: the configured name.
        public var backendModel: String?
        /// How prompts are sent unless a request says otherwise. Default chat.
        public var promptFormat: PromptFormat
        /// Tokens of context one request may use (prompt + output).
        public var contextLength: Int
        /// Output tokens a request gets at most, and by default.
        public var maxOutputTokens: Int
        /// What the model accepts, for ListModels. Default: text only.
        public var capabilities: ModelCapabilities
        /// First-byte and total timeouts of one call.
        public var timeouts: Timeouts
        /// What images of a request may be (with `capabilities.images`): sizes, counts, bytes.
        public var imageLimits: ImageLimits
        /// How many prompt tokens an image counts for.
        public var imageTokens: ImageTokenFormula

        public init(
            kind: BackendKind,
            urls: [String],
            backendModel: String? = nil,
            promptFormat: PromptFormat = .chat,
            contextLength: Int,
            maxOutputTokens: Int,
            capabilities: ModelCapabilities = ModelCapabilities(),
            timeouts: Timeouts = Timeouts(),
            imageLimits: ImageLimits = ImageLimits(),
            imageTokens: ImageTokenFormula = ImageTokenFormula()
        ) {
            self.kind = kind
            self.urls = urls
            self.backendModel = backendModel
            self.promptFormat = promptFormat
            self.contextLength = contextLength
            self.maxOutputTokens = maxOutputTokens
            self.capabilities = capabilities
            self.timeouts = timeouts
            self.imageLimits = imageLimits
            self.imageTokens = imageTokens
        }
    }

    /// The HTTP dialect of a backend.
    public enum BackendKind: String, Hashable, Sendable, CaseIterable {
        /// llama.cpp's `llama-server`: raw prompts go to its native `/completion` (exact stop
        /// reason and token counts in every streamed chunk), chat to `/v1/chat/completions`;
        /// `/tokenize` counts tokens and `/health` reports readiness.
        case llamaCpp = "llama.cpp"
        /// Any OpenAI-compatible server (vLLM, Ollama, TGI, llama-server too): `/v1/completions`,
        /// `/v1/chat/completions`, health by `GET /v1/models`. It has no tokenizer endpoint, so
        /// token counts are estimated (UTF-8 bytes / 4, rounded up).
        case openAI = "openai"
    }

    /// Time limits of one call on one model.
    public struct Timeouts: Hashable, Sendable {
        /// A stream whose URL has sent no byte of its answer after this fails over to the next
        /// URL (the time covers prompt processing). Not applied to unary completions, whose
        /// answer only starts when it is complete. Default 60 s.
        public var firstByte: Duration
        /// No call takes longer, whatever its deadline. Default 300 s.
        public var total: Duration

        public init(firstByte: Duration = .seconds(60), total: Duration = .seconds(300)) {
            self.firstByte = firstByte
            self.total = total
        }
    }
}

/// What a model accepts besides text.
public struct ModelCapabilities: Hashable, Sendable {
    public var images: Bool
    public var tools: Bool
    /// The backend streams its reasoning as `delta.reasoning_content` (chat format).
    public var reasoning: Bool
    /// The backend takes OpenAI `response_format` with a JSON schema on
    /// `/v1/chat/completions` and holds its output to it (llama-server, vLLM).
    public var structuredOutput: Bool
    /// How the model writes image boxes (with `images`).
    public var boxConvention: BoxConvention

    public init(
        images: Bool = false, tools: Bool = false, reasoning: Bool = false, structuredOutput: Bool = false,
        boxConvention: BoxConvention = .xyxyThousandths
    ) {
        self.images = images
        self.tools = tools
        self.reasoning = reasoning
        self.structuredOutput = structuredOutput
        self.boxConvention = boxConvention
    }
}

extension ModelConfiguration {
    /// The name of the embedded default model.
    public static let embeddedModelName = "gemma-3-270m"

    /// The development default: Gemma 3 270M (a base model, so raw completion) behind the
    /// supervised llama-server at `baseURL`. Text only, with tools through grammar-constrained
    /// generation (its chat template cannot call tools); `contextLength` must match what the
    /// server was started with per slot.
    public static func embedded(baseURL: String, contextLength: Int = 2048, maxOutputTokens: Int = 512) -> ModelConfiguration {
        // One URL, so nothing to fail over to: the first-byte timeout only has to catch a
        // hung server, and a long prompt on a busy CPU takes a minute before its first token.
        let model = Model(
            kind: .llamaCpp,
            urls: [baseURL],
            promptFormat: .raw,
            contextLength: contextLength,
            maxOutputTokens: min(maxOutputTokens, contextLength),
            capabilities: ModelCapabilities(tools: true),
            timeouts: Timeouts(firstByte: .seconds(180), total: .seconds(300))
        )
        return ModelConfiguration(models: [embeddedModelName: model], defaultModel: embeddedModelName)
    }

    /// The configured model for a request's model name (empty: the default).
    func model(named name: String?) throws(ModelServiceError) -> (name: String, model: Model) {
        let resolved = (name?.isEmpty ?? true) ? defaultModel : name!
        guard let model = models[resolved] else {
            let known = models.keys.sorted().joined(separator: ", ")
            throw .notFound("model '\(resolved.prefix(128))' is not configured (configured: \(known))")
        }
        return (resolved, model)
    }

    /// The models as the API lists them, by name.
    public var descriptors: [ModelDescriptor] {
        models.keys.sorted().map { name in
            let model = models[name]!
            return ModelDescriptor(
                name: name,
                contextLength: model.contextLength,
                maxOutputTokens: model.maxOutputTokens,
                capabilities: model.capabilities,
                promptFormat: model.promptFormat,
                isDefault: name == defaultModel,
                imageLimits: model.imageLimits,
                imageTokens: model.imageTokens
            )
        }
    }
}
