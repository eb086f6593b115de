internal import CFlintProto

extension CompletionEvent: ProtobufBridged {
    init(reading message: Flint__V1__CompletionEvent, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            sequence: message.sequence, partIndex: message.part_index,
            event: try Event(reading: message, with: reader))
    }

    func write(to message: inout Flint__V1__CompletionEvent, in arena: PackArena) {
        message.sequence = sequence
        message.part_index = partIndex
        event?.write(to: &message, in: arena)
    }
}

extension CompletionEvent.Event {
    /// nil when the oneof is unset or of a kind this build does not know.
    fileprivate init?(reading message: Flint__V1__CompletionEvent, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        switch message.event_case {
        case FLINT__V1__COMPLETION_EVENT__EVENT_TEXT_DELTA:
            self = .textDelta(try reader.oneofMessage(message.text_delta, "text_delta"))
        case FLINT__V1__COMPLETION_EVENT__EVENT_REASONING_DELTA:
            self = .reasoningDelta(
                try reader.oneofMessage(message.reasoning_delta, "reasoning_delta"))
        case FLINT__V1__COMPLETION_EVENT__EVENT_TOOL_CALL:
            self = .toolCall(try reader.oneofMessage(message.tool_call, "tool_call"))
        case FLINT__V1__COMPLETION_EVENT__EVENT_TOOL_RESULT:
            self = .toolResult(try reader.oneofMessage(message.tool_result, "tool_result"))
        case FLINT__V1__COMPLETION_EVENT__EVENT_USAGE:
            self = .usage(try reader.oneofMessage(message.usage, "usage"))
        case FLINT__V1__COMPLETION_EVENT__EVENT_STOP:
            self = .stop(try reader.oneofMessage(message.stop, "stop"))
        case FLINT__V1__COMPLETION_EVENT__EVENT_OBSERVATION:
            self = .observation(try reader.oneofMessage(message.observation, "observation"))
        case FLINT__V1__COMPLETION_EVENT__EVENT_REASONING_STEP:
            self = .reasoningStep(try reader.oneofMessage(message.reasoning_step, "reasoning_step"))
        default:
            return nil
        }
    }

    fileprivate func write(to message: inout Flint__V1__CompletionEvent, in arena: PackArena) {
        switch self {
        case .textDelta(let value):
            message.event_case = FLINT__V1__COMPLETION_EVENT__EVENT_TEXT_DELTA
            message.text_delta = arena.message(value)
        case .reasoningDelta(let value):
            message.event_case = FLINT__V1__COMPLETION_EVENT__EVENT_REASONING_DELTA
            message.reasoning_delta = arena.message(value)
        case .toolCall(let value):
            message.event_case = FLINT__V1__COMPLETION_EVENT__EVENT_TOOL_CALL
            message.tool_call = arena.message(value)
        case .toolResult(let value):
            message.event_case = FLINT__V1__COMPLETION_EVENT__EVENT_TOOL_RESULT
            message.tool_result = arena.message(value)
        case .usage(let value):
            message.event_case = FLINT__V1__COMPLETION_EVENT__EVENT_USAGE
            message.usage = arena.message(value)
        case .stop(let value):
            message.event_case = FLINT__V1__COMPLETION_EVENT__EVENT_STOP
            message.stop = arena.message(value)
        case .observation(let value):
            message.event_case = FLINT__V1__COMPLETION_EVENT__EVENT_OBSERVATION
            message.observation = arena.message(value)
        case .reasoningStep(let value):
            message.event_case = FLINT__V1__COMPLETION_EVENT__EVENT_REASONING_STEP
            message.reasoning_step = arena.message(value)
        }
    }
}

extension TextDelta: ProtobufBridged {
    init(reading message: Flint__V1__TextDelta, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(text: try reader.string(message.text, "text"))
    }

    func write(to message: inout Flint__V1__TextDelta, in arena: PackArena) {
        message.text = arena.string(text)
    }
}

extension ReasoningDelta: ProtobufBridged {
    init(reading message: Flint__V1__ReasoningDelta, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(text: try reader.string(message.text, "text"))
    }

    func write(to message: inout Flint__V1__ReasoningDelta, in arena: PackArena) {
        message.text = arena.string(text)
    }
}

extension Stop: ProtobufBridged {
    init(reading message: Flint__V1__Stop, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            reason: StopReason(message.reason),
            stopSequence: try reader.string(message.stop_sequence, "stop_sequence"),
            usage: try reader.message(message.usage, "usage"),
            model: try reader.string(message.model, "model"))
    }

    func write(to message: inout Flint__V1__Stop, in arena: PackArena) {
        message.reason = reason.cEnum
        message.stop_sequence = arena.string(stopSequence)
        message.usage = usage.map(arena.message)
        message.model = arena.string(model)
    }
}
