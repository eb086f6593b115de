internal import CFlintProto

extension SubtaskStarted: ProtobufBridged {
    init(reading message: Flint__V1__SubtaskStarted, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            subtaskID: try reader.string(message.subtask_id, "subtask_id"),
            subAgentID: try reader.string(message.sub_agent_id, "sub_agent_id"))
    }

    func write(to message: inout Flint__V1__SubtaskStarted, in arena: PackArena) {
        message.subtask_id = arena.string(subtaskID)
        message.sub_agent_id = arena.string(subAgentID)
    }
}

extension SubtaskDelta: ProtobufBridged {
    init(reading message: Flint__V1__SubtaskDelta, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            subtaskID: try reader.string(message.subtask_id, "subtask_id"),
            subAgentID: try reader.string(message.sub_agent_id, "sub_agent_id"),
            delta: try Delta(reading: message, with: reader))
    }

    func write(to message: inout Flint__V1__SubtaskDelta, in arena: PackArena) {
        message.subtask_id = arena.string(subtaskID)
        message.sub_agent_id = arena.string(subAgentID)
        delta?.write(to: &message, in: arena)
    }
}

extension SubtaskDelta.Delta {
    /// nil when the oneof is unset or of a kind this build does not know.
    fileprivate init?(reading message: Flint__V1__SubtaskDelta, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        switch message.delta_case {
        case FLINT__V1__SUBTASK_DELTA__DELTA_TEXT:
            self = .text(try reader.string(message.text, "text"))
        case FLINT__V1__SUBTASK_DELTA__DELTA_TOOL_CALL:
            self = .toolCall(try reader.oneofMessage(message.tool_call, "tool_call"))
        case FLINT__V1__SUBTASK_DELTA__DELTA_TOOL_RESULT:
            self = .toolResult(try reader.oneofMessage(message.tool_result, "tool_result"))
        case FLINT__V1__SUBTASK_DELTA__DELTA_REASONING:
            self = .reasoning(try reader.string(message.reasoning, "reasoning"))
        default:
            return nil
        }
    }

    fileprivate func write(to message: inout Flint__V1__SubtaskDelta, in arena: PackArena) {
        switch self {
        case .text(let value):
            message.delta_case = FLINT__V1__SUBTASK_DELTA__DELTA_TEXT
            message.text = arena.string(value)
        case .toolCall(let value):
            message.delta_case = FLINT__V1__SUBTASK_DELTA__DELTA_TOOL_CALL
            message.tool_call = arena.message(value)
        case .toolResult(let value):
            message.delta_case = FLINT__V1__SUBTASK_DELTA__DELTA_TOOL_RESULT
            message.tool_result = arena.message(value)
        case .reasoning(let value):
            message.delta_case = FLINT__V1__SUBTASK_DELTA__DELTA_REASONING
            message.reasoning = arena.string(value)
        }
    }
}

extension SubtaskFinished: ProtobufBridged {
    init(reading message: Flint__V1__SubtaskFinished, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        self.init(
            subtaskID: try reader.string(message.subtask_id, "subtask_id"),
            subAgentID: try reader.string(message.sub_agent_id, "sub_agent_id"),
            outcome: SubtaskOutcome(message.outcome),
            result: try reader.string(message.result, "result"),
            usage: try reader.message(message.usage, "usage"))
    }

    func write(to message: inout Flint__V1__SubtaskFinished, in arena: PackArena) {
        message.subtask_id = arena.string(subtaskID)
        message.sub_agent_id = arena.string(subAgentID)
        message.outcome = outcome.cEnum
        message.result = arena.string(result)
        message.usage = usage.map(arena.message)
    }
}

extension SubtaskOutcome: CustomStringConvertible, ProtobufEnumBridged {
    typealias CEnum = Flint__V1__SubtaskOutcome
    static var enumDescriptor: ProtobufCEnumDescriptor { flint__v1__subtask_outcome__descriptor }
}
