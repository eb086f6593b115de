/// One piece of work of an agent run's plan (proto `flint.v1.Subtask`).
public struct Subtask: Sendable, Equatable {
    /// Unique within the run, e.g. "t1".
    public var id: String
    /// What the sub-agent is asked to do.
    public var description: String
    /// Ids of the subtasks whose results this one needs.
    public var dependsOn: [String]

    public init(id: String = "", description: String = "", dependsOn: [String] = []) {
        self.id = id
        self.description = description
        self.dependsOn = dependsOn
    }
}
