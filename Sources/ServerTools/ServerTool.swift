import ToolSchema

/// A tool the server runs itself (no network, no model): the model calls it by name with JSON arguments.
///
/// The caller validates the arguments against `parametersSchema` before calling `run(_:context:)`,
/// enforces `limits`, and hands the returned text (compact JSON) back to the model as the tool result.
public protocol ServerTool: Sendable {
    /// The tool's unique name, as the model calls it (for example "calculator").
    var name: String { get }
    /// What the tool does and when to use it, written for the model and for ListTools.
    var description: String { get }
    /// The published JSON Schema of the arguments (an object schema), as JSON text.
    var parametersSchema: String { get }
    /// Time and output bounds the caller enforces around `run(_:context:)`.
    var limits: ServerToolLimits { get }
    /// Runs the tool on schema-valid arguments (the caller validated them against `parametersSchema`),
    /// in `context`: what the tool may read of the conversation (its images).
    ///
    /// - Returns: the result text for the model (compact JSON).
    /// - Throws: `ServerToolFailure`, a tool error the model sees (bad input, a bound exceeded); never a crash.
    func run(_ arguments: JSONValue, context: ServerToolContext) async throws(ServerToolFailure) -> String
    /// Runs the tool as ``run(_:context:)`` does, for tools whose result may carry images;
    /// the runner calls this one. By default, the text of ``run(_:context:)``.
    func output(_ arguments: JSONValue, context: ServerToolContext) async throws(ServerToolFailure) -> ServerToolOutput
    /// Where the tool runs, as ListTools says: "builtin", or "mcp:<server>" for a remote tool.
    var runsIn: String { get }
    /// Whether a caller of `partner` (nil: none) may see and call the tool. By default, all may.
    func isAvailable(to partner: String?) -> Bool
}

extension ServerTool {
    public func output(_ arguments: JSONValue, context: ServerToolContext) async throws(ServerToolFailure) -> ServerToolOutput {
        ServerToolOutput(text: try await run(arguments, context: context))
    }

    public var runsIn: String { "builtin" }

    public func isAvailable(to partner: String?) -> Bool { true }
}
