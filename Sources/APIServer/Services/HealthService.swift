import Wire

/// `flint.v1.Health`: liveness for load balancers. Needs no API key.
public struct HealthService: Sendable {
    public static let checkPath = "/flint.v1.Health/Check"

    /// Services this server knows; a Check naming another answers SERVICE_UNKNOWN.
    private let services: Set<String>
    private let serverVersion: String

    public init(services: Set<String>, serverVersion: String) {
        self.services = services
        self.serverVersion = serverVersion
    }

    public func check(_ request: HealthCheckRequest) -> HealthCheckResponse {
        let known = request.service.isEmpty || services.contains(request.service)
        return HealthCheckResponse(status: known ? .serving : .serviceUnknown, serverVersion: serverVersion)
    }

    public func register(in router: inout Router) {
        router.register(Self.checkPath, UnaryMethod { (request: HealthCheckRequest, _) in self.check(request) }, scope: nil, maxRequestBytes: 1 << 10)
    }
}
