import Foundation

/// One validated request, planned for a model: which endpoint, which body, which dialect.
struct BackendCall: Sendable {
    /// How the answer is read.
    enum Dialect: Sendable {
        /// llama-server's `/completion`: `content`, `stop_type`, `tokens_*` in every chunk.
        case llamaCompletion
        /// OpenAI `/v1/completions`: `choices[0].text`.
        case openAICompletion
        /// OpenAI `/v1/chat/completions`: `choices[0].message` / `choices[0].delta`.
        case openAIChat
    }

    var modelName: String
    var model: ModelConfiguration.Model
    var dialect: Dialect
    var path: String
    var body: Data
    /// Our estimate of the prompt's tokens, for usage the backend does not report.
    var estimatedPromptTokens: Int

    /// Limits on requests, so a bad request is refused here with a clear message.
    typealias Limits = ModelRequest.Limits

    init(_ request: ModelRequest, configuration: ModelConfiguration, stream: Bool) throws(ModelServiceError) {
        let (name, model) = try configuration.model(named: request.model)
        let maxTokens = try Self.validate(request, model: model, name: name)
        self.modelName = name
        self.model = model
        let backendModel = model.backendModel ?? name
        let stop = request.stopSequences.isEmpty ? nil : request.stopSequences
        let options = stream ? StreamOptions() : nil
        let encoded: Result<Data, any Error>
        switch (request.promptFormat ?? model.promptFormat, model.kind) {
        case (.raw, .llamaCpp):
            let prompt = PromptRendering.rawPrompt(for: request)
            dialect = .llamaCompletion
            path = "/completion"
            estimatedPromptTokens = TokenEstimate.tokens(in: prompt)
            encoded = Result {
                try JSONEncoder().encode(
                    LlamaCompletionBody(
                        prompt: prompt, n_predict: maxTokens, temperature: request.temperature,
                        top_p: request.topP, stop: stop, stream: stream, grammar: request.grammar))
            }
        case (.raw, .openAI):
            let prompt = PromptRendering.rawPrompt(for: request)
            dialect = .openAICompletion
            path = "/v1/completions"
            estimatedPromptTokens = TokenEstimate.tokens(in: prompt)
            encoded = Result {
                try JSONEncoder().encode(
                    OpenAICompletionBody(
                        model: backendModel, prompt: prompt, max_tokens: maxTokens, temperature: request.temperature,
                        top_p: request.topP, stop: stop, stream: stream, stream_options: options))
            }
        case (.chat, _):
            let messages = PromptRendering.chatMessages(for: request)
            dialect = .openAIChat
            path = "/v1/chat/completions"
            estimatedPromptTokens = messages.reduce(0) { $0 + TokenEstimate.tokens(in: $1.text) + 4 } + request.imageTokens
            let tools = request.tools.isEmpty ? nil : request.tools.map(Self.chatTool)
            let encoder = JSONEncoder()
            if request.imageBytes > 0 { encoder.outputFormatting = .withoutEscapingSlashes }  // base64 as is, not "\/" for every "/"
            encoded = Result {
                try encoder.encode(
                    OpenAIChatBody(
                        model: backendModel, messages: messages.map(Self.chatMessage),
                        max_tokens: maxTokens, temperature: request.temperature, top_p: request.topP,
                        stop: stop, stream: stream, stream_options: options, tools: tools,
                        tool_choice: tools == nil ? nil : Self.chatToolChoice(request.toolChoice ?? .auto),
                        parallel_tool_calls: tools == nil ? nil : request.parallelToolCalls,
                        response_format: request.responseSchema.map { .init(json_schema: .init(name: $0.name, schema: $0.schema)) }))
            }
        }
        switch encoded {
        case .success(let data): body = data
        case .failure(let error): throw .invalidRequest("the request cannot be encoded as JSON: \(error)")
        }
    }

