import FlintTestSupport
import APIServer
import Foundation
import Logging
import ModelServices
import NIOCore
import ServiceLifecycle
import FlintAPI
import Wire

/// A real Flint server on 127.0.0.1:0 with a fresh data directory, for one test.
struct TestServer: Sendable {
    let port: Int
    let dataDirectory: String
    /// The supervised llama-server, when the server runs the embedded model.
    var embeddedModel: EmbeddedLlamaServer? = nil
    /// The metrics listener's port, when the configuration asks for one.
    var metricsPort: Int? = nil
    var caPath: String { dataDirectory + "/tls/ca.pem" }

    /// The admin key the first start wrote.
    var adminKey: String {
        get throws { try String(contentsOfFile: dataDirectory + "/admin.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Starts a server, runs `body`, and shuts the server down on every path.
    static func with<T: Sendable>(
        configure: (inout ServerConfiguration) -> Void = { _ in },
        logHandler: (@Sendable (String) -> any LogHandler)? = nil,
        extraMethods: (inout Router) -> Void = { _ in },
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let dataDirectory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: dataDirectory, models: .disabled)
        configure(&configuration)
        var logger = Logger(label: "flint.test", factory: logHandler ?? { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .trace
        let application = try await ServerAssembly.start(configuration: configuration, logger: logger, extraMethods: extraMethods)
        let group = application.serviceGroup(logger: logger)
        let running = Task { try await group.run() }
        let embedded = application.services.lazy.compactMap { $0 as? EmbeddedLlamaServer }.first
        let testServer = TestServer(
            port: application.server.localAddress.port ?? 0, dataDirectory: configuration.dataDirectory, embeddedModel: embedded,
            metricsPort: application.metricsServer?.localAddress.port)
        do {
            let result = try await body(testServer)
            await group.triggerGracefulShutdown()
            try await running.value
            return result
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
    }

    /// A client that trusts this server's development CA.
    func connect() async throws -> ClientConnection {
        try await ClientConnection.connect(host: "127.0.0.1", port: port, tls: clientTLS())
    }

    func clientTLS(serverName: String = "127.0.0.1", caPath: String? = nil) -> TLSConfiguration {
        TLSConfiguration(role: .client(.init(serverName: serverName, trustRoots: .certificateFile(caPath ?? self.caPath))))
    }

    /// Health.Check on a new connection: true when the server answers SERVING. When it does
    /// not, why is written to stderr, so a failed expectation says what went wrong.
    func isServing() async -> Bool {
        let client: ClientConnection
        do {
            client = try await connect()
        } catch {
            Self.report("cannot connect: \(error)")
            return false
        }
        defer { Task { await client.close() } }
        return await isServing(on: client)
    }

    /// Whether Health.Check answers SERVING on `client`'s connection.
    func isServing(on client: ClientConnection) async -> Bool {
        do {
            let response = try await client.unary("/flint.v1.Health/Check", request: HealthCheckRequest(), responseType: HealthCheckResponse.self)
            if response.message.status == .serving { return true }
            Self.report("Health/Check answered \(response.message.status)")
        } catch {
            Self.report("Health/Check failed: \(error)")
        }
        return false
    }

    private static func report(_ reason: String) {
        FileHandle.standardError.write(Data("TestServer.isServing: \(reason)\n".utf8))
    }
}
