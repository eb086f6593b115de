import APIServer
import FlintTestSupport
import Foundation
import Logging
import ModelServices
import NIOCore
import RateLimit
import ServiceLifecycle
import Synchronization
import Testing
import FlintAPI
import Wire

/// Clients that hold the server's resources without a key: every wait ends, connections
/// are capped. Each of these held the server forever (or without bound) before its fix.
@Suite("Holding clients")
struct HoldingTests {
    @Test("HEADERS without their MESSAGE end with DEADLINE_EXCEEDED at the request timeout, and the idle connection closes")
    func headersWithoutMessage() async throws {
        try await TestServer.with(configure: {
            $0.requestTimeout = .milliseconds(300); $0.idleTimeout = .milliseconds(600)
        }) { server in
            try await BadInputTests.withRaw(server) { connection in
                try await connection.send(BadInputTests.headers(1))
                let status = try await bounded(.seconds(20)) { try await connection.status(of: 1) }
                #expect(status?.code == .deadlineExceeded)
                #expect(status?.message.contains("request message did not arrive") == true)
                #expect(try await bounded(.seconds(20)) { try await connection.goAway() }?.reason == "idle timeout")
            }
            #expect(await server.isServing())
        }
    }

    @Test("a connection that only sends PINGs is closed at the idle timeout")
    func pingOnly() async throws {
        try await TestServer.with(configure: { $0.idleTimeout = .milliseconds(500) }) { server in
            try await BadInputTests.withRaw(server) { connection in
                let pinger = Task {
                    while !Task.isCancelled {
                        try await connection.send(Frame(type: .ping, streamID: 0, payload: ByteBuffer(bytes: [1, 2, 3, 4, 5, 6, 7, 8])))
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                let goAway = try await bounded(.seconds(10)) { try await connection.goAway() }
                pinger.cancel()
                #expect(goAway?.reason == "idle timeout")
            }
        }
    }

    @Test("a call with no client deadline ends at its method's maximum duration")
    func serverMaximumDuration() async throws {
        let cancelled = Counter()
        try await TestServer.with(extraMethods: { TestMethods.register(in: &$0, cancelled: cancelled, maxDuration: .milliseconds(200)) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let error = await #expect(throws: RPCError.self) {
                _ = try await bounded(.seconds(20)) {
                    try await connection.unary(TestMethods.sleepPath, request: HealthCheckRequest(service: "60000"), responseType: HealthCheckResponse.self)
                }
            }
            #expect(error?.code == .deadlineExceeded)
            #expect(error?.message.contains("server's limit") == true)
            try await cancelled.wait(for: 1)
            #expect(cancelled.count == 1)
        }
    }

    @Test("connections over the per-address cap are closed before the handshake; a closed one frees its place")
    func perAddressCap() async throws {
        try await TestServer.with(configure: { $0.maxConnectionsPerAddress = 2 }) { server in
            let first = try await server.connect()
            let second = try await server.connect()
            #expect(await server.isServing(on: first))
            await #expect(throws: (any Error).self) {
                let third = try await server.connect()
                await third.close()
            }
            await first.close()
            // The place frees once the server has seen the close.
            var reconnected: ClientConnection?
            for _ in 0..<100 where reconnected == nil {
                reconnected = try? await server.connect()
                if reconnected == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            let again = try #require(reconnected)
            #expect(await server.isServing(on: again))
            await again.close()
            await second.close()
        }
    }

    @Test("the global cap holds for every address")
    func globalCap() async throws {
        try await TestServer.with(configure: { $0.maxConnections = 1 }) { server in
            let only = try await server.connect()
            await #expect(throws: (any Error).self) {
                let extra = try await server.connect()
                await extra.close()
            }
            await only.close()
        }
    }

    @Test("apiclient exits quietly when its reader goes away (complete --json | head -1)")
    func closedStdout() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedText(isDefault: true)], turns: [.text(Array(repeating: "word ", count: 20_000))])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            await connection.close()
            let process = Process()
            process.executableURL = Executables.url("apiclient")
            process.arguments = ["complete", "--prompt", "go", "--json", "--max-tokens", "0", "--endpoint", "127.0.0.1:\(server.port)", "--key", key]
            process.environment = ProcessInfo.processInfo.environment.merging(CLI.clearedEnvironment.merging(["FLINT_DATA_DIR": server.dataDirectory]) { $1 }) {
                $1
            }
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Read one line, then go away like `head -1`.
            _ = out.fileHandleForReading.availableData
            try out.fileHandleForReading.close()
            let stderr = try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    continuation.resume(returning: text)
                }
            }
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0, "stderr: \(stderr)")
            #expect(!stderr.contains("Fatal error"))
        }
    }
}

