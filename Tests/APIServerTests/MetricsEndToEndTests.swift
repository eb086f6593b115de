import APIServer
import FlintAPI
import FlintTestSupport
import Foundation
import Logging
import ModelServices
import NIOCore
import Synchronization
import Testing
import Wire

/// The metrics listener and JSON logs through the real server: known traffic over real TLS,
/// then `/metrics` read over a plain TCP socket and its counts checked exactly.
@Suite("Metrics and logs end to end")
struct MetricsEndToEndTests {
    static let listModels = Methods.Inference.listModels.path
    static let streamComplete = Methods.Inference.streamComplete.path

    static func prompt() -> CompleteRequest {
        CompleteRequest(messages: [Message(role: .user, parts: [.text(TextPart(text: "Say hello"))])], maxTokens: 20, temperature: 0)
    }

    /// A server on a scripted model with a metrics listener on 127.0.0.1:0 and usage kept in
    /// memory (so the ledger's queue depth is exact).
    static func withServer<T: Sendable>(
        partnerLabels: Bool = false, logHandler: (@Sendable (String) -> any LogHandler)? = nil,
        _ body: (TestServer, ClientConnection, AdminClient) async throws -> T
    ) async throws -> T {
        let backend = ScriptedTurnBackend(models: [.scriptedText(name: "scripted", isDefault: true)], turns: [.text(["Hel", "lo", "!"])])
        return try await TestServer.with(
            configure: {
                $0.models = .custom(backend)
                $0.metricsListener = MetricsListener(host: "127.0.0.1", port: 0, partnerLabels: partnerLabels)
                $0.usageFlushInterval = .seconds(3600)
            }, logHandler: logHandler
        ) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            return try await body(server, connection, AdminClient(connection: connection, key: try server.adminKey))
        }
    }

    /// The status a call ends with.
    static func status(_ call: () async throws -> Void) async -> StatusCode {
        await AdminAuthorityEndToEndTests.code(call) ?? .ok
    }

    @Test("after known traffic, /metrics counts every call by method, protocol and code, the quota denial, the tokens and the stream's first token")
    func countsOfKnownTraffic() async throws {
        try await Self.withServer { server, connection, admin in
            let key = try await admin.issue().apiKey
            let limited = try await admin.issue(quota: Quota(requestsPerMinute: 1, requestBurst: 1)).apiKey
            for _ in 0..<2 { #expect(await server.isServing(on: connection)) }
            let listModels = { (key: String) in
                await Self.status { _ = try await connection.unary(Self.listModels, request: ListModelsRequest(), options: CallOptions(apiKey: key), responseType: ListModelsResponse.self) }
            }
            #expect(await listModels("flint_notakey") == .unauthenticated)
            #expect(await listModels(limited) == .ok)
            #expect(await listModels(limited) == .resourceExhausted)
            var events = 0
            _ = try await connection.call(Self.streamComplete, request: Self.prompt(), options: CallOptions(apiKey: key)) { event in
                if case .message = event { events += 1 }
            }
            #expect(events == 5)  // three deltas, usage, stop
            let unknown = await Self.status { _ = try await connection.unary("/flint.v1.Nothing/Here", request: HealthCheckRequest(), responseType: HealthCheckResponse.self) }
            #expect(unknown == .unimplemented)

            let response = try await PlainHTTP.get(port: try #require(server.metricsPort), "/metrics")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            let metrics = try PrometheusText(response.body)
            func calls(_ method: String, _ code: String) -> Double? {
                metrics.value("flint_rpc_calls_total", ["method": method, "protocol": "flint/1", "code": code])
            }
            #expect(calls(Methods.Health.check.path, "OK") == 2)
            #expect(calls(Methods.Admin.issueKey.path, "OK") == 2)
            #expect(calls(Self.listModels, "UNAUTHENTICATED") == 1)
            #expect(calls(Self.listModels, "OK") == 1)
            #expect(calls(Self.listModels, "RESOURCE_EXHAUSTED") == 1)
            #expect(calls(Self.streamComplete, "OK") == 1)
            #expect(calls("unknown", "UNIMPLEMENTED") == 1)
            #expect(metrics.all("flint_rpc_calls_total").map(\.value).reduce(0, +) == 9)
            #expect(metrics.types["flint_rpc_calls_total"] == "counter")

            #expect(metrics.value("flint_rpc_duration_seconds_count", ["method": Self.listModels]) == 3)
            #expect(metrics.value("flint_rpc_duration_seconds_bucket", ["method": Self.listModels, "le": "+Inf"]) == 3)
            #expect(metrics.types["flint_rpc_duration_seconds"] == "histogram")
            #expect(metrics.value("flint_time_to_first_token_seconds_count", ["method": Self.streamComplete]) == 1)
            #expect(metrics.all("flint_time_to_first_token_seconds_count").count == 1)

            #expect(metrics.value("flint_quota_denials_total", ["limit": "requests_per_minute", "scope": "key"]) == 1)
            #expect(metrics.all("flint_quota_denials_total").count == 1)
            #expect(metrics.value("flint_model_tokens_total", ["model": "scripted", "direction": "input"]) == Double(ScriptedTurnBackend.promptTokens))
            #expect(metrics.value("flint_model_tokens_total", ["model": "scripted", "direction": "output"]) == 3)

            #expect(metrics.value("flint_open_connections") == 1)
            #expect(metrics.value("flint_open_streams") == 0)
            // Keyed calls that reached admission: 2 IssueKey, 2 ListModels, 1 StreamComplete.
            #expect(metrics.value("flint_ledger_queue_depth") == 5)
            #expect(metrics.all("flint_partner_calls_total").isEmpty && metrics.all("flint_partner_tokens_total").isEmpty)

            // Bounded labels: no key, partner or request id anywhere.
            let labelNames = Set(metrics.samples.flatMap(\.labels.keys))
            #expect(labelNames.isSubset(of: ["method", "protocol", "code", "le", "limit", "scope", "model", "direction", "backend", "outcome"]))
            for secret in [key, limited, try server.adminKey, "acme", "req_"] { #expect(!response.body.contains(secret)) }
        }
    }

    @Test("with partner labels on, keyed calls and their tokens are also counted by partner")
    func partnerLabels() async throws {
        try await Self.withServer(partnerLabels: true) { server, connection, admin in
            let key = try await admin.issue(partner: "globex").apiKey
            _ = try await connection.unary(Self.listModels, request: ListModelsRequest(), options: CallOptions(apiKey: key), responseType: ListModelsResponse.self)
            _ = try await connection.call(Self.streamComplete, request: Self.prompt(), options: CallOptions(apiKey: key)) { _ in }
            let metrics = try PrometheusText(try await PlainHTTP.get(port: try #require(server.metricsPort), "/metrics").body)
            #expect(metrics.value("flint_partner_calls_total", ["partner": "globex", "code": "OK"]) == 2)
            #expect(metrics.value("flint_partner_tokens_total", ["partner": "globex", "direction": "input"]) == Double(ScriptedTurnBackend.promptTokens))
            #expect(metrics.value("flint_partner_tokens_total", ["partner": "globex", "direction": "output"]) == 3)
            #expect(metrics.all("flint_rpc_calls_total").allSatisfy { $0.labels["partner"] == nil })
        }
    }

    @Test("the metrics listener answers 404 off /metrics, 405 for POST, and closes a request larger than its bound")
    func listenerBounds() async throws {
        try await Self.withServer { server, _, _ in
            let port = try #require(server.metricsPort)
            #expect(try await PlainHTTP.get(port: port, "/").status == 404)
            #expect(try await PlainHTTP.get(port: port, "/metrics/extra").status == 404)
            let post = try await PlainHTTP.get(port: port, "/metrics", method: "POST")
            #expect(post.status == 405)
            #expect(post.headers["allow"] == "GET, HEAD")
            let head = try await PlainHTTP.get(port: port, "/metrics", method: "HEAD")
            #expect(head.status == 200 && head.body.isEmpty)
            let huge = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: \(String(repeating: "a", count: 16 << 10))\r\n\r\n"
            // Closed unanswered: the client sees the end of the stream, or a reset when the
            // server closed with the rest of the request unread.
            do {
                #expect(try await PlainHTTP.exchange(port: port, huge).isEmpty)
            } catch let error as IOError {
                #expect(error.errnoCode == ECONNRESET)
            }
            #expect(try await PlainHTTP.get(port: port, "/metrics").status == 200)
        }
    }

    @Test("in JSON logs every line written during a call carries its request id, and no key appears")
    func jsonLogsCarryTheRequestID() async throws {
        let output = LogLines()
        let handler: @Sendable (String) -> any LogHandler = { label in
            var handler = JSONLogHandler(label: label, metadataProvider: CallLogMetadata.provider, output: JSONLogOutput { output.append($0) })
            handler.logLevel = .trace
            return handler
        }
        let (key, adminKey) = try await Self.withServer(logHandler: handler) { server, connection, admin in
            let key = try await admin.issue().apiKey
            _ = try await connection.unary(Self.listModels, request: ListModelsRequest(), options: CallOptions(apiKey: key, requestID: "req-known-1"), responseType: ListModelsResponse.self)
            let refused = await Self.status {
                _ = try await connection.unary(
                    Self.listModels, request: ListModelsRequest(), options: CallOptions(apiKey: key + "x", requestID: "req-known-2"), responseType: ListModelsResponse.self)
            }
            #expect(refused == .unauthenticated)
            return (key, try server.adminKey)
        }
        let lines = try output.all.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(!lines.isEmpty)
        for line in lines { #expect(Set(line.keys) == ["timestamp", "level", "label", "message", "metadata"]) }
        func requestIDs(of message: String) -> [String?] {
            lines.filter { $0["message"] as? String == message }.map { ($0["metadata"] as? [String: Any])?["request.id"] as? String }
        }
        // The authenticator's lines come from a logger that never saw the call.
        #expect(requestIDs(of: "Authenticated").contains("req-known-1"))
        #expect(requestIDs(of: "Rejected key") + requestIDs(of: "Rejected authorization") == ["req-known-2"])
        #expect(!requestIDs(of: "call finished").isEmpty)
        #expect(!requestIDs(of: "call finished").contains(nil))
        #expect(requestIDs(of: "listening") == [nil])
        let text = output.all.joined()
        for secret in [key, key + "x", adminKey] { #expect(!text.contains(secret)) }
        #expect(!text.contains(String(key.suffix(20))))
    }
}

/// Log lines as a JSON handler wrote them.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }
}
