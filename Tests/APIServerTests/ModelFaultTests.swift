import FlintTestSupport
import Foundation
import ModelServices
import NIOCore
import Testing
import FlintAPI
import Wire

/// How the server answers when the model backend fails, and how it treats a client that
/// stops reading, with an in-process scripted backend.
@Suite("Model backend faults")
struct ModelFaultTests {
    static func request(maxTokens: UInt32 = 10) -> CompleteRequest {
        CompleteRequest(messages: [Message(role: .user, parts: [.text(TextPart(text: "hello"))])], maxTokens: maxTokens)
    }

    @Test("backend errors map to the right status", arguments: [
        (ModelServiceError.Code.badResponse, StatusCode.internalError),
        (.unavailable, .unavailable),
        (.deadlineExceeded, .deadlineExceeded),
        (.invalidRequest, .invalidArgument),
    ])
    func errorMapping(code: ModelServiceError.Code, expected: StatusCode) async throws {
        let backend = ScriptedModelBackend(.fail(ModelServiceError(code, "scripted failure at http://10.9.8.7:8000: malformed JSON at byte 3")))
        let logs = CapturedLogs()
        try await TestServer.with(configure: { $0.models = .custom(backend) }, logHandler: logs.handler) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            for method in ["/flint.v1.Inference/Complete", "/flint.v1.Inference/StreamComplete"] {
                let error = await #expect(throws: RPCError.self) {
                    _ = try await connection.call(method, request: Self.request(), options: CallOptions(apiKey: key)) { _ in }
                }
                #expect(error?.code == expected)
                #expect(error?.message.isEmpty == false)
                // The backend's text and address go to the log, not to the caller.
                #expect(error?.message.contains("scripted failure") == false)
                #expect(error?.message.contains("10.9.8.7") == false)
            }
            #expect(await server.isServing())
            #expect(logs.text.contains("scripted failure at http://10.9.8.7:8000"))
        }
    }

    /// Opens a StreamComplete for a fresh key on a connection that then reads nothing, and
    /// runs `body` while it stays open.
    static func withStoppedReader(_ server: TestServer, _ body: (RawConnection) async throws -> Void) async throws {
        let connection = try await server.connect()
        let key = try await AdminClient(connection: connection, key: try server.adminKey).issue(quota: Quota(tokensPerMinute: 10_000_000)).apiKey
        await connection.close()
        try await RawConnection.with(port: server.port, tls: server.clientTLS(), reading: false) { raw in
            try await raw.handshake()
            let headers = RequestHeaders(method: "/flint.v1.Inference/StreamComplete", authorization: "Bearer " + key)
            try await raw.send(
                Frame(type: .headers, streamID: 1, payload: ByteBuffer(bytes: headers.protobufBytes())),
                Frame(type: .message, flags: .endStream, streamID: 1, payload: ByteBuffer(bytes: request(maxTokens: 100_000).protobufBytes())))
            try await body(raw)
        }
    }

    @Test("a ClientConnection caller that stops taking events pauses the model stream: the client buffers nothing either")
    func slowClientCallerBackpressure() async throws {
        let backend = ScriptedModelBackend(.endless(count: 100_000))
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue(quota: Quota(tokensPerMinute: 10_000_000)).apiKey
            let (release, releaser) = AsyncStream.makeStream(of: Void.self)
            let call = Task {
                var first = true
                _ = try await connection.call("/flint.v1.Inference/StreamComplete", request: Self.request(maxTokens: 100_000), options: CallOptions(apiKey: key)) { _ in
                    // The caller takes one event, then stops until released.
                    guard first else { return }
                    first = false
                    for await _ in release { break }
                }
            }
            defer { call.cancel() }
            let stalled = try await steadyValue(of: { backend.pulledEvents }, within: .seconds(60))
            #expect(stalled < 10_000)
            releaser.finish()
        }
    }

    @Test("a client that stops reading mid-stream pauses the model stream instead of buffering it")
    func slowReaderBackpressure() async throws {
        let backend = ScriptedModelBackend(.endless(count: 100_000))
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            try await Self.withStoppedReader(server) { _ in
                // Read nothing. 100,000 events of 4 KB would be 400 MB; the server must stop pulling once
                // the socket buffers are full (a few MB). Wait (bounded) until the pulling stops.
                let stalled = try await steadyValue(of: { backend.pulledEvents }, within: .seconds(60))
                #expect(stalled < 10_000)
                try await Task.sleep(for: .seconds(1))
                #expect(backend.pulledEvents == stalled)
            }
            #expect(await server.isServing())
        }
    }
}
