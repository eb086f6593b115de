import ToolSchema
import FlintAPI

/// The coordinator answers with its plan as a call of one tool, `submit_plan`, whose
/// arguments are the plan: an object whose members are the subtasks, named `t1` … `tN` in
/// order, each with a `description` and `depends_on`, which may name only subtasks before
/// it. The pipeline holds a constrained model (the embedded one) to this schema with a
/// grammar, and checks a native model's call against it, so every plan parses, its ids are
/// unique and it has no cycle by construction; ``PlanCheck`` then checks what a schema
/// cannot say (a dependency on a subtask the plan left out).
enum PlanTool {
    static let name = "submit_plan"
    static let maxDescriptionLength = 300

    /// The ids a plan may use, in order: t1 … t`maxSubtasks`.
    static func ids(maxSubtasks: Int) -> [String] {
        (1...max(1, maxSubtasks)).map { "t\($0)" }
    }

    static func definition(maxSubtasks: Int) -> ToolDefinition {
        ToolDefinition(
            name: name, description: "Submit the plan: the subtasks t1, t2, ... that together achieve the goal.",
            parametersJSONSchema: schema(maxSubtasks: maxSubtasks).serialized())
    }

    static func schema(maxSubtasks: Int) -> JSONValue {
        let ids = ids(maxSubtasks: maxSubtasks)
        var properties = JSONObject()
        for (index, id) in ids.enumerated() {
            let earlier = ids.prefix(index).map { JSONValue.string($0) }
            let dependencies: JSONValue =
                earlier.isEmpty
                ? ["type": "array", "maxItems": 0]
                : ["type": "array", "items": ["enum": .array(earlier)], "maxItems": .number(JSONNumber(earlier.count))]
            properties[id] = [
                "type": "object",
                "properties": [
                    "description": ["type": "string", "minLength": 1, "maxLength": .number(JSONNumber(maxDescriptionLength))],
                    "depends_on": dependencies,
                ],
                "required": ["description", "depends_on"],
                "additionalProperties": false,
            ]
        }
        return ["type": "object", "properties": .object(properties), "required": ["t1"], "additionalProperties": false]
    }

    /// The subtasks of a call's arguments, in order, or why there are none.
    static func subtasks(fromArguments json: String) -> Result<[Subtask], PlanProblem> {
        guard case .object(let root)? = try? JSONParser.parse(json) else {
            return .failure(PlanProblem("the plan is not a JSON object of subtasks"))
        }
        var subtasks: [Subtask] = []
        for (id, value) in root.members {
            guard case .object(let fields) = value, case .string(let description)? = fields["description"] else {
                return .failure(PlanProblem("\(id) needs a description"))
            }
            var dependsOn: [String] = []
            if case .array(let ids)? = fields["depends_on"] {
                for value in ids {
                    guard case .string(let dependency) = value else { return .failure(PlanProblem("\(id).depends_on holds ids (strings)")) }
                    if !dependsOn.contains(dependency) { dependsOn.append(dependency) }
                }
            }
            subtasks.append(Subtask(id: id, description: description, dependsOn: dependsOn))
        }
        return .success(subtasks)
    }
}

/// What is wrong with a plan, in words the coordinator is shown when it is asked again.
struct PlanProblem: Error, Equatable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
