import FlintAPI

/// The words the coordinator, the sub-agents and the synthesis are given. Short: every
/// byte of a prompt is reserved from the run's budget as a token.
enum AgentPrompts {
    static func coordinatorSystem(maxSubtasks: Int) -> String {
        """
        You are a coordinator. Split the user's goal into 1 to \(maxSubtasks) small subtasks that helpers can do, named t1, t2, ... in order. \
        Give each a one-sentence description and depends_on: the earlier subtasks whose results it needs ([] if none). \
        Call \(PlanTool.name), for example with {"t1":{"description":"...","depends_on":[]},"t2":{"description":"...","depends_on":["t1"]}}.
        """
    }

    static func planRequest(goal: String, refusal: String?) -> String {
        guard let refusal else { return "Goal: \(goal)" }
        return "Goal: \(goal)\n\nYour last plan was refused: \(refusal). Submit a corrected plan."
    }

    static let subAgentSystem = "You are a helper. Do only the subtask you are given, using a tool if it helps, and answer in a few sentences."

    static func subtask(goal: String, subtask: Subtask, inputs: [SubtaskReport], maxResultBytes: Int) -> String {
        var text = "Goal: \(goal)\nYour subtask (\(subtask.id)): \(subtask.description)"
        if !inputs.isEmpty {
            text += "\nResults you need:\n" + results(inputs, maxResultBytes: maxResultBytes)
        }
        return text
    }

    static let synthesisSystem = "You are a coordinator. Write the final answer to the goal from the results of the subtasks. Be brief."

    static func synthesis(goal: String, reports: [SubtaskReport], maxResultBytes: Int) -> String {
        guard !reports.isEmpty else { return "Goal: \(goal)\nNo subtask ran; answer the goal directly." }
        return "Goal: \(goal)\nSubtask results:\n" + results(reports, maxResultBytes: maxResultBytes)
    }

    /// The answer when no synthesis could be written: what the subtasks produced, and why
    /// (the budget ran out, or the synthesis call failed with `failure`).
    static func fallbackAnswer(reports: [SubtaskReport], failure: String? = nil, maxResultBytes: Int) -> String {
        let finished = reports.filter { $0.outcome == .succeeded }
        let why = failure.map { "No final answer could be written (\($0))" } ?? "The run's budget ran out before a final answer was written"
        guard !finished.isEmpty else { return why + ", and no subtask produced a result." }
        return why + ". Results so far:\n" + results(finished, maxResultBytes: maxResultBytes)
    }

    private static func results(_ reports: [SubtaskReport], maxResultBytes: Int) -> String {
        reports.map { report in
            let state = report.outcome == .succeeded ? "" : " (\(outcomeName(report.outcome)))"
            return "[\(report.subtask.id)\(state)] \(clipped(report.result, toBytes: maxResultBytes))"
        }.joined(separator: "\n")
    }

    static func outcomeName(_ outcome: SubtaskOutcome) -> String {
        switch outcome {
        case .succeeded: "succeeded"
        case .budgetExhausted: "budget exhausted"
        case .cancelled: "cancelled"
        default: "failed"
        }
    }

    /// `text` cut to at most `bytes` UTF-8 bytes, at a character boundary.
    static func clipped(_ text: String, toBytes bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var kept = ""
        var count = 0
        for character in text {
            let size = character.utf8.count
            guard count + size <= bytes - 3 else { break }
            kept.append(character)
            count += size
        }
        return kept + "..."
    }
}