/// Requests larger than their method takes are refused before they are decoded.
@Suite("Request size caps")
struct RequestSizeTests {
    @Test("Health/Check takes at most 1 KiB: 16 MESSAGEs of 4 MiB of unknown fields are each refused, and the server goes on")
    func oversizedHealthRequests() async throws {
        try await TestServer.with { server in
            try await BadInputTests.withRaw(server) { connection in
                // Field 15, length-delimited, ~4 MiB: an unknown field of HealthCheckRequest.
                let length = (4 << 20) - 16
                var payload: [UInt8] = [0x7A]
                var remaining = length
                while remaining >= 0x80 {
                    payload.append(UInt8(remaining & 0x7F) | 0x80)
                    remaining >>= 7
                }
                payload.append(UInt8(remaining))
                payload += [UInt8](repeating: 0x41, count: length)
                // Big writes wait for the TLS handshake, whose end the server's SETTINGS marks.
                _ = try await bounded(.seconds(30)) { try await connection.waitFor { $0.type == .settings } }
                for stream in stride(from: UInt32(1), through: 31, by: 2) {
                    try await connection.send(
                        BadInputTests.headers(stream),
                        Frame(type: .message, flags: .endStream, streamID: stream, payload: ByteBuffer(bytes: payload)))
                    let status = try await bounded(.seconds(30)) { try await connection.status(of: stream) }
                    #expect(status?.code == .resourceExhausted)
                    #expect(status?.details.contains(.errorInfo(ErrorInfo(reason: "REQUEST_TOO_LARGE"))) == true)
                }
            }
            #expect(await server.isServing())
        }
    }

    @Test("a completion request whose decoding would explode is RESOURCE_EXHAUSTED, before any quota or model")
    func explodingDecode() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedText(isDefault: true)], turns: [])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            try await BadInputTests.withRaw(server) { raw in
                _ = try await bounded(.seconds(30)) { try await raw.waitFor { $0.type == .settings } }
                let headers = RequestHeaders(method: "/flint.v1.Inference/Complete", authorization: "Bearer " + key)
                try await raw.send(
                    Frame(type: .headers, streamID: 1, payload: ByteBuffer(bytes: headers.protobufBytes())),
                    Frame(type: .message, flags: .endStream, streamID: 1, payload: ByteBuffer(bytes: DecodeBudget.manyEmptyMessages(200_000))))
                let status = try await bounded(.seconds(30)) { try await raw.status(of: 1) }
                #expect(status?.code == .resourceExhausted)
                #expect(status?.message.contains("memory budget") == true)
            }
            #expect(backend.requests.isEmpty)
            #expect(await server.isServing())
        }
    }
}

enum DecodeBudget {
    /// A CompleteRequest of `count` empty messages: 2 bytes each on the wire.
    static func manyEmptyMessages(_ count: Int) -> [UInt8] {
        Array([[UInt8]](repeating: [0x1A, 0x00], count: count).joined())
    }
}

/// Bad keys from one address are throttled before they reach the key store.
@Suite("Failed authentication throttle")
struct FailedAuthThrottleTests {
    @Test("after its burst of failed keys, an address gets RESOURCE_EXHAUSTED with the delay, valid key or not")
    func throttled() async throws {
        try await TestServer.with(
            configure: { $0.failedAuthLimit = BucketLimit(perMinute: 1, burst: 3) }, extraMethods: TestMethods.registerInference
        ) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let valid = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            let bad = "flint_000000000000_" + String(repeating: "a", count: 33)
            for _ in 0..<3 {
                let error = await #expect(throws: RPCError.self) {
                    _ = try await connection.unary(
                        TestMethods.inferencePath, request: HealthCheckRequest(), options: CallOptions(apiKey: bad), responseType: HealthCheckResponse.self)
                }
                #expect(error?.code == .unauthenticated)
            }
            for key in [bad, valid] {
                let error = await #expect(throws: RPCError.self) {
                    _ = try await connection.unary(
                        TestMethods.inferencePath, request: HealthCheckRequest(), options: CallOptions(apiKey: key), responseType: HealthCheckResponse.self)
                }
                #expect(error?.code == .resourceExhausted)
                #expect((error?.retryAfterMs ?? 0) > 0)
                #expect(error?.details == [.errorInfo(ErrorInfo(reason: "AUTH_FAILURES_THROTTLED"))])
            }
            // Calls that need no key go on.
            #expect(await server.isServing())
        }
    }
}

