import Foundation

/// The server tools available to the model, looked up by name.
public struct ServerToolRegistry: Sendable {
    /// The tools, in registration order, names unique.
    public let tools: [any ServerTool]

    /// Creates a registry. Tool names are unique: a later tool with an already-registered name is dropped.
    public init(tools: [any ServerTool]) {
        var seen = Set<String>()
        self.tools = tools.filter { seen.insert($0.name).inserted }
    }

    /// The built-in tools: `calculator` and `clock` (its "now" read from `now`, injectable for tests).
    public static func builtIn(now: @escaping @Sendable () -> Date = { Date() }) -> ServerToolRegistry {
        ServerToolRegistry(tools: [Calculator(), ClockTool(now: now)])
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
