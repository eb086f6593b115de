/// A request to run the model over a conversation (proto `flint.v1.CompleteRequest`), the
/// input of `/flint.v1.Inference/Complete` and `/flint.v1.Inference/StreamComplete`.
public struct CompleteRequest: Sendable, Equatable {
    /// Model name, as listed by ListModels. Empty means the server's default model.
    public var model: String
    /// Instructions that frame the whole conversation. Empty for none.
    public var systemPrompt: String
    /// The conversation so far, oldest first. Must not be empty.
    public var messages: [Message]
    /// Client tools the model may call.
    public var tools: [ToolDefinition]
    /// nil means `.auto`.
    public var toolChoice: ToolChoice?
    /// Most tokens to generate (reasoning included). 0 means the model's
    /// `maxOutputTokens`. The call reserves prompt tokens + `maxTokens` of the caller's
    /// token quota up front and returns what it did not use.
    public var maxTokens: UInt32
    /// Sampling temperature, 0 to 2. 0 is (nearly) deterministic. nil means the model's
    /// default; on the wire if and only if set.
    public var temperature: Float?
    /// Nucleus sampling: sample from the smallest set of tokens whose probabilities add up
    /// to `topP`, in (0, 1]. nil means the model's default; on the wire if and only if set.
    public var topP: Float?
    /// Generation stops before any of these strings would be produced. At most 8.
    public var stopSequences: [String]
    /// nil means no extended reasoning.
    public var reasoning: ReasoningOptions?
    /// Server tools Flint may run during this call without returning to the caller (for
    /// example "calculator", "clock", "search", "ocr"), by name. Flint runs the tool loop
    /// (model, tool calls, results, model ...) up to a step limit; every model token of the
    /// loop counts against the caller's quota. Empty: no server tools.
    public var serverTools: [String]
    /// True: at most one tool call per model turn.
    public var disableParallelToolCalls: Bool
    /// Bounds of the server tool loop; nil means the server's defaults.
    public var toolLoop: ToolLoopOptions?

    public init(
        model: String = "",
        systemPrompt: String = "",
        messages: [Message] = [],
        tools: [ToolDefinition] = [],
        toolChoice: ToolChoice? = nil,
        maxTokens: UInt32 = 0,
        temperature: Float? = nil,
        topP: Float? = nil,
        stopSequences: [String] = [],
        reasoning: ReasoningOptions? = nil,
        serverTools: [String] = [],
        disableParallelToolCalls: Bool = false,
        toolLoop: ToolLoopOptions? = nil
    ) {
        self.model = model
        self.systemPrompt = systemPrompt
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stopSequences = stopSequences
        self.reasoning = reasoning
        self.serverTools = serverTools
        self.disableParallelToolCalls = disableParallelToolCalls
        self.toolLoop = toolLoop
    }
}

/// Bounds of the server tool loop of one call (proto `flint.v1.ToolLoopOptions`).
public struct ToolLoopOptions: Sendable, Equatable {
    /// Most model calls, the first included; 0 means the server's default.
    public var maxSteps: UInt32
    /// Most server tool runs; 0 means the server's default.
    public var maxToolCalls: UInt32

    public init(maxSteps: UInt32 = 0, maxToolCalls: UInt32 = 0) {
        self.maxSteps = maxSteps
        self.maxToolCalls = maxToolCalls
    }
}

/// A tool the caller runs itself (a client tool): the model may call it, and the call is
/// returned to the caller (proto `flint.v1.ToolDefinition`).
public struct ToolDefinition: Sendable, Equatable {
    /// Name the model uses to call the tool: [a-zA-Z0-9_-], at most 64 characters, unique
    /// within the request and distinct from every server tool's name.
    public var name: String
    /// What the tool does and when to use it, for the model.
    public var description: String
    /// JSON Schema (an object schema) of the tool's arguments, as JSON text.
    public var parametersJSONSchema: String

    public init(name: String = "", description: String = "", parametersJSONSchema: String = "") {
        self.name = name
        self.description = description
        self.parametersJSONSchema = parametersJSONSchema
    }
}

/// Whether and which tools the model must call (proto `flint.v1.ToolChoice`).
public struct ToolChoice: Sendable, Equatable {
    /// Proto enum `flint.v1.ToolChoice.Mode`; open, unknown values survive a round trip.
    public struct Mode: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt32

        public init(rawValue: UInt32) {
            self.rawValue = rawValue
        }

        /// Not set: same as `.auto`.
        public static let unspecified = Mode(rawValue: 0)
        /// The model decides whether to call tools.
        public static let auto = Mode(rawValue: 1)
        /// The model must not call tools.
        public static let none = Mode(rawValue: 2)
        /// The model must call at least one tool.
        public static let required = Mode(rawValue: 3)
        /// The model must call the tool named in `toolName`.
        public static let tool = Mode(rawValue: 4)
    }

    /// `.unspecified` means `.auto`.
    public var mode: Mode
    /// With `.tool`: the tool to call (a `ToolDefinition.name` or a server tool). Empty
    /// otherwise.
    public var toolName: String

    public init(mode: Mode = .unspecified, toolName: String = "") {
        self.mode = mode
        self.toolName = toolName
    }
}

/// Extended reasoning ("thinking") before the answer, on models that support it
/// (proto `flint.v1.ReasoningOptions`).
public struct ReasoningOptions: Sendable, Equatable {
    /// Turn reasoning on. Off when false or when the options are absent.
    public var enabled: Bool
    /// Most tokens the model may spend reasoning; counted within `maxTokens`. 0 means the
    /// model's default.
    public var budgetTokens: UInt32
    /// Reason about the request's images step by step: observations, then reasoning
    /// steps citing them, then the answer.
    public var visualSteps: Bool

    public init(enabled: Bool = false, budgetTokens: UInt32 = 0, visualSteps: Bool = false) {
        self.enabled = enabled
        self.budgetTokens = budgetTokens
        self.visualSteps = visualSteps
    }
}