/// Shutdown ends, whatever the clients do.
@Suite("Shutdown with a stuck client")
struct StuckShutdownTests {
    /// A service that does not take part in graceful shutdown: it ends only when cancelled.
    struct Stubborn: Service {
        func run() async throws {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
        }
    }

    @Test("shutdown ends at its maximum even when a service ignores it, and the state is saved")
    func shutdownHasAMaximum() async throws {
        let directory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: directory, models: .disabled)
        configuration.drainTimeout = .milliseconds(200)
        configuration.closingTimeout = .milliseconds(300)
        #expect(configuration.maximumShutdownDuration == .milliseconds(500))
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let application = try await ServerAssembly.start(configuration: configuration, logger: logger)
        let group = application.serviceGroup(adding: [Stubborn()], logger: logger)
        try await bounded(.seconds(30)) {
            async let running: Void = group.run()
            try await Task.sleep(for: .milliseconds(100))
            await group.triggerGracefulShutdown()
            _ = try? await running
        }
        #expect(FileManager.default.fileExists(atPath: directory + "/ratelimit.json"))
    }

    @Test("a client that stops reading is closed at the write timeout and its call cancelled")
    func stoppedReaderIsClosedAtTheWriteTimeout() async throws {
        let backend = ScriptedModelBackend(.endless(count: 1_000_000))
        try await TestServer.with(configure: {
            $0.models = .custom(backend); $0.writeTimeout = .seconds(1)
        }) { server in
            try await ModelFaultTests.withStoppedReader(server) { _ in
                // The socket buffers fill, the writes stop, and within the write timeout (plus
                // the watchdog's one-interval slack) the server lets the call go.
                try await bounded(.seconds(30)) {
                    while backend.releasedStreams == 0 { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(backend.releasedStreams == 1)
            }
        }
    }

    @Test("graceful shutdown ends at the drain deadline while a client that stopped reading holds a stream")
    func stuckClientCannotHoldShutdown() async throws {
        let backend = ScriptedModelBackend(.endless(count: 1_000_000))
        let holder = Mutex<Task<Void, any Error>?>(nil)
        defer { holder.withLock { $0?.cancel() } }
        let started = ContinuousClock.now
        try await bounded(.seconds(30)) {
            try await TestServer.with(configure: {
                $0.models = .custom(backend); $0.drainTimeout = .seconds(1)
            }) { server in
                let connection = try await server.connect()
                let key = try await AdminClient(connection: connection, key: try server.adminKey).issue(quota: Quota(tokensPerMinute: 10_000_000)).apiKey
                await connection.close()
                let tls = server.clientTLS()
                let port = server.port
                // The client stays connected, reading nothing, through the whole shutdown.
                holder.withLock {
                    $0 = Task {
                        try await RawConnection.with(port: port, tls: tls, reading: false) { raw in
                            try await raw.handshake()
                            let headers = RequestHeaders(method: "/flint.v1.Inference/StreamComplete", authorization: "Bearer " + key)
                            let request = ModelFaultTests.request(maxTokens: 100_000)
                            try await raw.send(
                                Frame(type: .headers, streamID: 1, payload: ByteBuffer(bytes: headers.protobufBytes())),
                                Frame(type: .message, flags: .endStream, streamID: 1, payload: ByteBuffer(bytes: request.protobufBytes())))
                            try await Task.sleep(for: .seconds(120))
                        }
                    }
                }
                // Let the socket buffers fill until the stream is stuck on its writes.
                var pulled = -1
                while backend.pulledEvents != pulled {
                    pulled = backend.pulledEvents
                    try await Task.sleep(for: .milliseconds(300))
                }
            }
        }
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
