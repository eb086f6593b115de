import ModelServices
import FlintAPI

/// `flint.v1.Health`: liveness for load balancers. Needs no API key.
///
/// `flint.v1.Inference`, `flint.v1.Agents`, and the server as a whole (the empty name), answer NOT_SERVING
/// while the model service is not ready (the embedded model loading, restarting, hung or
/// stopped); the other services answer SERVING.
public struct HealthService: Sendable {
    public static let inferenceService = Methods.Inference.complete.service
    public static let agentsService = Methods.Agents.run.service

    /// Services this server knows; a Check naming another answers SERVICE_UNKNOWN.
    private let services: Set<String>
    private let serverVersion: String
    /// Whether inference can take calls now; nil: always (a backend that is not supervised).
    private let inferenceReadiness: (any ModelReadiness)?

    public init(services: Set<String>, serverVersion: String, inferenceReadiness: (any ModelReadiness)? = nil) {
        self.services = services
        self.serverVersion = serverVersion
        self.inferenceReadiness = inferenceReadiness
    }

    public func check(_ request: HealthCheckRequest) -> HealthCheckResponse {
        guard request.service.isEmpty || services.contains(request.service) else {
            return HealthCheckResponse(status: .serviceUnknown, serverVersion: serverVersion)
        }
        let needsInference = request.service.isEmpty || request.service == Self.inferenceService || request.service == Self.agentsService
        let ready = !needsInference || (inferenceReadiness?.isReady ?? true)
        return HealthCheckResponse(status: ready ? .serving : .notServing, serverVersion: serverVersion)
    }

    public func register(in router: inout Router) {
        router.register(Methods.Health.check, UnaryMethod { request, _ in self.check(request) }, maxRequestBytes: 1 << 10)
    }
}
