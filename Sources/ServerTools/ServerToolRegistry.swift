import Foundation

/// Server tools that come and go while Flint runs (a remote tool service's tools appear
/// when it answers and change when it says so); read at every lookup.
public protocol ServerToolSource: Sendable {
    /// The tools now, names unique and distinct from every built-in name.
    var currentTools: [any ServerTool] { get }
}

/// The server tools available to the model, looked up by name.
public struct ServerToolRegistry: Sendable {
    /// The fixed tools, in registration order, names unique.
    public let tools: [any ServerTool]
    /// Where the changing tools come from (remote tool services), after the fixed ones.
    public let sources: [any ServerToolSource]

    /// Creates a registry. Tool names are unique: a second tool with a name already taken
    /// is refused, naming it, never dropped. A source's tools are named so that they cannot
    /// meet a fixed tool's name (see the remote tool names in docs/TOOLS.md).
    public init(tools: [any ServerTool], sources: [any ServerToolSource] = []) throws(ServerToolRegistryError) {
        var seen = Set<String>()
        for tool in tools where !seen.insert(tool.name).inserted {
            throw ServerToolRegistryError(duplicateName: tool.name)
        }
        self.tools = tools
        self.sources = sources
    }

    /// Every tool a caller of `partner` may see and call now: the fixed ones, then the sources'.
    public func available(to partner: String?) -> [any ServerTool] {
        (tools + sources.flatMap(\.currentTools)).filter { $0.isAvailable(to: partner) }
    }

    /// The tool with this name that a caller of `partner` may call, if there is one now.
    public func tool(named name: String, partner: String?) -> (any ServerTool)? {
        available(to: partner).first { $0.name == name }
    }

    /// The built-in tools: `calculator` and `clock` (its "now" read from `now`, injectable for tests).
    public static func builtIn(now: @escaping @Sendable () -> Date = { Date() }) -> ServerToolRegistry {
        // Two tools of distinct names: cannot fail.
        try! ServerToolRegistry(tools: [Calculator(), ClockTool(now: now)])
    }

    /// The tool with this name, if registered.
    public func tool(named name: String) -> (any ServerTool)? {
        tools.first { $0.name == name }
    }

    /// The tool names, in registration order.
    public var names: [String] {
        tools.map(\.name)
    }
}

/// Two server tools were registered under one name.
public struct ServerToolRegistryError: Error, Hashable, Sendable, CustomStringConvertible {
    public let duplicateName: String

    public init(duplicateName: String) {
        self.duplicateName = duplicateName
    }

    public var description: String { "two server tools are named '\(duplicateName)'" }
}
