import FlintAPI
import Testing

/// The embedded model over standard gRPC, from the stock Python stack (in the real-model
/// group: these are InferenceEndToEndTests).
extension InferenceEndToEndTests {
    @Test("a stock grpcio client completes a prompt on the embedded model, then reads a quota denial's retry delay")
    func grpcPythonOnTheEmbeddedModel() async throws {
        try await Self.withModel { server, _, key, admin in
            let client = GRPCPythonClient(server: server)
            let completed = try await client.run("complete", ["--key", key])
            #expect(completed["code"] as? String == "OK")
            #expect((completed["text"] as? String)?.isEmpty == false)
            #expect((completed["output_tokens"] as? Int ?? 0) > 0)

            let limited = try await admin.issue(scopes: ["inference"], quota: Quota(requestsPerMinute: 1, requestBurst: 1)).apiKey
            let denied = try await client.run("quota", ["--key", limited])
            #expect(denied["attempt"] as? Int == 2)
            #expect(denied["code"] as? String == "RESOURCE_EXHAUSTED")
            let details = try #require(denied["details"] as? [[String: Any]])
            let delay = details.first { $0["type"] as? String == "RetryInfo" }?["retry_delay_ms"] as? Int
            #expect((delay ?? 0) > 0)
        }
    }
}
