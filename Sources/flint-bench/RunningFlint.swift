import APIServer
import Foundation
import Logging
import ModelServices
import ServiceLifecycle
import FlintAPI
import Wire

/// A Flint server in this process, on 127.0.0.1:0, with a client and an inference key.
struct RunningFlint: Sendable {
    let client: ClientConnection
    let key: String
    let embedded: EmbeddedLlamaServer?
    let group: ServiceGroup
    let directory: String

    static func start(models: ModelSource) async throws -> RunningFlint {
        let directory = NSTemporaryDirectory() + "flint-bench-\(UUID().uuidString)"
        let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: directory, models: models)
        configuration.quotaPolicy.keyDefaults.requestsPerMinute = 1_000_000_000
        configuration.quotaPolicy.keyDefaults.requestBurst = 1_000_000_000
        configuration.quotaPolicy.keyDefaults.tokensPerMinute = 1_000_000_000_000
        configuration.quotaPolicy.keyDefaults.tokenBurst = 1_000_000_000_000
        let application = try await ServerAssembly.start(configuration: configuration, logger: logger)
        let group = ServiceGroup(services: application.services, logger: logger)
        Task { try await group.run() }
        let tls = TLSConfiguration(role: .client(.init(serverName: "127.0.0.1", trustRoots: .certificateFile(directory + "/tls/ca.pem"))))
        let client = try await ClientConnection.connect(host: "127.0.0.1", port: application.server.localAddress.port ?? 0, tls: tls)
        let admin = try String(contentsOfFile: directory + "/admin.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let issued = try await client.unary(Methods.Admin.issueKey, request: IssueKeyRequest(partner: "bench", name: "bench", scopes: ["inference"]),
                                            options: CallOptions(apiKey: admin))
        let flint = RunningFlint(client: client, key: issued.message.apiKey, embedded: application.services.lazy.compactMap { $0 as? EmbeddedLlamaServer }.first,
                                 group: group, directory: directory)
        try await flint.waitUntilReady()
        return flint
    }

    func stop() async {
        await client.close()
        await group.triggerGracefulShutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Waits while the model loads (calls are UNAVAILABLE until it is ready).
    func waitUntilReady() async throws {
        for _ in 0..<600 {
            do {
                _ = try await complete("hi", maxTokens: 1)
                return
            } catch let error as RPCError where error.code == .unavailable {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    func request(_ prompt: String, maxTokens: UInt32) -> CompleteRequest {
        CompleteRequest(messages: [Message(role: .user, parts: [.text(TextPart(text: prompt))])], maxTokens: maxTokens, temperature: 0)
    }

    func complete(_ prompt: String, maxTokens: UInt32) async throws -> CompleteResponse {
        try await client.unary(Methods.Inference.complete, request: request(prompt, maxTokens: maxTokens), options: CallOptions(apiKey: key)).message
    }

    /// Streams a completion: (time to the first text delta, total time).
    func stream(_ prompt: String, maxTokens: UInt32) async throws -> (Duration, Duration) {
        let start = ContinuousClock.now
        var first: Duration?
        _ = try await client.call(Methods.Inference.streamComplete, request: request(prompt, maxTokens: maxTokens), options: CallOptions(apiKey: key)) { event in
            if first == nil, case .message = event { first = ContinuousClock.now - start }
        }
        return (first ?? ContinuousClock.now - start, ContinuousClock.now - start)
    }
}
