import ModelServices
import ToolSchema

/// Decides what a model turn is under the tool choice it ran with: an answer, calls that
/// all validate against their tools' schemas, or a turn to re-ask with the reasons. Every
/// call is checked here whatever the backend, so a call that fails is never passed on.
struct ToolCallCheck {
    /// One validated call.
    struct Call {
        var tool: ToolSet.Tool
        var arguments: JSONValue
    }

    enum Verdict {
        case answer
        case calls([Call])
        /// The turn breaks the rules; the problems are for the model (and, at the step
        /// limit, for the caller). `calls` are the calls that parsed, to show the model.
        case invalid(problems: [String], parsed: [(name: String, arguments: String)])
    }

    let tools: ToolSet
    let choice: ToolChoiceMode
    let maxCalls: Int

    func verdict(_ outcome: ModelStep.Outcome) -> Verdict {
        if let malformed = outcome.malformed {
            return .invalid(problems: ["the tool call does not parse: \(malformed)"], parsed: [])
        }
        let parsed = outcome.calls.map { (name: $0.name, arguments: $0.argumentsJSON) }
        if parsed.isEmpty {
            guard choice.allowsText else { return .invalid(problems: [missingCall], parsed: []) }
            return .answer
        }
        guard choice.allowsCalls else { return .invalid(problems: ["tools must not be called in this turn; answer in text"], parsed: parsed) }
        guard parsed.count <= maxCalls else {
            return .invalid(problems: ["at most \(maxCalls) tool call\(maxCalls == 1 ? "" : "s") per turn, not \(parsed.count)"], parsed: parsed)
        }
        var calls: [Call] = []
        var problems: [String] = []
        for (index, call) in parsed.enumerated() {
            switch check(call.name, call.arguments) {
            case .success(let checked): calls.append(checked)
            case .failure(let problem): problems.append("call \(index + 1) (\(call.name)): \(problem.message)")
            }
        }
        return problems.isEmpty ? .calls(calls) : .invalid(problems: problems, parsed: parsed)
    }

    private var missingCall: String {
        if case .tool(let name) = choice { return "the turn must call the tool '\(name)'" }
        return "the turn must call a tool"
    }

    private struct Problem: Error {
        var message: String
    }

    private func check(_ name: String, _ argumentsJSON: String) -> Result<Call, Problem> {
        guard let tool = tools.tool(named: name) else { return .failure(Problem(message: "there is no tool '\(name)'")) }
        if case .tool(let forced) = choice, forced != name {
            return .failure(Problem(message: "only the tool '\(forced)' may be called in this turn"))
        }
        let arguments: JSONValue
        do {
            arguments = try JSONParser.parse(argumentsJSON)
        } catch {
            return .failure(Problem(message: "the arguments are not JSON (\(error))"))
        }
        let violations = tool.schema.validate(arguments)
        guard violations.isEmpty else {
            let listed = violations.prefix(5).map { "\($0.path.isEmpty ? "/" : $0.path): \($0.message)" }
            return .failure(Problem(message: "the arguments do not match the schema: " + listed.joined(separator: "; ")))
        }
        return .success(Call(tool: tool, arguments: arguments))
    }
}
