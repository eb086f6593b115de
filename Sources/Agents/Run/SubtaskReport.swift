import FlintAPI

/// How one subtask of a run ended, as dependents, the synthesis and the events see it.
struct SubtaskReport: Sendable {
    var subtask: Subtask
    /// Empty for a subtask that never started.
    var agentID: String
    var outcome: SubtaskOutcome
    var result: String
    var usage: Usage

    var event: SubtaskFinished {
        SubtaskFinished(subtaskID: subtask.id, subAgentID: agentID, outcome: outcome, result: result, usage: usage)
    }
}