    static func chatMessage(_ message: ModelMessage) -> OpenAIChatBody.Message {
        let calls = message.toolCalls.map {
            OpenAIChatBody.ToolCall(id: $0.id, function: .init(name: $0.name, arguments: $0.argumentsJSON))
        }
        let content: String? = message.text.isEmpty && !calls.isEmpty ? nil : message.text
        return .init(
            role: message.role.rawValue, content: content, parts: message.images.isEmpty ? nil : contentParts(message),
            tool_calls: calls.isEmpty ? nil : calls, tool_call_id: message.toolCallID)
    }

    /// A turn with images as OpenAI content parts: its text cut at each image's offset,
    /// each image a `data:` URI of exactly its bytes. The body holds each image's base64
    /// once (4/3 of the request's image bytes, which the edge bounds).
    static func contentParts(_ message: ModelMessage) -> [OpenAIChatBody.ContentPart] {
        let text = Array(message.text.utf8)
        var parts: [OpenAIChatBody.ContentPart] = []
        var position = 0
        for image in message.images {
            let offset = min(max(image.textOffset, position), text.count)
            if offset > position { parts.append(.text(String(decoding: text[position..<offset], as: UTF8.self))) }
            position = offset
            parts.append(.imageURL("data:\(image.mediaType);base64,\(Data(image.data).base64EncodedString())"))
        }
        if position < text.count { parts.append(.text(String(decoding: text[position...], as: UTF8.self))) }
        return parts
    }

    static func chatTool(_ tool: ModelTool) -> OpenAIChatBody.Tool {
        .init(function: .init(name: tool.name, description: tool.description, parameters: tool.parameters))
    }

    static func chatToolChoice(_ choice: ModelToolChoice) -> String {
        switch choice {
        case .auto: "auto"
        case .none: "none"
        case .required: "required"
        }
    }

    /// Checks the request against the model; returns the output token limit to ask for.
    private static func validate(_ request: ModelRequest, model: ModelConfiguration.Model, name: String) throws(ModelServiceError) -> Int {
        guard request.prompt != nil || !request.messages.isEmpty else {
            throw .invalidRequest("the request has neither a prompt nor messages")
        }
        let maxTokens = request.maxTokens ?? model.maxOutputTokens
        guard maxTokens >= 1, maxTokens <= model.maxOutputTokens else {
            throw .invalidRequest("max tokens must be 1...\(model.maxOutputTokens) for model '\(name)', not \(maxTokens)")
        }
        if let temperature = request.temperature, !(temperature >= 0 && temperature <= 2) {
            throw .invalidRequest("temperature must be 0...2, not \(temperature)")
        }
        if let topP = request.topP, !(topP > 0 && topP <= 1) {
            throw .invalidRequest("top-p must be in (0, 1], not \(topP)")
        }
        guard request.stopSequences.count <= Limits.maximumStopSequences else {
            throw .invalidRequest("at most \(Limits.maximumStopSequences) stop sequences, not \(request.stopSequences.count)")
        }
        for stop in request.stopSequences where stop.isEmpty || stop.utf8.count > Limits.maximumStopSequenceLength {
            throw .invalidRequest("a stop sequence must have 1...\(Limits.maximumStopSequenceLength) bytes")
        }
        if request.grammar != nil, !(model.kind == .llamaCpp && (request.promptFormat ?? model.promptFormat) == .raw) {
            throw .invalidRequest("a grammar needs a raw-prompt model on a llama.cpp backend")
        }
        if !request.tools.isEmpty, (request.promptFormat ?? model.promptFormat) != .chat {
            throw .invalidRequest("native tools need a chat-format model")
        }
        if request.responseSchema != nil, !(model.capabilities.structuredOutput && (request.promptFormat ?? model.promptFormat) == .chat) {
            throw .invalidRequest("a response schema needs a chat-format model with capabilities.structuredOutput")
        }
        if request.reasoning, !(model.capabilities.reasoning && (request.promptFormat ?? model.promptFormat) == .chat) {
            throw .invalidRequest("reasoning needs a chat-format model with capabilities.reasoning")
        }
        return maxTokens
    }
}
