import APIServer
import Foundation
import ModelServices
import Testing
import NIOCore
import FlintAPI
import Wire

/// Inference through the real server, real TLS and the real model: llama-server with
/// Gemma 3 270M, installed by scripts/setup-model.sh. These fail (not skip) without it.
@Suite("Inference end to end with the embedded model", .serialized)
struct InferenceEndToEndTests {
    static let prompt = "The capital of France is"

    static func request(_ text: String = prompt, maxTokens: UInt32 = 8, model: String = "") -> CompleteRequest {
        CompleteRequest(model: model, messages: [Message(role: .user, parts: [.text(TextPart(text: text))])], maxTokens: maxTokens, temperature: 0)
    }

    /// A server on the embedded model, ready to answer, with an inference key.
    static func withModel<T: Sendable>(
        configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (TestServer, ClientConnection, String, AdminClient) async throws -> T
    ) async throws -> T {
        try await TestServer.with(configure: { $0.models = .embedded; configure(&$0) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            let key = try await admin.issue(scopes: ["inference"]).apiKey
            try await waitUntilReady(connection, key: key)
            return try await body(server, connection, key, admin)
        }
    }

    /// llama-server takes a few seconds to load; until then calls are UNAVAILABLE.
    static func waitUntilReady(_ connection: ClientConnection, key: String) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            do {
                _ = try await connection.unary("/flint.v1.Inference/CountTokens", request: CountTokensRequest(messages: [Message(role: .user, parts: [.text(TextPart(text: "hi"))])]),
                                               options: CallOptions(apiKey: key), responseType: CountTokensResponse.self)
                return
            } catch let error as RPCError where error.code == .unavailable && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    static func tools(_ request: CompleteRequest, serverTools: [String], choice: ToolChoice? = nil) -> CompleteRequest {
        var request = request
        request.serverTools = serverTools
        request.toolChoice = choice
        return request
    }

    static func stream(_ connection: ClientConnection, key: String, _ request: CompleteRequest) async throws -> [CompletionEvent] {
        var events: [CompletionEvent] = []
        _ = try await connection.call("/flint.v1.Inference/StreamComplete", request: request, options: CallOptions(apiKey: key)) { event in
            if case .message(let bytes) = event { events.append(try CompletionEvent(protobufBytes: bytes)) }
        }
        return events
    }

    @Test("a completion returns model text; streaming and unary agree on usage")
    func completeAndStream() async throws {
        try await Self.withModel { _, connection, key, _ in
            let unary = try await connection.unary("/flint.v1.Inference/Complete", request: Self.request(), options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            guard case .text(let text) = unary.message.content.first else {
                Issue.record("no text part")
                return
            }
            #expect(!text.text.trimmingCharacters(in: .whitespaces).isEmpty)
            #expect(unary.message.model == "gemma-3-270m")
            let usage = try #require(unary.message.usage)
            #expect(usage.inputTokens > 0 && usage.outputTokens > 0 && usage.outputTokens <= 8)
            #expect(unary.headers?.tokens != nil)

            let events = try await Self.stream(connection, key: key, Self.request())
            #expect(events.map(\.sequence) == Array(0..<UInt64(events.count)))
            let deltas = events.compactMap { event -> String? in
                if case .textDelta(let delta) = event.event { return delta.text }
                return nil
            }
            #expect(!deltas.isEmpty)
            guard case .stop(let stop) = events.last?.event else {
                Issue.record("the last event is not stop")
                return
            }
            #expect(stop.usage?.inputTokens == usage.inputTokens)
            #expect(stop.usage?.outputTokens == usage.outputTokens)
            #expect(deltas.joined() == text.text)
        }
    }

    @Test("CountTokens uses the model's tokenizer; ListModels names the model and its limits")
    func countAndList() async throws {
        try await Self.withModel { _, connection, key, _ in
            let count = try await connection.unary("/flint.v1.Inference/CountTokens",
                                                   request: CountTokensRequest(messages: Self.request().messages), options: CallOptions(apiKey: key), responseType: CountTokensResponse.self)
            #expect(count.message.inputTokens >= 5 && count.message.inputTokens <= 8)
            let models = try await connection.unary("/flint.v1.Inference/ListModels", request: ListModelsRequest(), options: CallOptions(apiKey: key), responseType: ListModelsResponse.self)
            #expect(models.message.models.map(\.name) == ["gemma-3-270m"])
            #expect(models.message.models.first?.contextLength ?? 0 > 0)
        }
    }

    @Test("cancelling a stream stops generation; only the tokens produced are billed, as partial")
    func cancelStopsGeneration() async throws {
        try await Self.withModel { _, connection, key, admin in
            let firstDelta = Counter()
            let call = Task {
                try await connection.call("/flint.v1.Inference/StreamComplete", request: Self.request("Once upon a time", maxTokens: 500),
                                          options: CallOptions(apiKey: key)) { event in
                    if case .message = event { firstDelta.increment() }
                }
            }
            try await firstDelta.wait(for: 2)
            call.cancel()
            _ = try? await call.value
            let started = ContinuousClock.now
            // The model is free again at once: a new call is not queued behind 500 tokens.
            _ = try await connection.unary("/flint.v1.Inference/Complete", request: Self.request(maxTokens: 4), options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            #expect(ContinuousClock.now - started < .seconds(20))
            try await Task.sleep(for: .milliseconds(1500))
            let rows = try await admin.usage(partner: "acme", groupBy: [.method]).rows
            let streamed = try #require(rows.first { $0.method == "/flint.v1.Inference/StreamComplete" })
            #expect(streamed.outputTokens > 0 && streamed.outputTokens < 500)
        }
    }

    @Test("bad requests are refused before the backend and before any tokens are reserved: unknown model, max_tokens above the model's, empty or oversized prompt, unknown tools")
    func badRequests() async throws {
        try await TestServer.with(configure: { $0.models = .embedded; $0.maxPromptBytes = 1000 }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            // A burst of 100 that refills 1 a minute: the counts below cannot move by refill during the test.
            let key = try await admin.issue(quota: Quota(requestsPerMinute: 1, requestBurst: 100, tokensPerMinute: 100_000)).apiKey
            try await Self.waitUntilReady(connection, key: key)
            let before = try await connection.unary("/flint.v1.Inference/Complete", request: Self.request(maxTokens: 4), options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            let cases: [(CompleteRequest, StatusCode)] = [
                (Self.request(model: "gpt-9"), .notFound),
                (Self.request(maxTokens: 513), .invalidArgument),
                (Self.request(maxTokens: 100_000), .invalidArgument),
                (Self.tools(Self.request(), serverTools: ["teleport"]), .invalidArgument),
                (Self.tools(Self.request(), serverTools: ["calculator"], choice: ToolChoice(mode: .tool, toolName: "clock")), .invalidArgument),
                (Self.request(""), .invalidArgument),
                (Self.request(String(repeating: "word ", count: 1000)), .invalidArgument),
            ]
            for (request, code) in cases {
                let error = await #expect(throws: RPCError.self) {
                    _ = try await connection.unary("/flint.v1.Inference/Complete", request: request, options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
                }
                #expect(error?.code == code)
            }
            // Each refused call cost its request (taken before its message is decoded) and
            // nothing more: the next call's count is the refused ones and itself below the last.
            let after = try await connection.unary("/flint.v1.Inference/Complete", request: Self.request(maxTokens: 4), options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            let remainingBefore = try #require(before.headers?.requests?.remaining)
            #expect(after.headers?.requests?.remaining == remainingBefore - UInt64(cases.count) - 1)
        }
    }

    @Test("invalid UTF-8 in a text part is INVALID_ARGUMENT")
    func invalidUTF8() async throws {
        try await Self.withModel { server, _, key, _ in
            try await RawConnection.with(port: server.port, tls: server.clientTLS()) { raw in
                try await raw.handshake()
                let headers = RequestHeaders(method: "/flint.v1.Inference/Complete", authorization: "Bearer " + key)
                // CompleteRequest { messages: [Message { parts: [ContentPart { text: TextPart { text: "\u{FF}" } }] }], max_tokens: 4 }
                let textPart: [UInt8] = [0x0A, 0x01, 0xFF]
                let contentPart: [UInt8] = [0x0A, UInt8(textPart.count)] + textPart
                let message: [UInt8] = [0x12, UInt8(contentPart.count)] + contentPart
                let request: [UInt8] = [0x1A, UInt8(message.count)] + message
                try await raw.send(
                    Frame(type: .headers, streamID: 1, payload: ByteBuffer(bytes: headers.protobufBytes())),
                    Frame(type: .message, flags: .endStream, streamID: 1, payload: ByteBuffer(bytes: request)))
                #expect(try await raw.status(of: 1)?.code == .invalidArgument)
            }
        }
    }

    @Test("the backend killed mid-stream: UNAVAILABLE within 2 s, partial usage billed, the backend restarted")
    func backendKilledMidStream() async throws {
        try await Self.withModel { server, connection, key, admin in
            let model = try #require(server.embeddedModel)
            let firstPID = try #require(model.processID)
            let deltas = Counter()
            let call = Task {
                try await connection.call("/flint.v1.Inference/StreamComplete", request: Self.request("Once upon a time", maxTokens: 500),
                                          options: CallOptions(apiKey: key)) { event in
                    if case .message = event { deltas.increment() }
                }
            }
            try await deltas.wait(for: 2)
            let killed = ContinuousClock.now
            kill(firstPID, SIGKILL)
            let error = await #expect(throws: RPCError.self) { _ = try await call.value }
            #expect(error?.code == .unavailable)
            #expect(ContinuousClock.now - killed < .seconds(2))
            try await Self.waitUntilReady(connection, key: key)
            #expect(model.processID != nil && model.processID != firstPID)
            try await Task.sleep(for: .milliseconds(1500))
            let rows = try await admin.usage(partner: "acme", groupBy: [.method]).rows
            let streamed = try #require(rows.first { $0.method == "/flint.v1.Inference/StreamComplete" })
            #expect(streamed.failedRequests == 1 && streamed.outputTokens > 0)
        }
    }
}
