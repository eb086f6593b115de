internal import CFlintProto

extension ContentPart: ProtobufBridged {
    /// Throws `.unknownOneof` for a part of a kind this build does not know; the messages
    /// that hold parts skip those instead (see `isKnown`).
    init(reading message: Flint__V1__ContentPart, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        switch message.part_case {
        case FLINT__V1__CONTENT_PART__PART_TEXT:
            self = .text(try reader.oneofMessage(message.text, "text"))
        case FLINT__V1__CONTENT_PART__PART_IMAGE:
            self = .image(try reader.oneofMessage(message.image, "image"))
        case FLINT__V1__CONTENT_PART__PART_TOOL_CALL:
            self = .toolCall(try reader.oneofMessage(message.tool_call, "tool_call"))
        case FLINT__V1__CONTENT_PART__PART_TOOL_RESULT:
            self = .toolResult(try reader.oneofMessage(message.tool_result, "tool_result"))
        case FLINT__V1__CONTENT_PART__PART_REASONING:
            self = .reasoning(try reader.oneofMessage(message.reasoning, "reasoning"))
        case FLINT__V1__CONTENT_PART__PART_OBSERVATION:
            self = .observation(try reader.oneofMessage(message.observation, "observation"))
        case FLINT__V1__CONTENT_PART__PART_REASONING_STEP:
            self = .reasoningStep(try reader.oneofMessage(message.reasoning_step, "reasoning_step"))
        default:
            throw reader.error(.unknownOneof, field: "part", "is unset or of an unknown kind")
        }
    }

    func write(to message: inout Flint__V1__ContentPart, in arena: PackArena) {
        switch self {
        case .text(let value):
            message.part_case = FLINT__V1__CONTENT_PART__PART_TEXT
            message.text = arena.message(value)
        case .image(let value):
            message.part_case = FLINT__V1__CONTENT_PART__PART_IMAGE
            message.image = arena.message(value)
        case .toolCall(let value):
            message.part_case = FLINT__V1__CONTENT_PART__PART_TOOL_CALL
            message.tool_call = arena.message(value)
        case .toolResult(let value):
            message.part_case = FLINT__V1__CONTENT_PART__PART_TOOL_RESULT
            message.tool_result = arena.message(value)
        case .reasoning(let value):
            message.part_case = FLINT__V1__CONTENT_PART__PART_REASONING
            message.reasoning = arena.message(value)
        case .observation(let value):
            message.part_case = FLINT__V1__CONTENT_PART__PART_OBSERVATION
            message.observation = arena.message(value)
        case .reasoningStep(let value):
            message.part_case = FLINT__V1__CONTENT_PART__PART_REASONING_STEP
            message.reasoning_step = arena.message(value)
        }
    }

    /// False for a part whose kind protobuf-c did not recognise (unset, or a newer kind).
    static func isKnown(_ message: Flint__V1__ContentPart) -> Bool {
        message.part_case != FLINT__V1__CONTENT_PART__PART__NOT_SET
    }
}

extension ToolResultPart: ProtobufBridged {
    /// Throws `.unknownOneof` for a part of a kind this build does not know; `ToolResult`
    /// skips those instead.
    init(reading message: Flint__V1__ToolResultPart, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        switch message.part_case {
        case FLINT__V1__TOOL_RESULT_PART__PART_TEXT:
            self = .text(try reader.oneofMessage(message.text, "text"))
        case FLINT__V1__TOOL_RESULT_PART__PART_IMAGE:
            self = .image(try reader.oneofMessage(message.image, "image"))
        default:
            throw reader.error(.unknownOneof, field: "part", "is unset or of an unknown kind")
        }
    }

    func write(to message: inout Flint__V1__ToolResultPart, in arena: PackArena) {
        switch self {
        case .text(let value):
            message.part_case = FLINT__V1__TOOL_RESULT_PART__PART_TEXT
            message.text = arena.message(value)
        case .image(let value):
            message.part_case = FLINT__V1__TOOL_RESULT_PART__PART_IMAGE
            message.image = arena.message(value)
        }
    }

    static func isKnown(_ message: Flint__V1__ToolResultPart) -> Bool {
        message.part_case != FLINT__V1__TOOL_RESULT_PART__PART__NOT_SET
    }
}

extension TextPart: ProtobufBridged {
    init(reading message: Flint__V1__TextPart, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(text: try reader.string(message.text, "text"))
    }

    func write(to message: inout Flint__V1__TextPart, in arena: PackArena) {
        message.text = arena.string(text)
    }
}

extension ReasoningPart: ProtobufBridged {
    init(reading message: Flint__V1__ReasoningPart, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(text: try reader.string(message.text, "text"))
    }

    func write(to message: inout Flint__V1__ReasoningPart, in arena: PackArena) {
        message.text = arena.string(text)
    }
}

extension ToolCall: ProtobufBridged {
    init(reading message: Flint__V1__ToolCall, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            id: try reader.string(message.id, "id"),
            name: try reader.string(message.name, "name"),
            argumentsJSON: try reader.string(message.arguments_json, "arguments_json"),
            serverTool: message.server_tool != 0)
    }

    func write(to message: inout Flint__V1__ToolCall, in arena: PackArena) {
        message.id = arena.string(id)
        message.name = arena.string(name)
        message.arguments_json = arena.string(argumentsJSON)
        message.server_tool = serverTool ? 1 : 0
    }
}

extension ToolResult: ProtobufBridged {
    init(reading message: Flint__V1__ToolResult, with reader: ProtobufReader) throws(ProtobufError) {
        let content: [ToolResultPart] = try reader.messages(message.n_content, message.content, "content", where: ToolResultPart.isKnown)
        self.init(
            toolCallID: try reader.string(message.tool_call_id, "tool_call_id"), content: content, isError: message.is_error != 0,
            unknownPartCount: message.n_content - content.count)
    }

    func write(to message: inout Flint__V1__ToolResult, in arena: PackArena) {
        message.tool_call_id = arena.string(toolCallID)
        (message.n_content, message.content) = arena.messages(content)
        message.is_error = isError ? 1 : 0
    }
}

extension Message: ProtobufBridged {
    init(reading message: Flint__V1__Message, with reader: ProtobufReader) throws(ProtobufError) {
        let parts: [ContentPart] = try reader.messages(message.n_parts, message.parts, "parts", where: ContentPart.isKnown)
        self.init(role: Role(message.role), parts: parts, unknownPartCount: message.n_parts - parts.count)
    }

    func write(to message: inout Flint__V1__Message, in arena: PackArena) {
        message.role = role.cEnum
        (message.n_parts, message.parts) = arena.messages(parts)
    }
}

extension Role: CustomStringConvertible, ProtobufEnumBridged {
    typealias CEnum = Flint__V1__Role
    static var enumDescriptor: ProtobufCEnumDescriptor { flint__v1__role__descriptor }
}
