import FlintAPI

/// The checks a plan's schema cannot make: at least one and at most `maxSubtasks`
/// subtasks, ids unique, every dependency a subtask of the plan, no cycles.
enum PlanCheck {
    static func check(_ subtasks: [Subtask], maxSubtasks: Int) -> PlanProblem? {
        guard !subtasks.isEmpty else { return PlanProblem("the plan has no subtasks") }
        guard subtasks.count <= maxSubtasks else { return PlanProblem("the plan has \(subtasks.count) subtasks; at most \(maxSubtasks) are allowed") }
        var ids: Set<String> = []
        for subtask in subtasks {
            guard !subtask.id.isEmpty else { return PlanProblem("a subtask has an empty id") }
            guard ids.insert(subtask.id).inserted else { return PlanProblem("the id '\(subtask.id)' is used twice") }
        }
        for subtask in subtasks {
            for dependency in subtask.dependsOn where !ids.contains(dependency) {
                return PlanProblem("'\(subtask.id)' depends on '\(dependency)', which is not a subtask of the plan")
            }
            if subtask.dependsOn.contains(subtask.id) { return PlanProblem("'\(subtask.id)' depends on itself") }
        }
        if let cycle = cycle(in: subtasks) { return PlanProblem("the dependencies form a cycle: \(cycle.joined(separator: " -> "))") }
        return nil
    }

    /// A dependency cycle, as the ids along it (first repeated last), if there is one.
    static func cycle(in subtasks: [Subtask]) -> [String]? {
        let dependencies = Dictionary(subtasks.map { ($0.id, $0.dependsOn) }, uniquingKeysWith: { first, _ in first })
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var path: [String] = []
        func visit(_ id: String) -> [String]? {
            switch marks[id] {
            case .done: return nil
            case .visiting:
                let start = path.firstIndex(of: id) ?? 0
                return Array(path[start...]) + [id]
            case nil: break
            }
            marks[id] = .visiting
            path.append(id)
            for dependency in dependencies[id] ?? [] {
                if let cycle = visit(dependency) { return cycle }
            }
            path.removeLast()
            marks[id] = .done
            return nil
        }
        for subtask in subtasks {
            if let cycle = visit(subtask.id) { return cycle }
        }
        return nil
    }
}
