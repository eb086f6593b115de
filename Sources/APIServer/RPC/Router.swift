/// Maps method paths ("/flint.v1.Health/Check") to their handlers.
public struct Router: Sendable {
    private var methods: [String: any RPCMethod] = [:]

    public init() {}

    /// Serves `method` at `path`. A later registration for the same path replaces it.
    public mutating func register(_ path: String, _ method: any RPCMethod) {
        methods[path] = method
    }

    /// The handler for `path`, if any.
    public func method(for path: String) -> (any RPCMethod)? {
        methods[path]
    }
}
