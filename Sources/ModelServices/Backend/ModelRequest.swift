import ToolSchema

/// One inference call, in plain Swift values: the server maps its protobuf request to this.
public struct ModelRequest: Hashable, Sendable {
    /// What a request may carry; the API's limits are these (docs/PROTOCOL.md).
    public enum Limits {
        /// Stop sequences per request: 8, as the proto says.
        public static let maximumStopSequences = 8
        /// Bytes of one stop sequence.
        public static let maximumStopSequenceLength = 256
    }

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
    /// Generation stops before any of these strings (at most ``Limits/maximumStopSequences``,
    /// each 1...``Limits/maximumStopSequenceLength`` bytes).
    public var stopSequences: [String]
    /// Tools the model may call natively (chat format only): sent as OpenAI `tools`.
    public var tools: [ModelTool]
    /// With `tools`: whether and which tools the model must call. Nil with tools: auto.
    public var toolChoice: ModelToolChoice?
    /// With `tools`: whether the model may make several calls in one turn.
    public var parallelToolCalls: Bool
    /// A llama.cpp GBNF grammar the output must match (raw format on llama.cpp only).
    public var grammar: String?
    /// A JSON schema the output must match, sent as OpenAI `response_format` (chat format,
    /// a model with `capabilities.structuredOutput` only).
    public var responseSchema: ResponseSchema?
    /// Ask a backend with `capabilities.reasoning` for its reasoning; it streams as
    /// ``ModelEvent/reasoningDelta(_:usageSoFar:)``.
    public var reasoning: Bool

    public init(
        model: String = "",
        promptFormat: PromptFormat? = nil,
        systemPrompt: String? = nil,
        messages: [ModelMessage] = [],
        prompt: String? = nil,
        maxTokens: Int? = nil,
        temperature: Double? = nil,
        topP: Double? = nil,
        stopSequences: [String] = [],
        tools: [ModelTool] = [],
        toolChoice: ModelToolChoice? = nil,
        parallelToolCalls: Bool = true,
        grammar: String? = nil,
        responseSchema: ResponseSchema? = nil,
        reasoning: Bool = false
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
        self.tools = tools
        self.toolChoice = toolChoice
        self.parallelToolCalls = parallelToolCalls
        self.grammar = grammar
        self.responseSchema = responseSchema
        self.reasoning = reasoning
    }
}

/// A JSON schema for the whole output (OpenAI `response_format` `json_schema`, strict).
public struct ResponseSchema: Hashable, Sendable {
    /// The schema's name for the backend: letters, digits, `_` and `-`.
    public var name: String
    public var schema: JSONValue

    public init(name: String, schema: JSONValue) {
        self.name = name
        self.schema = schema
    }
}

/// A tool offered to a model with native tool calling.
public struct ModelTool: Hashable, Sendable {
    public var name: String
    public var description: String
    /// The JSON Schema of its arguments (an object schema), sent as given.
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// Whether the model must call tools (OpenAI `tool_choice`).
public enum ModelToolChoice: Hashable, Sendable {
    case auto
    case none
    case required
}

/// A tool call made by the model: an id, the tool and its arguments as JSON text.
public struct ModelToolCall: Hashable, Sendable {
    public var id: String
    public var name: String
    public var argumentsJSON: String

    public init(id: String, name: String, argumentsJSON: String) {
        self.id = id
        self.name = name
        self.argumentsJSON = argumentsJSON
    }
}

/// An image of a chat turn, sent as a `data:` URI (never a URL) in the turn's content.
public struct ModelImage: Hashable, Sendable {
    /// The image file, checked at the edge.
    public var data: [UInt8]
    public var mediaType: String
    /// Where in the turn's text the image comes: a UTF-8 byte offset (clamped to the text).
    public var textOffset: Int
    /// Prompt tokens the image counts for (the model's image token formula).
    public var tokens: Int

    public init(data: [UInt8], mediaType: String, textOffset: Int, tokens: Int) {
        self.data = data
        self.mediaType = mediaType
        self.textOffset = textOffset
        self.tokens = tokens
    }
}

/// Image data is large and may be private: descriptions and mirrors show its size only.
extension ModelImage: CustomStringConvertible, CustomReflectable {
    public var description: String { "ModelImage(\(mediaType), \(data.count) bytes at text offset \(textOffset), \(tokens) tokens)" }

    public var customMirror: Mirror {
        Mirror(self, children: ["mediaType": mediaType, "bytes": data.count, "textOffset": textOffset, "tokens": tokens], displayStyle: .struct)
    }
}

extension ModelRequest {
    /// Prompt tokens the request's images count for.
    public var imageTokens: Int {
        messages.reduce(0) { total, message in message.images.reduce(total) { $0 + $1.tokens } }
    }

    /// Bytes of the request's images.
    public var imageBytes: Int {
        messages.reduce(0) { total, message in message.images.reduce(total) { $0 + $1.data.count } }
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
    /// Images of the turn (chat format, a model with `capabilities.images`), each placed
    /// in `text` at its offset.
    public var images: [ModelImage]
    /// The assistant's tool calls (native tool calling).
    public var toolCalls: [ModelToolCall]
    /// With `.tool`: the call this message answers.
    public var toolCallID: String?

    public init(role: Role, text: String, images: [ModelImage] = [], toolCalls: [ModelToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.text = text
        self.images = images
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public enum Role: String, Hashable, Sendable, CaseIterable {
        case system
        case user
        case assistant
        /// A tool's result (native tool calling), answering `toolCallID`.
        case tool
    }
}
