import ArgumentParser
import Foundation
import FlintAPI

/// The tool flags of `apiclient complete`: client tools from a file, server tools by name,
/// the tool choice and the loop's bounds.
struct ToolOptions: ParsableArguments {
    @Option(name: .customLong("server-tool"), help: "A server tool Flint may run (as `apiclient tools list` names them); repeat for several.")
    var serverTools: [String] = []

    @Option(
        name: .customLong("tool-file"),
        help: ArgumentHelp(
            "A JSON file of client tools: [{\"name\", \"description\", \"parameters\": <JSON Schema>}, ...].",
            discussion: "The model may call them; the calls are printed and the call ends with stop reason tool_use."))
    var toolFile: String?

    @Option(name: .customLong("tool-choice"), help: "auto, none, required, or a tool's name to force that tool. (default: auto)")
    var toolChoice: String?

    @Flag(name: .customLong("no-parallel-tools"), help: "At most one tool call per model turn.")
    var noParallelTools = false

    @Option(name: .customLong("max-steps"), help: "Most model calls of the server tool loop. (default: the server's)")
    var maxSteps: UInt32?

    @Option(name: .customLong("max-tool-calls"), help: "Most server tool runs. (default: the server's)")
    var maxToolCalls: UInt32?

    /// Sets the request's tool fields.
    func apply(to request: inout CompleteRequest) throws {
        request.serverTools = serverTools
        if let toolFile { request.tools = try Self.definitions(inFile: toolFile) }
        if let toolChoice { request.toolChoice = Self.choice(toolChoice) }
        request.disableParallelToolCalls = noParallelTools
        if maxSteps != nil || maxToolCalls != nil {
            request.toolLoop = ToolLoopOptions(maxSteps: maxSteps ?? 0, maxToolCalls: maxToolCalls ?? 0)
        }
    }

    static func choice(_ text: String) -> ToolChoice {
        switch text {
        case "auto": ToolChoice(mode: .auto)
        case "none": ToolChoice(mode: .none)
        case "required": ToolChoice(mode: .required)
        default: ToolChoice(mode: .tool, toolName: text)
        }
    }

    /// Reads client tool definitions; the server checks names and schemas.
    static func definitions(inFile path: String) throws -> [ToolDefinition] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("--tool-file: cannot read '\(path)'") }
        guard let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw ValidationError("--tool-file: '\(path)' is not a JSON array of objects")
        }
        return try list.enumerated().map { index, entry in
            let known: Set<String> = ["name", "description", "parameters"]
            if let unknown = entry.keys.sorted().first(where: { !known.contains($0) }) {
                throw ValidationError("--tool-file: tool \(index) has an unknown key '\(unknown)' (keys: name, description, parameters)")
            }
            guard let name = entry["name"] as? String else { throw ValidationError("--tool-file: tool \(index) has no \"name\" string") }
            let parameters = entry["parameters"] ?? ["type": "object", "properties": [String: Any]()]
            guard JSONSerialization.isValidJSONObject(parameters),
                let schema = try? JSONSerialization.data(withJSONObject: parameters, options: [.sortedKeys, .withoutEscapingSlashes])
            else { throw ValidationError("--tool-file: tool \(index) (\(name)) has \"parameters\" that are not a JSON object") }
            return ToolDefinition(name: name, description: entry["description"] as? String ?? "", parametersJSONSchema: String(decoding: schema, as: UTF8.self))
        }
    }
}
