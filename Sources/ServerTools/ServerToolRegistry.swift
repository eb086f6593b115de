import Foundation

/// The server tools available to the model, looked up by name.
public struct ServerToolRegistry: Sendable {
    /// The tools, in registration order, names unique.
    public let tools: [any ServerTool]

    /// Creates a registry. Tool names are unique: a second tool with a name already taken
    /// is refused, naming it, never dropped.
    public init(tools: [any ServerTool]) throws(ServerToolRegistryError) {
        var seen = Set<String>()
        for tool in tools where !seen.insert(tool.name).inserted {
            throw ServerToolRegistryError(duplicateName: tool.name)
        }
        self.tools = tools
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
