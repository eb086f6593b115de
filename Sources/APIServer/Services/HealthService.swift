import ModelServices
import FlintAPI

/// `flint.v1.Health`: liveness for load balancers. Needs no API key.
///
/// `flint.v1.Inference`, `flint.v1.Agents`, and the server as a whole (the empty name), answer NOT_SERVING
/// while the model service is not ready (the embedded model loading, restarting, hung or
/// stopped); the other services answer SERVING.
///
/// The same answers are served as the standard `grpc.health.v1.Health` (Check, and Watch:
/// the status now, then each change), whose messages are wire-compatible with
/// flint.v1's (the extra `server_version` field is skipped by standard clients). As the
/// standard says, Check of an unknown service fails with NOT_FOUND, Watch of one answers
/// SERVICE_UNKNOWN.
public struct HealthService: Sendable {
    public static let inferenceService = Methods.Inference.complete.service
    public static let agentsService = Methods.Agents.run.service
    /// `grpc.health.v1.Health`, the standard health service (not one of proto/'s).
    public static let grpcCheck = MethodDescriptor<HealthCheckRequest, HealthCheckResponse>(
        service: "grpc.health.v1.Health", method: "Check", streaming: .unary, key: .none)
    public static let grpcWatch = MethodDescriptor<HealthCheckRequest, HealthCheckResponse>(
        service: "grpc.health.v1.Health", method: "Watch", streaming: .serverStreaming, key: .none)
    /// How often a Watch looks at the status again.
    static let watchInterval: Duration = .seconds(1)
    /// The longest one Watch runs; the client watches again on a new call.
    static let maxWatchDuration: Duration = .seconds(3600)

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
        router.register(Self.grpcCheck, UnaryMethod { request, _ in
            let response = self.check(request)
            guard response.status != .serviceUnknown else {
                throw RPCError(.notFound, "unknown service \(PrintableText.of(request.service))")
            }
            return response
        }, maxRequestBytes: 1 << 10)
        let watch = PreparedStreamingMethod<HealthCheckRequest, Unprepared<HealthCheckRequest>, HealthCheckResponse>(
            prepare: { request, _ in Unprepared(request: request) }
        ) {
            prepared, _, writer in
            try await self.watch(prepared.request, writer: writer)
        }
        router.register(Self.grpcWatch, watch, maxDuration: Self.maxWatchDuration, maxRequestBytes: 1 << 10)
    }

    /// Sends the status now, then again each time it changes, until the call ends.
    private func watch(_ request: HealthCheckRequest, writer: ResponseWriter) async throws {
        var last: HealthCheckResponse.ServingStatus?
        while true {
            let response = check(request)
            if response.status != last {
                try await writer.send(response)
                last = response.status
            }
            try await Task.sleep(for: Self.watchInterval)
        }
    }
}
