import ServerTools
import ToolSchema

/// The tools one request offers the model: its client tools and the server tools it
/// allows, each with its compiled schema. Names are unique across both.
public struct ToolSet: Sendable {
    /// One tool, client or server.
    public struct Tool: Sendable {
        public var name: String
        public var description: String
        /// The schema as given (sent to native backends, shown to constrained models).
        public var parameters: JSONValue
        /// The schema compiled once, for validating every call.
        public var schema: JSONSchema
        /// Nil for a client tool (the caller runs it).
        public var server: (any ServerTool)?

        public var isServerTool: Bool { server != nil }
    }

    /// Every tool, client tools first in request order, then server tools in request order.
    public private(set) var tools: [Tool] = []

    public init() {}

    var isEmpty: Bool { tools.isEmpty }

    func tool(named name: String) -> Tool? {
        tools.first { $0.name == name }
    }

    /// Adds `tool`; false when its name is taken.
    mutating func add(_ new: Tool) -> Bool {
        guard tool(named: new.name) == nil else { return false }
        tools.append(new)
        return true
    }
}
