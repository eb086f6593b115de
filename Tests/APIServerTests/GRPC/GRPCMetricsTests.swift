import FlintAPI
import FlintTestSupport
import Testing

/// gRPC calls in the operators' metrics: counted with protocol "grpc", beside flint/1's.
@Suite("gRPC in the metrics")
struct GRPCMetricsTests {
    @Test("a stock grpcio Complete and an unauthenticated call are counted with protocol grpc, apart from flint/1's")
    func callsByProtocol() async throws {
        try await MetricsEndToEndTests.withServer { server, _, admin in
            let key = try await admin.issue().apiKey
            let python = GRPCPythonClient(server: server)
            #expect(try await python.run("complete", ["--key", key])["code"] as? String == "OK")
            #expect(try await python.run("call-error", [])["code"] as? String == "UNAUTHENTICATED")

            let response = try await PlainHTTP.get(port: try #require(server.metricsPort), "/metrics")
            let metrics = try PrometheusText(response.body)
            let complete = Methods.Inference.complete.path
            #expect(metrics.value("flint_rpc_calls_total", ["method": complete, "protocol": "grpc", "code": "OK"]) == 1)
            #expect(metrics.value("flint_rpc_calls_total", ["method": complete, "protocol": "grpc", "code": "UNAUTHENTICATED"]) == 1)
            #expect(metrics.value("flint_rpc_calls_total", ["method": complete, "protocol": "flint/1", "code": "OK"]) == nil)
            #expect(metrics.value("flint_rpc_calls_total", ["method": Methods.Admin.issueKey.path, "protocol": "flint/1", "code": "OK"]) == 1)
            #expect(metrics.value("flint_open_streams") == 0)
        }
    }
}
