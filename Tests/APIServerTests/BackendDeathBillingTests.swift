import FlintTestSupport
import Foundation
import ModelServices
import Synchronization
import Testing
import FlintAPI
import Wire

/// A backend that dies after k chunks: the caller gets those chunks' text, then UNAVAILABLE,
/// and the call is billed once, for what was delivered.
@Suite("A backend dying mid-stream")
struct BackendDeathBillingTests {
    /// Streams `chunks` deltas of "tok", then fails as a backend that died does.
    struct DyingBackend: ModelBackend {
        let chunks: Int

        var models: [ModelDescriptor] {
            [ModelDescriptor(name: "dying", contextLength: 4096, maxOutputTokens: 512, capabilities: ModelCapabilities(), isDefault: true)]
        }

        func complete(_ request: ModelRequest, deadline: ContinuousClock.Instant?) async throws -> ModelResult {
            throw ModelServiceError(.unavailable, "the backend closed the stream before it finished")
        }

        func stream(_ request: ModelRequest, deadline: ContinuousClock.Instant?) -> AsyncThrowingStream<ModelEvent, any Error> {
            let (stream, continuation) = AsyncThrowingStream.makeStream(of: ModelEvent.self, throwing: (any Error).self)
            for index in 1...chunks {
                continuation.yield(.textDelta("tok", usageSoFar: ModelUsage(promptTokens: 6, completionTokens: index)))
            }
            continuation.finish(
                throwing: ModelServiceError(
                    .unavailable, "the backend closed the stream before it finished", partialUsage: ModelUsage(promptTokens: 6, completionTokens: chunks)))
            return stream
        }

        func countTokens(_ text: String, model: String?) async throws -> Int { text.utf8.count }

        func health(model: String?) async -> Bool { true }
    }

    @Test("k chunks, then UNAVAILABLE; one usage row with the k delivered tokens")
    func deliveredChunksThenUnavailableBilledOnce() async throws {
        let chunks = 3
        try await TestServer.with(configure: { $0.models = .custom(DyingBackend(chunks: chunks)) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            let key = try await admin.issue().apiKey
            let delivered = Mutex("")
            let request = CompleteRequest(messages: [Message(role: .user, parts: [.text(TextPart(text: "hello"))])], maxTokens: 50)
            let error = await #expect(throws: RPCError.self) {
                _ = try await connection.call("/flint.v1.Inference/StreamComplete", request: request, options: CallOptions(apiKey: key)) { event in
                    guard case .message(let bytes) = event else { return }
                    if case .textDelta(let delta) = try CompletionEvent(protobufBytes: bytes).event {
                        delivered.withLock { $0 += delta.text }
                    }
                }
            }
            #expect(error?.code == .unavailable)
            #expect(delivered.withLock { $0 } == String(repeating: "tok", count: chunks))

            let row = try await bounded(.seconds(10)) {
                while true {
                    let rows = try await admin.usage(partner: "acme", groupBy: [.method]).rows
                    if let row = rows.first(where: { $0.method == "/flint.v1.Inference/StreamComplete" }) { return row }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(row.requests == 1)
            #expect(row.failedRequests == 1)
            #expect(row.outputTokens == UInt64(chunks))
        }
    }
}
