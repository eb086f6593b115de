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
        /// The longest a call may run, whatever deadline the client sets (or none).
        public var maxDuration: Duration
        /// The largest request message the method takes, in bytes; a larger one is refused
        /// with RESOURCE_EXHAUSTED before it is decoded.
        public var maxRequestBytes: Int
    }

    /// The longest a call of a method that does not say may run.
    public static let defaultMaxDuration: Duration = .seconds(60)
    /// The largest request of a method that does not say: 64 KiB.
    public static let defaultMaxRequestBytes = 64 << 10

    private var routes: [String: Route] = [:]

    public init() {}

    /// Serves `method` at `path` for keys holding `scope` (nil: no key needed), each call
    /// for at most `maxDuration`. A later registration for the same path replaces it.
    public mutating func register(
        _ path: String, _ method: any RPCMethod, scope: Scope?, maxDuration: Duration = Router.defaultMaxDuration,
        maxRequestBytes: Int = Router.defaultMaxRequestBytes
    ) {
        routes[path] = Route(method: method, scope: scope, anyKey: false, maxDuration: maxDuration, maxRequestBytes: maxRequestBytes)
    }

    /// Serves `method` at `path` for any valid key, whatever its scopes.
    public mutating func registerForAnyKey(
        _ path: String, _ method: any RPCMethod, maxDuration: Duration = Router.defaultMaxDuration, maxRequestBytes: Int = Router.defaultMaxRequestBytes
    ) {
        routes[path] = Route(method: method, scope: nil, anyKey: true, maxDuration: maxDuration, maxRequestBytes: maxRequestBytes)
    }

    /// The route for `path`, if any.
    public func route(for path: String) -> Route? {
        routes[path]
    }

    /// Every served path, for Health and docs.
    public var paths: [String] { routes.keys.sorted() }
}
