import Images

/// A model service reached through one interface, whatever serves it.
///
/// Deadlines are `ContinuousClock` instants, like the server's call deadlines; nil means
/// only the model's configured total timeout applies.
public protocol ModelBackend: Sendable {
    /// The models this backend serves, with their limits and capabilities (for ListModels).
    var models: [ModelDescriptor] { get }

    /// Generates a whole answer.
    ///
    /// - Throws: ``ModelServiceError``: `.notFound` for an unknown model, `.invalidRequest`
    ///   for a request the model cannot take, `.unavailable` when no URL of the model
    ///   answers, `.deadlineExceeded` at the deadline, `.badResponse` for a malformed
    ///   answer; `.cancelled` when the calling task is cancelled.
    func complete(_ request: ModelRequest, deadline: ContinuousClock.Instant?) async throws -> ModelResult

    /// Generates an answer as a stream: ``ModelEvent/textDelta(_:usageSoFar:)`` as text
    /// arrives, then one ``ModelEvent/finished(_:)``. Errors are thrown by the stream as
    /// ``ModelServiceError``, with `partialUsage` once generation had started.
    ///
    /// Cancelling the task that iterates the stream (or dropping the iterator) cancels the
    /// HTTP request at once, so the backend stops generating.
    func stream(_ request: ModelRequest, deadline: ContinuousClock.Instant?) -> AsyncThrowingStream<ModelEvent, any Error>

    /// How many tokens `text` is for `model` (nil or empty: the default model).
    func countTokens(_ text: String, model: String?) async throws -> Int

    /// Whether `model` (nil or empty: the default model) has at least one URL answering its
    /// health check now. Never throws, returns within a few seconds.
    func health(model: String?) async -> Bool
}

extension ModelBackend {
    /// Tokens of `text` for the default model.
    public func countTokens(_ text: String) async throws -> Int {
        try await countTokens(text, model: nil)
    }

    /// Whether the default model is healthy.
    public func health() async -> Bool {
        await health(model: nil)
    }
}

/// A model as the API lists it.
public struct ModelDescriptor: Hashable, Sendable {
    public var name: String
    public var contextLength: Int
    public var maxOutputTokens: Int
    public var capabilities: ModelCapabilities
    /// How prompts are sent to it unless a request says otherwise.
    public var promptFormat: PromptFormat
    public var isDefault: Bool
    /// What images of a request may be, and what each counts for in tokens.
    public var imageLimits: ImageLimits
    public var imageTokens: ImageTokenFormula

    /// How the model makes tool calls: natively (chat format), through a grammar Flint
    /// builds (raw format on llama.cpp), or not at all.
    public var toolCalling: ToolCallingMode {
        guard capabilities.tools else { return .none }
        return promptFormat == .raw ? .constrained : .native
    }

    public init(
        name: String, contextLength: Int, maxOutputTokens: Int, capabilities: ModelCapabilities, promptFormat: PromptFormat = .chat,
        isDefault: Bool, imageLimits: ImageLimits = ImageLimits(), imageTokens: ImageTokenFormula = ImageTokenFormula()
    ) {
        self.name = name
        self.contextLength = contextLength
        self.maxOutputTokens = maxOutputTokens
        self.capabilities = capabilities
        self.promptFormat = promptFormat
        self.isDefault = isDefault
        self.imageLimits = imageLimits
        self.imageTokens = imageTokens
    }
}

/// How a model produces tool calls.
public enum ToolCallingMode: String, Hashable, Sendable {
    /// It takes no tools.
    case none
    /// The backend's own tool calling (OpenAI `tools`).
    case native
    /// Tools described in the prompt; output constrained by a GBNF grammar.
    case constrained
}
