import ToolSchema

/// The JSON bodies Flint sends. Nil fields are left out, so the backend's defaults apply.

/// llama-server's native `POST /completion`.
struct LlamaCompletionBody: Encodable {
    var prompt: String
    var n_predict: Int
    var temperature: Double?
    var top_p: Double?
    var stop: [String]?
    var stream: Bool
    var cache_prompt = true
    /// GBNF the output must match; nil for free generation.
    var grammar: String?
}

/// OpenAI `POST /v1/completions`.
struct OpenAICompletionBody: Encodable {
    var model: String
    var prompt: String
    var max_tokens: Int
    var temperature: Double?
    var top_p: Double?
    var stop: [String]?
    var stream: Bool
    var stream_options: StreamOptions?
}

/// OpenAI `POST /v1/chat/completions`.
struct OpenAIChatBody: Encodable {
    var model: String
    var messages: [Message]
    var max_tokens: Int
    var temperature: Double?
    var top_p: Double?
    var stop: [String]?
    var stream: Bool
    var stream_options: StreamOptions?
    var tools: [Tool]?
    var tool_choice: String?
    var parallel_tool_calls: Bool?
    var response_format: ResponseFormat?

    /// `{"type":"json_schema","json_schema":{"name":…,"schema":…,"strict":true}}`.
    struct ResponseFormat: Encodable {
        var type = "json_schema"
        var json_schema: JSONSchemaFormat

        struct JSONSchemaFormat: Encodable {
            var name: String
            var schema: JSONValue
            var strict = true
        }
    }

    struct Message: Encodable {
        var role: String
        /// Nil (JSON null) only for an assistant turn that is tool calls alone.
        var content: String?
        /// With images: the content as an array of text and `image_url` parts instead.
        var parts: [ContentPart]? = nil
        var tool_calls: [ToolCall]?
        var tool_call_id: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(role, forKey: .role)
            if let parts {
                try container.encode(parts, forKey: .content)
            } else {
                try container.encode(content, forKey: .content)  // null, not absent, as OpenAI wants
            }
            try container.encodeIfPresent(tool_calls, forKey: .tool_calls)
            try container.encodeIfPresent(tool_call_id, forKey: .tool_call_id)
        }

        enum CodingKeys: String, CodingKey {
            case role, content, tool_calls, tool_call_id
        }
    }

    /// `{"type":"text","text":…}` or `{"type":"image_url","image_url":{"url":"data:…"}}`.
    enum ContentPart: Encodable {
        case text(String)
        case imageURL(String)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .imageURL(let url):
                try container.encode("image_url", forKey: .type)
                try container.encode(["url": url], forKey: .image_url)
            }
        }

        enum CodingKeys: String, CodingKey {
            case type, text, image_url
        }
    }

    struct Tool: Encodable {
        var type = "function"
        var function: Function

        struct Function: Encodable {
            var name: String
            var description: String
            var parameters: JSONValue
        }
    }

    struct ToolCall: Encodable {
        var id: String
        var type = "function"
        var function: Function

        struct Function: Encodable {
            var name: String
            var arguments: String
        }
    }
}

/// Asks for a last streamed chunk that carries `usage`.
struct StreamOptions: Encodable {
    var include_usage = true
}

/// llama-server's `POST /tokenize`. With the special tokens (`<bos>`), as a completion
/// counts its prompt: the count matches the prompt usage of the same text.
struct TokenizeBody: Encodable {
    var content: String
    var add_special = true
}

/// The JSON bodies Flint reads. Everything is optional so that a missing field is reported
/// by the interpreter with a clear message rather than by the decoder.

/// A `/completion` answer or one of its streamed chunks.
struct LlamaCompletionResponse: Decodable {
    var content: String?
    var stop: Bool?
    var stop_type: String?
    var stopping_word: String?
    var tokens_predicted: Int?
    var tokens_evaluated: Int?
    var error: BackendErrorBody?
}

/// A `/v1/completions` or `/v1/chat/completions` answer or streamed chunk.
struct OpenAIResponse: Decodable {
    var choices: [Choice]?
    var usage: Usage?
    var error: BackendErrorBody?

    struct Choice: Decodable {
        var text: String?
        var message: Content?
        var delta: Content?
        var finish_reason: String?
    }

    struct Content: Decodable {
        var content: String?
        /// The reasoning some backends (llama-server, vLLM, DeepSeek) send beside the answer.
        var reasoning_content: String?
        var tool_calls: [ToolCallDelta]?
    }

    /// A whole tool call (in `message`) or a piece of one (in a streamed `delta`, where
    /// `index` says which call it continues and `arguments` is appended).
    struct ToolCallDelta: Decodable {
        var index: Int?
        var id: String?
        var function: Function?

        struct Function: Decodable {
            var name: String?
            var arguments: String?
        }
    }

    struct Usage: Decodable {
        var prompt_tokens: Int?
        var completion_tokens: Int?
    }
}

/// `{"tokens": [...]}` from `/tokenize`. Tokens may be ids or, with pieces, objects.
struct TokenizeResponse: Decodable {
    var tokens: [TokenizeEntry]
}

struct TokenizeEntry: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// An error object as OpenAI-style servers send it: `{"error": {"message": …}}` or
/// `{"error": "…"}`.
struct BackendErrorBody: Decodable {
    var message: String?
    var code: Int?

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            message = text
            return
        }
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        message = try? container.decodeIfPresent(String.self, forKey: AnyCodingKey(stringValue: "message"))
        code = try? container.decodeIfPresent(Int.self, forKey: AnyCodingKey(stringValue: "code"))
    }
}

/// The body of a non-2xx answer: `{"error": …}`, `{"message": …}`, `{"detail": …}`.
struct ErrorResponse: Decodable {
    var error: BackendErrorBody?
    var message: String?
    var detail: String?
}
