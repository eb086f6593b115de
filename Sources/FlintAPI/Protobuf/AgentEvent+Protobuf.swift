internal import CFlintProto

extension AgentEvent: ProtobufBridged {
    init(reading message: Flint__V1__AgentEvent, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(sequence: message.sequence, event: try Event(reading: message, with: reader))
    }

    func write(to message: inout Flint__V1__AgentEvent, in arena: PackArena) {
        message.sequence = sequence
        event?.write(to: &message, in: arena)
    }
}

extension AgentEvent.Event {
    /// nil when the oneof is unset or of a kind this build does not know.
    fileprivate init?(reading message: Flint__V1__AgentEvent, with reader: ProtobufReader)
        throws(ProtobufError)
    {
        switch message.event_case {
        case FLINT__V1__AGENT_EVENT__EVENT_PLAN:
            self = .plan(try reader.oneofMessage(message.plan, "plan"))
        case FLINT__V1__AGENT_EVENT__EVENT_SUBTASK_STARTED:
            self = .subtaskStarted(
                try reader.oneofMessage(message.subtask_started, "subtask_started"))
        case FLINT__V1__AGENT_EVENT__EVENT_SUBTASK_DELTA:
            self = .subtaskDelta(try reader.oneofMessage(message.subtask_delta, "subtask_delta"))
        case FLINT__V1__AGENT_EVENT__EVENT_SUBTASK_FINISHED:
            self = .subtaskFinished(
                try reader.oneofMessage(message.subtask_finished, "subtask_finished"))
        case FLINT__V1__AGENT_EVENT__EVENT_USAGE:
            self = .usage(try reader.oneofMessage(message.usage, "usage"))
        case FLINT__V1__AGENT_EVENT__EVENT_FINAL_ANSWER:
            self = .finalAnswer(try reader.oneofMessage(message.final_answer, "final_answer"))
        case FLINT__V1__AGENT_EVENT__EVENT_BUDGET_UPDATE:
            self = .budgetUpdate(try reader.oneofMessage(message.budget_update, "budget_update"))
        default:
            return nil
        }
    }

    fileprivate func write(to message: inout Flint__V1__AgentEvent, in arena: PackArena) {
        switch self {
        case .plan(let value):
            message.event_case = FLINT__V1__AGENT_EVENT__EVENT_PLAN
            message.plan = arena.message(value)
        case .subtaskStarted(let value):
            message.event_case = FLINT__V1__AGENT_EVENT__EVENT_SUBTASK_STARTED
            message.subtask_started = arena.message(value)
        case .subtaskDelta(let value):
            message.event_case = FLINT__V1__AGENT_EVENT__EVENT_SUBTASK_DELTA
            message.subtask_delta = arena.message(value)
        case .subtaskFinished(let value):
            message.event_case = FLINT__V1__AGENT_EVENT__EVENT_SUBTASK_FINISHED
            message.subtask_finished = arena.message(value)
        case .usage(let value):
            message.event_case = FLINT__V1__AGENT_EVENT__EVENT_USAGE
            message.usage = arena.message(value)
        case .finalAnswer(let value):
            message.event_case = FLINT__V1__AGENT_EVENT__EVENT_FINAL_ANSWER
            message.final_answer = arena.message(value)
        case .budgetUpdate(let value):
            message.event_case = FLINT__V1__AGENT_EVENT__EVENT_BUDGET_UPDATE
            message.budget_update = arena.message(value)
        }
    }
}

extension Plan: ProtobufBridged {
    init(reading message: Flint__V1__Plan, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(subtasks: try reader.messages(message.n_subtasks, message.subtasks, "subtasks"))
    }

    func write(to message: inout Flint__V1__Plan, in arena: PackArena) {
        (message.n_subtasks, message.subtasks) = arena.messages(subtasks)
    }
}

extension FinalAnswer: ProtobufBridged {
    init(reading message: Flint__V1__FinalAnswer, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            text: try reader.string(message.text, "text"),
            usage: try reader.message(message.usage, "usage"),
            budgetExhausted: message.budget_exhausted != 0,
            runID: try reader.string(message.run_id, "run_id"))
    }

    func write(to message: inout Flint__V1__FinalAnswer, in arena: PackArena) {
        message.text = arena.string(text)
        message.usage = usage.map(arena.message)
        message.budget_exhausted = budgetExhausted ? 1 : 0
        message.run_id = arena.string(runID)
    }
}

extension BudgetUpdate: ProtobufBridged {
    init(reading message: Flint__V1__BudgetUpdate, with reader: ProtobufReader) throws(ProtobufError) {
        self.init(
            tokensBudget: message.tokens_budget, tokensReserved: message.tokens_reserved, tokensUsed: message.tokens_used,
            modelCalls: message.model_calls, toolCalls: message.tool_calls, elapsedMs: message.elapsed_ms)
    }

    func write(to message: inout Flint__V1__BudgetUpdate, in arena: PackArena) {
        message.tokens_budget = tokensBudget
        message.tokens_reserved = tokensReserved
        message.tokens_used = tokensUsed
        message.model_calls = modelCalls
        message.tool_calls = toolCalls
        message.elapsed_ms = elapsedMs
    }
}
