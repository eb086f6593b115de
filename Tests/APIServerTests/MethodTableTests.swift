import APIServer
import FlintAPI
import FlintTestSupport
import Synchronization
import Testing
import Wire

/// The server's routing table is the generated method descriptors: every method proto/
/// declares is served at its path, with the key its descriptor names, and nothing else.
@Suite("Method table")
struct MethodTableTests {
    @Test("a server with a model serves exactly the methods of proto/, each needing the key its descriptor names")
    func routerServesEveryDescribedMethod() async throws {
        let served = Mutex<[String: Router.Route]>([:])
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [])
        try await TestServer.with(configure: { $0.models = .custom(backend) }, extraMethods: { router in
            let routes = Dictionary(uniqueKeysWithValues: router.paths.compactMap { path in router.route(for: path).map { (path, $0) } })
            served.withLock { $0 = routes }
        }) { server in
            let routes = served.withLock { $0 }
            // proto/'s methods, and the standard grpc.health.v1 beside flint.v1.Health.
            let standard: [any MethodDescribing] = [HealthService.grpcCheck, HealthService.grpcWatch]
            #expect(Set(routes.keys) == Set((Methods.all + standard).map(\.path)))
            for method in Methods.all + standard {
                let route = try #require(routes[method.path])
                switch method.key {
                case .none: #expect(route.scope == nil && !route.anyKey, "\(method.path)")
                case .anyKey: #expect(route.scope == nil && route.anyKey, "\(method.path)")
                case .scope(let name): #expect(route.scope?.rawValue == name && !route.anyKey, "\(method.path)")
                }
            }
            // And a call through the typed descriptor reaches the method over TLS.
            let client = try await server.connect()
            defer { Task { await client.close() } }
            let health = try await client.unary(Methods.Health.check, request: HealthCheckRequest())
            #expect(health.message.status == .serving)
        }
    }
}
