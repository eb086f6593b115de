import ToolSchema
import Wire

/// The coordinator answers with its plan as a call of one tool, `submit_plan`, whose
/// arguments are the plan. The pipeline holds a constrained model (the embedded one) to
/// the tool's schema with a grammar and checks a native model's call against it, so the
/// plan always parses; ``PlanCheck`` then checks what a schema cannot say.
enum PlanTool {
    static let name = "submit_plan"
    /// Subtask ids: short and plain, so they read well in prompts and events.
    static let idPattern = "^[A-Za-z0-9_-]+$"
    static let maxIDLength = 16
    static let maxDescriptionLength = 300

    static func definition(maxSubtasks: Int) -> ToolDefinition {
        ToolDefinition(
            name: name, description: "Submit the plan: the subtasks that together achieve the goal.",
            parametersJSONSchema: schema(maxSubtasks: maxSubtasks).serialized())
    }

    static func schema(maxSubtasks: Int) -> JSONValue {
        let id: JSONValue = ["type": "string", "pattern": .string(idPattern), "maxLength": .number(JSONNumber(maxIDLength))]
        let subtask: JSONValue = [
            "type": "object",
            "properties": [
                "id": id,
                "description": ["type": "string", "minLength": 1, "maxLength": .number(JSONNumber(maxDescriptionLength))],
                "depends_on": ["type": "array", "items": id, "maxItems": .number(JSONNumber(maxSubtasks))],
            ],
            "required": ["id", "description", "depends_on"],
            "additionalProperties": false,
        ]
        return [
            "type": "object",
            "properties": ["subtasks": ["type": "array", "items": subtask, "minItems": 1, "maxItems": .number(JSONNumber(maxSubtasks))]],
            "required": ["subtasks"],
            "additionalProperties": false,
        ]
    }

    /// The subtasks of a call's arguments, or why there are none.
    static func subtasks(fromArguments json: String) -> Result<[Subtask], PlanProblem> {
        guard case .object(let root)? = try? JSONParser.parse(json), case .array(let items)? = root["subtasks"] else {
            return .failure(PlanProblem("the plan is not an object with a subtasks array"))
        }
        var subtasks: [Subtask] = []
        for (index, item) in items.enumerated() {
            guard case .object(let fields) = item, case .string(let id)? = fields["id"], case .string(let description)? = fields["description"] else {
                return .failure(PlanProblem("subtasks[\(index)] needs a string id and description"))
            }
            var dependsOn: [String] = []
            if case .array(let ids)? = fields["depends_on"] {
                for value in ids {
                    guard case .string(let dependency) = value else { return .failure(PlanProblem("subtasks[\(index)].depends_on holds ids (strings)")) }
                    dependsOn.append(dependency)
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
