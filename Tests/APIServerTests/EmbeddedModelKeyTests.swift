import FlintTestSupport
import Foundation
import ModelServices
import Testing
import FlintAPI
import Wire

/// The embedded llama-server's per-start API key stays secret: no log line, at trace level
/// (which includes llama-server's own output), carries it. Part of the real-model group,
/// which runs on its own (scripts/test.sh).
extension InferenceEndToEndTests {
    @Test("the embedded model's API key: calls through Flint work with the child's key, and no log line carries it, across a restart")
    func keyNeverLogged() async throws {
        let logs = CapturedLogs()
        try await TestServer.with(configure: { $0.models = .embedded }, logHandler: logs.handler) { server in
            let model = try #require(server.embeddedModel)
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            try await Self.waitUntilReady(connection, key: key)
            let firstKey = try #require(model.currentEndpoint?.bearerToken)
            let first = try #require(model.processID)
            _ = try await connection.unary(
                "/flint.v1.Inference/Complete", request: InferenceEndToEndTests.request(maxTokens: 2), options: CallOptions(apiKey: key),
                responseType: CompleteResponse.self)
            kill(first, SIGKILL)
            _ = try await bounded(.seconds(10)) {
                while model.processID == first { try await Task.sleep(for: .milliseconds(20)) }
                return true
            }
            try await model.waitUntilReady(timeout: .seconds(180))
            try await Self.waitUntilReady(connection, key: key)
            let secondKey = try #require(model.currentEndpoint?.bearerToken)
            #expect(secondKey != firstKey)
            let text = logs.text
            #expect(text.contains("llama-server is ready"), "the capture saw the supervisor's lines")
            #expect(!text.contains(firstKey))
            #expect(!text.contains(secondKey))
        }
    }
}
