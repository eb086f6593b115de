import FlintTestSupport
import APIServer
import Foundation
import NIOCore
import Testing
import FlintAPI
import Wire
import ServiceLifecycle
import Logging

@Suite("Server end to end over TLS")
struct ServerEndToEndTests {
    @Test("Health.Check answers SERVING with the server version")
    func healthCheck() async throws {
        try await TestServer.with { server in
            let client = try await server.connect()
            defer { Task { await client.close() } }
            let response = try await client.unary("/flint.v1.Health/Check", request: HealthCheckRequest(), responseType: HealthCheckResponse.self)
            #expect(response.message.status == .serving)
            #expect(response.message.serverVersion == FlintVersion.server)
            #expect(response.headers?.requestID.hasPrefix("req_") == true)
            #expect(client.serverSettings.maxFrameSize == ConnectionLimits().maxFrameSize)
        }
    }

    @Test("the client's request id is echoed in headers and status")
    func requestIDEcho() async throws {
        try await TestServer.with { server in
            let client = try await server.connect()
            defer { Task { await client.close() } }
            let response = try await client.unary(
                "/flint.v1.Health/Check", request: HealthCheckRequest(),
                options: CallOptions(requestID: "my-request-1"), responseType: HealthCheckResponse.self)
            #expect(response.headers?.requestID == "my-request-1")
            #expect(response.status.requestID == "my-request-1")
        }
    }

    @Test("an unknown service is SERVICE_UNKNOWN; an unknown method is UNIMPLEMENTED")
    func unknownMethod() async throws {
        try await TestServer.with { server in
            let client = try await server.connect()
            defer { Task { await client.close() } }
            let unknown = try await client.unary("/flint.v1.Health/Check", request: HealthCheckRequest(service: "nope"), responseType: HealthCheckResponse.self)
            #expect(unknown.message.status == .serviceUnknown)
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.unary("/flint.v1.Nope/Nothing", request: HealthCheckRequest(), responseType: HealthCheckResponse.self)
            }
            #expect(error?.code == .unimplemented)
        }
    }

    @Test("many calls at once share one connection")
    func concurrentCalls() async throws {
        try await TestServer.with { server in
            let client = try await server.connect()
            defer { Task { await client.close() } }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let response = try await client.unary("/flint.v1.Health/Check", request: HealthCheckRequest(), responseType: HealthCheckResponse.self)
                        #expect(response.message.status == .serving)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("a call past its deadline ends with DEADLINE_EXCEEDED and its work is cancelled")
    func deadline() async throws {
        let cancelled = Counter()
        let started = Counter()
        try await TestServer.with(extraMethods: { TestMethods.register(in: &$0, cancelled: cancelled, started: started) }) { server in
            let client = try await server.connect()
            defer { Task { await client.close() } }
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.unary(TestMethods.sleepPath, request: HealthCheckRequest(service: "10000"),
                                           options: CallOptions(timeout: .milliseconds(300)), responseType: HealthCheckResponse.self)
            }
            #expect(error?.code == .deadlineExceeded)
            #expect(started.count == 1)
            #expect(cancelled.count == 1)
        }
    }

    @Test("an oversized request id is INVALID_ARGUMENT")
    func badRequestID() async throws {
        try await TestServer.with { server in
            let client = try await server.connect()
            defer { Task { await client.close() } }
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.unary("/flint.v1.Health/Check", request: HealthCheckRequest(),
                                           options: CallOptions(requestID: String(repeating: "x", count: 1000)), responseType: HealthCheckResponse.self)
            }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test("graceful shutdown lets a running call finish and refuses new ones")
    func gracefulShutdown() async throws {
        let cancelled = Counter()
        let started = Counter()
        let dataDirectory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: dataDirectory, drainTimeout: .seconds(10), models: .disabled)
        let application = try await ServerAssembly.start(configuration: configuration, logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() }) {
            TestMethods.register(in: &$0, cancelled: cancelled, started: started)
        }
        let group = ServiceGroup(services: application.services, logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let running = Task { try await group.run() }
        let testServer = TestServer(port: application.server.localAddress.port!, dataDirectory: dataDirectory)
        let client = try await testServer.connect()
        let slowCall = Task {
            try await client.unary(TestMethods.sleepPath, request: HealthCheckRequest(service: "1000"), responseType: HealthCheckResponse.self)
        }
        try await started.wait(for: 1)
        await group.triggerGracefulShutdown()
        // New calls are refused once the server drains (at the latest when GOAWAY arrives).
        var refusal: RPCError?
        for _ in 0..<200 where refusal == nil {
            do {
                _ = try await client.unary("/flint.v1.Health/Check", request: HealthCheckRequest(), responseType: HealthCheckResponse.self)
                try await Task.sleep(for: .milliseconds(10))
            } catch let error as RPCError {
                refusal = error
            }
        }
        #expect(refusal?.code == .unavailable)
        let finished = try await slowCall.value
        #expect(finished.message.status == .serving)
        try await running.value
        #expect(cancelled.count == 0)
        #expect(await testServer.isServing() == false)
    }

    /// Starts a server whose one method holds its call until cancelled and then takes
    /// `stoppingMs` more, holds one call, shuts the server down (drain timeout 200 ms), and
    /// returns how many calls had ended when the server stopped.
    private static func callsEndedAtStop(stoppingMs: Int, closingTimeout: Duration) async throws -> Int {
        let started = Counter()
        let ended = Counter()
        let dataDirectory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, dataDirectory: dataDirectory, drainTimeout: .milliseconds(200), models: .disabled)
        configuration.closingTimeout = closingTimeout
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let application = try await ServerAssembly.start(configuration: configuration, logger: logger) {
            TestMethods.registerSlowToStop(in: &$0, started: started, ended: ended, stoppingMs: stoppingMs)
        }
        // A plain group, without the server's shutdown maximum: only the connection's own
        // bound ends its wait.
        let group = ServiceGroup(services: application.services, logger: logger)
        let running = Task { try await group.run() }
        let client = try await TestServer(port: application.server.localAddress.port!, dataDirectory: dataDirectory).connect()
        let held = Task {
            try await client.unary(TestMethods.slowToStop.path, request: HealthCheckRequest(), responseType: HealthCheckResponse.self)
        }
        defer { held.cancel() }
        try await started.wait(for: 1)
        await group.triggerGracefulShutdown()
        try await bounded(.seconds(30)) { try await running.value }
        return ended.count
    }

    @Test("a connection closed at the drain deadline waits for its cancelled calls to end before the server stops")
    func forcedCloseWaitsForItsCalls() async throws {
        // The call was cancelled at the drain deadline and took a second more to end; the
        // server stopped only after it had (so its quota and usage were settled first).
        #expect(try await Self.callsEndedAtStop(stoppingMs: 1_000, closingTimeout: .seconds(10)) == 1)
    }

    @Test("a call that ignores its cancellation holds its closing connection for the closing timeout at most")
    func waitingForCallsIsBounded() async throws {
        // bounded(30 s) inside: the server stopped, at the 300 ms closing timeout, with the
        // call (60 s to stop) still running.
        #expect(try await Self.callsEndedAtStop(stoppingMs: 60_000, closingTimeout: .milliseconds(300)) == 0)
    }
}
