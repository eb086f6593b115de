internal import CFlintProto

extension CompleteResponse: ProtobufBridged {
    init(reading message: Flint__V1__CompleteResponse, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            model: try reader.string(message.model, "model"),
            content: try reader.messages(
                message.n_content, message.content, "content", where: ContentPart.isKnown),
            stopReason: StopReason(message.stop_reason),
            stopSequence: try reader.string(message.stop_sequence, "stop_sequence"),
            usage: try reader.message(message.usage, "usage"))
    }

    func write(to message: inout Flint__V1__CompleteResponse, in arena: PackArena) {
        message.model = arena.string(model)
        (message.n_content, message.content) = arena.messages(content)
        message.stop_reason = stopReason.cEnum
        message.stop_sequence = arena.string(stopSequence)
        message.usage = usage.map(arena.message)
    }
}

extension StopReason: CustomStringConvertible, ProtobufEnumBridged {
    typealias CEnum = Flint__V1__StopReason
    static var enumDescriptor: ProtobufCEnumDescriptor { flint__v1__stop_reason__descriptor }
}

extension Usage: ProtobufBridged {
    init(reading message: Flint__V1__Usage, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            inputTokens: message.input_tokens, outputTokens: message.output_tokens,
            reasoningTokens: message.reasoning_tokens, partial: message.partial != 0,
            modelCalls: message.model_calls, toolCalls: message.tool_calls)
    }

    func write(to message: inout Flint__V1__Usage, in arena: PackArena) {
        message.input_tokens = inputTokens
        message.output_tokens = outputTokens
        message.reasoning_tokens = reasoningTokens
        message.partial = partial ? 1 : 0
        message.model_calls = modelCalls
        message.tool_calls = toolCalls
    }
}
