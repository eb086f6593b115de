import ServerTools
import ToolSchema

/// One tool of a remote tool service, offered to the model as the server tool
/// `<server>__<tool>` and run by calling the service.
struct RemoteTool: ServerTool {
    /// Between the server's name and the tool's: server names have no underscore, so the
    /// first `__` splits a name back, and the whole stays within `[a-zA-Z0-9_-]`.
    static let separator = "__"

    let name: String
    let remoteName: String
    let description: String
    let parametersSchema: String
    let limits: ServerToolLimits
    let runsIn: String
    let partners: Set<String>?
    let client: MCPClient

    func isAvailable(to partner: String?) -> Bool {
        guard let partners else { return true }
        return partner.map(partners.contains) ?? false
    }

    func run(_ arguments: JSONValue, context: ServerToolContext) async throws(ServerToolFailure) -> String {
        try await output(arguments, context: context).text
    }

    func output(_ arguments: JSONValue, context: ServerToolContext) async throws(ServerToolFailure) -> ServerToolOutput {
        let result: JSONObject
        do {
            result = try await client.callTool(remoteName, arguments: arguments)
        } catch {
            throw ServerToolFailure(error.description)
        }
        return try MCPToolResult.output(result)
    }
}
