/// Where an agent run's model calls are billed: the caller's call meter, which settles
/// the run's one quota reservation with their sum and writes the usage ledger.
public protocol RunRecorder: Sendable {
    /// One model call of the run ended. `part` is ``RunPart/plan``, a subtask id, or
    /// ``RunPart/synthesis``.
    func record(part: String, model: String, inputTokens: UInt64, outputTokens: UInt64, partial: Bool)
}

/// The names of the run's parts that are not subtasks.
public enum RunPart {
    public static let plan = "plan"
    public static let synthesis = "synthesis"
}
