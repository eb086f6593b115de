import APIServer
import FlintTestSupport
import Foundation
import ModelServices
import Synchronization
import Testing
import FlintAPI
import Wire

/// Health answers NOT_SERVING for inference (and the server as a whole) while the model
/// service is not ready.
@Suite("Health follows the model's readiness")
struct HealthReadinessTests {
    /// A readiness a test switches.
    final class SwitchedReadiness: ModelReadiness {
        let ready = Atomic(false)
        var isReady: Bool { ready.load(ordering: .relaxed) }
    }

    static let services: Set<String> = ["flint.v1.Health", "flint.v1.Admin", "flint.v1.Inference"]

    static func status(_ health: HealthService, _ service: String) -> HealthCheckResponse.ServingStatus {
        health.check(HealthCheckRequest(service: service)).status
    }

    @Test("inference and the whole server are NOT_SERVING until the model is ready, the other services SERVING")
    func notServingUntilReady() {
        let readiness = SwitchedReadiness()
        let health = HealthService(services: Self.services, serverVersion: "flint/test", inferenceReadiness: readiness)
        #expect(Self.status(health, "") == .notServing)
        #expect(Self.status(health, "flint.v1.Inference") == .notServing)
        #expect(Self.status(health, "flint.v1.Health") == .serving)
        #expect(Self.status(health, "flint.v1.Admin") == .serving)
        #expect(Self.status(health, "flint.v1.Elsewhere") == .serviceUnknown)
        readiness.ready.store(true, ordering: .relaxed)
        #expect(Self.status(health, "") == .serving)
        #expect(Self.status(health, "flint.v1.Inference") == .serving)
        readiness.ready.store(false, ordering: .relaxed)
        #expect(Self.status(health, "") == .notServing)
        #expect(health.check(HealthCheckRequest()).serverVersion == "flint/test")
    }

    @Test("without a readiness source every known service is SERVING")
    func servingWithoutReadiness() {
        let health = HealthService(services: Self.services, serverVersion: "flint/test")
        #expect(Self.status(health, "") == .serving)
        #expect(Self.status(health, "flint.v1.Inference") == .serving)
    }

    static func inferenceStatus(on connection: ClientConnection) async -> HealthCheckResponse.ServingStatus? {
        try? await connection.unary(
            "/flint.v1.Health/Check", request: HealthCheckRequest(service: "flint.v1.Inference"), responseType: HealthCheckResponse.self
        ).message.status
    }
}

/// Health with the real embedded model: part of the real-model group, which runs on its own.
extension InferenceEndToEndTests {
    @Test("the embedded model: SERVING once loaded, NOT_SERVING while it restarts, SERVING again")
    func embeddedModelEndToEnd() async throws {
        try await TestServer.with(configure: { $0.models = .embedded }) { server in
            let model = try #require(server.embeddedModel)
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            // While it loads (a few seconds after the start): NOT_SERVING, unless it is ready by now.
            let early = await HealthReadinessTests.inferenceStatus(on: connection)
            #expect(early == .notServing || (early == .serving && model.isReady), "\(String(describing: early))")
            try await model.waitUntilReady(timeout: .seconds(180))
            #expect(await HealthReadinessTests.inferenceStatus(on: connection) == .serving)
            #expect(await server.isServing(on: connection))
            // Killed: NOT_SERVING from its exit until the restarted child is ready.
            let first = try #require(model.processID)
            kill(first, SIGKILL)
            let down = try await bounded(.seconds(10)) {
                while await HealthReadinessTests.inferenceStatus(on: connection) != .notServing { try await Task.sleep(for: .milliseconds(20)) }
                return true
            }
            #expect(down)
            let up = try await bounded(.seconds(180)) {
                while await HealthReadinessTests.inferenceStatus(on: connection) != .serving { try await Task.sleep(for: .milliseconds(100)) }
                return model.processID
            }
            #expect(up != nil && up != first)
        }
    }
}
