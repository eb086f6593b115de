import APIServer
import FlintAPI
import FlintTestSupport
import Foundation
import ModelServices
import Testing
import Wire

/// Flint's services over standard gRPC, called by the stock Python stack (grpcio, stubs
/// generated from proto/) on the server's one TLS port, through the same router, keys,
/// quotas and errors as flint/1.
@Suite("gRPC from Python")
struct GRPCPythonClientTests {
    /// A server with `backend` as its model and a key with `quota`; the key.
    static func withKey<T: Sendable>(
        backend: some ModelBackend = Self.answering(), quota: Quota? = nil,
        extraMethods: (inout Router) -> Void = { _ in },
        _ body: (GRPCPythonClient, String) async throws -> T
    ) async throws -> T {
        try await TestServer.with(configure: { $0.models = .custom(backend) }, extraMethods: extraMethods) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue(quota: quota).apiKey
            return try await body(GRPCPythonClient(server: server), key)
        }
    }

    /// A model that answers each call with "Hello from Flint", in three pieces.
    static func answering(calls: Int = 1) -> ScriptedTurnBackend {
        ScriptedTurnBackend(models: [.scriptedText(isDefault: true)], turns: Array(repeating: .text(["Hello", " from", " Flint"]), count: calls))
    }

    @Test("a unary Complete answers with the model's text, the request id and the caller's quota as metadata")
    func unary() async throws {
        try await Self.withKey { client, key in
            let result = try await client.run("complete", ["--key", key])
            #expect(result["code"] as? String == "OK")
            #expect(result["text"] as? String == "Hello from Flint")
            let initial = try #require(result["initial"] as? [String: String])
            #expect(initial["x-request-id"] == "req-python-1")
            #expect(initial["x-ratelimit-limit-requests"] != nil)
            #expect(initial["x-ratelimit-remaining-requests"] != nil)
            let trailing = try #require(result["trailing"] as? [String: String])
            #expect(trailing["x-request-id"] == "req-python-1")
        }
    }

    @Test("StreamComplete streams every text delta and ends with the stop event and OK")
    func serverStreaming() async throws {
        try await Self.withKey { client, key in
            let result = try await client.run("stream", ["--key", key])
            #expect(result["code"] as? String == "OK")
            let events = try #require(result["events"] as? [String])
            #expect(events.filter { $0 == "text_delta" }.count == 3)
            #expect(events.last == "stop")
            #expect(result["sequences"] as? [Int] == Array(0..<events.count))
        }
    }

    @Test("a client's cancel (RST_STREAM) stops the model stream on the server")
    func cancel() async throws {
        let backend = ScriptedModelBackend(.endless(count: 100_000))
        try await Self.withKey(backend: backend) { client, key in
            let result = try await client.run("cancel", ["--key", key])
            #expect(result["received"] as? Int == 3)
            #expect(result["code"] as? String == "CANCELLED")
            try await waitUntil(within: .seconds(20)) { backend.releasedStreams == 1 }
            #expect(backend.pulledEvents < 100_000)
        }
    }

    @Test("grpc-timeout becomes the call's deadline: DEADLINE_EXCEEDED, and the handler is cancelled")
    func deadline() async throws {
        let cancelled = Counter()
        try await Self.withKey(extraMethods: { TestMethods.register(in: &$0, cancelled: cancelled) }) { client, _ in
            let result = try await client.run("call-error", ["--method", TestMethods.sleepPath, "--service", "60000", "--timeout", "0.5"])
            #expect(result["code"] as? String == "DEADLINE_EXCEEDED")
            try await cancelled.wait(for: 1)
            #expect(cancelled.count == 1)
        }
    }

    @Test("a quota denial is RESOURCE_EXHAUSTED with RetryInfo and QuotaFailure in grpc-status-details-bin")
    func quotaDenial() async throws {
        try await Self.withKey(backend: Self.answering(calls: 2), quota: Quota(requestsPerMinute: 1, requestBurst: 1)) { client, key in
            let result = try await client.run("quota", ["--key", key])
            #expect(result["attempt"] as? Int == 2)
            #expect(result["code"] as? String == "RESOURCE_EXHAUSTED")
            #expect(result["status_code"] as? Int == 8)
            let details = try #require(result["details"] as? [[String: Any]])
            let retry = try #require(details.first { $0["type"] as? String == "RetryInfo" })
            let delay = try #require(retry["retry_delay_ms"] as? Int)
            #expect(delay > 0 && delay <= 60_000)
            let quota = try #require(details.first { $0["type"] as? String == "QuotaFailure" })
            let violations = try #require(quota["violations"] as? [[String: Any]])
            #expect(violations.first?["metric"] as? String == "requests_per_minute")
            #expect(violations.first?["value"] as? Int == 1)
        }
    }

    @Test("no key is UNAUTHENTICATED; an unknown method is UNIMPLEMENTED; a bad request id is INVALID_ARGUMENT with BadRequest")
    func badMetadata() async throws {
        try await Self.withKey { client, key in
            let missingKey = try await client.run("call-error", [])
            #expect(missingKey["code"] as? String == "UNAUTHENTICATED")
            let unknown = try await client.run("call-error", ["--key", key, "--method", "/flint.v1.Nothing/Here"])
            #expect(unknown["code"] as? String == "UNIMPLEMENTED")
            let badID = try await client.run("call-error", ["--key", key, "--metadata", "x-request-id=bad id"])
            #expect(badID["code"] as? String == "INVALID_ARGUMENT")
            let details = try #require(badID["details"] as? [[String: Any]])
            let fields = details.first { $0["type"] as? String == "BadRequest" }?["fields"] as? [String]
            #expect(fields == ["request_id"])
        }
    }

    @Test("grpc.health.v1: Check with no key, NOT_FOUND for an unknown service, Watch's first answer")
    func health() async throws {
        try await Self.withKey { client, _ in
            let result = try await client.run("health")
            #expect(result["overall"] as? String == "SERVING")
            #expect(result["inference"] as? String == "SERVING")
            #expect(result["unknown"] as? String == "NOT_FOUND")
            #expect(result["watch_first"] as? String == "SERVING")
        }
    }

    @Test("server reflection lists every service and serves the files, so stock tools need no proto files")
    func reflection() async throws {
        try await Self.withKey { client, _ in
            let result = try await client.run("reflection")
            let services = try #require(result["services"] as? [String])
            #expect(Set(services) == [
                "flint.v1.Admin", "flint.v1.Agents", "flint.v1.Documents", "flint.v1.Health", "flint.v1.Inference",
                "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
            ])
            #expect(result["complete_input"] as? String == "flint.v1.CompleteRequest")
            #expect(result["complete_output"] as? String == "flint.v1.CompleteResponse")
            #expect(result["health_file"] as? String == "flint/v1/health.proto")
        }
    }
}
