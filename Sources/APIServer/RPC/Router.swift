import Auth
import FlintAPI

/// Maps method paths ("/flint.v1.Health/Check") to their handlers and required scopes,
/// as the generated ``Methods`` describe them.
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

    /// Serves `method` as `descriptor`'s method, for the key the descriptor names, each call
    /// for at most `maxDuration`. The method's message types and streaming kind are the
    /// descriptor's. A later registration of the same method replaces it.
    public mutating func register<Method: RPCMethod>(
        _ descriptor: MethodDescriptor<Method.Request, Method.Response>, _ method: Method,
        maxDuration: Duration = Router.defaultMaxDuration, maxRequestBytes: Int = Router.defaultMaxRequestBytes
    ) {
        precondition(Method.streaming == descriptor.streaming, "\(descriptor.path) is \(descriptor.streaming), its method \(Method.streaming)")
        let scope: Scope?
        let anyKey: Bool
        switch descriptor.key {
        case .none: (scope, anyKey) = (nil, false)
        case .anyKey: (scope, anyKey) = (nil, true)
        case .scope(let name):
            guard let named = Scope(name) else { preconditionFailure("\(descriptor.path) needs scope \(name), which Flint does not have") }
            (scope, anyKey) = (named, false)
        }
        routes[descriptor.path] = Route(method: method, scope: scope, anyKey: anyKey, maxDuration: maxDuration, maxRequestBytes: maxRequestBytes)
    }

    /// The route for `path`, if any.
    public func route(for path: String) -> Route? {
        routes[path]
    }

    /// Every served path, for Health and docs.
    public var paths: [String] { routes.keys.sorted() }
}
