import Auth

/// Maps method paths ("/flint.v1.Health/Check") to their handlers and required scopes.
public struct Router: Sendable {
    /// One served method.
    public struct Route: Sendable {
        public var method: any RPCMethod
        /// The key scope a caller needs; nil for methods that need no key (Health).
        public var scope: Scope?
        /// Methods any valid key may call (the method itself narrows what it shows).
        public var anyKey: Bool
    }

    private var routes: [String: Route] = [:]

    public init() {}

    /// Serves `method` at `path` for keys holding `scope` (nil: no key needed). A later
    /// registration for the same path replaces it.
    public mutating func register(_ path: String, _ method: any RPCMethod, scope: Scope?) {
        routes[path] = Route(method: method, scope: scope, anyKey: false)
    }

    /// Serves `method` at `path` for any valid key, whatever its scopes.
    public mutating func registerForAnyKey(_ path: String, _ method: any RPCMethod) {
        routes[path] = Route(method: method, scope: nil, anyKey: true)
    }

    /// The route for `path`, if any.
    public func route(for path: String) -> Route? {
        routes[path]
    }

    /// Every served path, for Health and docs.
    public var paths: [String] { routes.keys.sorted() }
}
