import Foundation
import Logging
import Synchronization
import Testing

@testable import ModelServices

#if canImport(Glibc)
    import Glibc
#endif

/// The real llama-server and Gemma 3 270M, as `scripts/setup-model.sh` installs them:
/// `FLINT_LLAMA_SERVER` and `FLINT_MODEL_PATH` when set, else the cache under
/// `FLINT_CACHE_DIR` (default `~/.cache/flint`). When they are missing these tests FAIL,
/// they do not skip: run `scripts/setup-model.sh` first.
func installedLlamaServer() throws -> EmbeddedLlamaServer.Configuration {
    guard var configuration = EmbeddedLlamaServer.Configuration.installed() else {
        let paths = EmbeddedLlamaServer.Configuration.installedPaths()
        throw EmbeddedLlamaServerError(
            "llama-server or the model is missing (\(paths.executable), \(paths.model)): "
                + "run scripts/setup-model.sh, or set FLINT_LLAMA_SERVER and FLINT_MODEL_PATH")
    }
    configuration.threads = 1
    configuration.startupTimeout = .seconds(180)
    return configuration
}

/// Runs `body` with a started, healthy llama-server and a backend for it; stops both.
func withEmbeddedServer<T: Sendable>(
    _ configure: (inout EmbeddedLlamaServer.Configuration) -> Void = { _ in },
    _ body: (EmbeddedLlamaServer, OpenAICompatibleBackend) async throws -> T
) async throws -> T {
    var configuration = try installedLlamaServer()
    configure(&configuration)
    let server = try EmbeddedLlamaServer(configuration: configuration, logger: Logger(label: "test.llama"))
    let running = Task { try await server.run() }
    let backend = try OpenAICompatibleBackend(configuration: server.modelConfiguration, endpointSource: server)
    do {
        try await server.waitUntilReady(timeout: .seconds(240))
        let result = try await body(server, backend)
        try await backend.shutdown()
        server.stop()
        try await running.value
        return result
    } catch {
        try? await backend.shutdown()
        running.cancel()
        _ = try? await running.value
        throw error
    }
}

/// Generous deadlines: the model shares two cores with compilers and other tests.
private let e2eDeadline = Duration.seconds(120)

@Suite(.serialized) struct EmbeddedLlamaServerTests {
    @Test func completesStreamsCountsTokensAndStopsWhenCancelled() async throws {
        let childPID = try await withEmbeddedServer { server, backend in
            #expect(await backend.health())
            #expect(backend.models.map(\.name) == ["gemma-3-270m"])

            // The context per request is what the model configuration says.
            let models = try await httpGetJSON(port: server.port, path: "/v1/models", bearerToken: server.childEndpoint.bearerToken) as? [String: Any]
            let data = try #require(models?["data"] as? [[String: Any]])
            #expect((data.first?["meta"] as? [String: Any])?["n_ctx"] as? Int == 2048)

            let prompt = ModelRequest(prompt: "The capital of France is", maxTokens: 8, temperature: 0)
            let result = try await backend.complete(prompt, deadline: .now.advanced(by: e2eDeadline))
            #expect(!result.text.isEmpty)
            #expect(result.usage.promptTokens > 0)
            #expect((1...8).contains(result.usage.completionTokens))
            #expect(!result.usage.isEstimate)
            #expect(result.usage.completionTokens < 8 ? result.stopReason != .maxTokens : result.stopReason == .maxTokens)

            let (events, error) = await collect(backend.stream(prompt, deadline: .now.advanced(by: e2eDeadline)))
            #expect(error == nil)
            let finished = try #require(events.finished)
            #expect(!events.deltas.isEmpty)
            #expect(events.deltas.joined() == finished.text)
            #expect(finished.usage.promptTokens == result.usage.promptTokens)
            #expect((1...8).contains(finished.usage.completionTokens))
            #expect(!finished.usage.isEstimate)
            if case .textDelta(_, let lastUsage) = events.dropLast().last {
                #expect(lastUsage.completionTokens <= finished.usage.completionTokens)
                #expect(lastUsage.promptTokens == finished.usage.promptTokens)
            }

            let tokens = try await backend.countTokens("The capital of France is")
            #expect(tokens > 0)
            #expect(tokens == result.usage.promptTokens, "counted with <bos>, as the completion's prompt")

            // Admission's estimate is an upper bound for the real tokenizer, whatever the text.
            var random = SystemRandomNumberGenerator()
            let hostile = [
                "The capital of France is", "🙂🚀🧪" + String(repeating: "\u{1F9EA}", count: 50), "東京都の天気は晴れです。" + String(repeating: "語", count: 80),
                String(repeating: "a b ", count: 200), String((0..<400).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x21...0x7E, using: &random))) }),
                String(repeating: "\u{0301}", count: 120), "<start_of_turn><end_of_turn><bos><eos>" + String(repeating: "\n\t ", count: 60),
            ]
            for text in hostile {
                let counted = try await backend.countTokens(text)
                #expect(UInt64(counted) <= TokenEstimate.reservation(forPromptBytes: text.utf8.count), "\(text.prefix(20))…: \(counted) tokens for \(text.utf8.count) bytes")
            }

            try await Self.cancellingAStreamStopsGeneration(server: server, backend: backend)
            return try #require(server.processID)
        }
        #expect(!isRunning(childPID, named: "llama-server"), "a graceful stop reaps llama-server")
    }

    /// Cancels a long generation after its first deltas: the slot must be idle soon after,
    /// long before 512 tokens could have been generated.
    static func cancellingAStreamStopsGeneration(server: EmbeddedLlamaServer, backend: OpenAICompatibleBackend) async throws {
        let seen = Mutex(ModelStreamAccumulator())
        let long = ModelRequest(prompt: "1, 2, 3, 4, 5, 6,", maxTokens: 512, temperature: 0)
        let consumer = Task {
            for try await event in backend.stream(long, deadline: .now.advanced(by: e2eDeadline)) {
                seen.withLock { $0.add(event) }
            }
        }
        let generating = await eventually(timeout: e2eDeadline) { seen.withLock { $0.deltaCount >= 2 } }
        try #require(generating)
        #expect(try await Self.busySlots(server) == 1)
        consumer.cancel()
        _ = try? await consumer.value
        let idle = await eventually(timeout: .seconds(3)) { (try? await Self.busySlots(server)) == 0 }
        #expect(idle, "llama-server kept generating after the stream was cancelled")
        let partial = seen.withLock { $0.partialResult(stopReason: .cancelled) }
        #expect(partial.stopReason == .cancelled)
        #expect(partial.usage.completionTokens >= 2 && partial.usage.completionTokens < 512)
        #expect(!partial.usage.isEstimate)
    }

    static func busySlots(_ server: EmbeddedLlamaServer) async throws -> Int {
        let slots = try await httpGetJSON(port: server.port, path: "/slots", bearerToken: server.childEndpoint.bearerToken) as? [[String: Any]] ?? []
        return slots.filter { $0["is_processing"] as? Bool == true }.count
    }

    @Test func aKilledChildIsRestarted() async throws {
        try await withEmbeddedServer({ $0.restartBackoff = RestartBackoff(initial: .milliseconds(100)) }) { server, backend in
            let first = try #require(server.processID)
            kill(first, SIGKILL)
            let restarted = await eventually(timeout: .seconds(180), every: .milliseconds(100)) {
                server.phase == .ready && server.processID != nil && server.processID != first
            }
            #expect(restarted)
            #expect(server.restartCount == 1)
            #expect(!isRunning(first, named: "llama-server"))
            #expect(await backend.health())
            let result = try await backend.complete(ModelRequest(prompt: "Hello", maxTokens: 2), deadline: .now.advanced(by: e2eDeadline))
            #expect(result.usage.completionTokens > 0)
        }
    }

    @Test func eachStartHasItsOwnKeyAndPortAndOnlyAMinimalEnvironment() async throws {
        try await withEmbeddedServer({ $0.restartBackoff = RestartBackoff(initial: .milliseconds(100)) }) { server, backend in
            let firstPort = server.port
            let firstKey = try #require(server.childEndpoint.bearerToken)
            #expect(firstKey.count == 64)
            // Another local client without the key, or with another one, is refused.
            #expect(try await httpGet(port: firstPort, path: "/slots").status == 401)
            #expect(try await httpGet(port: firstPort, path: "/slots", bearerToken: String(firstKey.reversed())).status == 401)
            #expect(try await httpGet(port: firstPort, path: "/slots", bearerToken: firstKey).status == 200)

            let first = try #require(server.processID)
            #expect(!commandLine(of: first).joined(separator: " ").contains(firstKey), "the key is not on the command line")
            let variables = environment(of: first)
            #expect(Set(variables.keys).isSubset(of: ["PATH", "HOME", "TMPDIR", "LD_LIBRARY_PATH", "LLAMA_API_KEY"]), "\(variables.keys.sorted())")
            #expect(variables["LLAMA_API_KEY"] == firstKey)
            #expect(variables["PATH"] != nil)

            kill(first, SIGKILL)
            let restarted = await eventually(timeout: .seconds(180), every: .milliseconds(100)) {
                server.phase == .ready && server.processID != nil && server.processID != first
            }
            try #require(restarted)
            let secondKey = try #require(server.childEndpoint.bearerToken)
            #expect(server.port != firstPort)
            #expect(secondKey != firstKey)
            #expect(try await httpGet(port: server.port, path: "/slots", bearerToken: firstKey).status == 401)
            #expect(try await httpGet(port: server.port, path: "/slots", bearerToken: secondKey).status == 200)
            #expect(environment(of: try #require(server.processID))["LLAMA_API_KEY"] == secondKey)
            // The backend follows the child to its new port and key.
            let result = try await backend.complete(ModelRequest(prompt: "Hello", maxTokens: 2), deadline: .now.advanced(by: e2eDeadline))
            #expect(result.usage.completionTokens > 0)
        }
    }

    @Test func aHungChildIsDetectedByItsLivenessProbeAndRestarted() async throws {
        try await withEmbeddedServer({
            $0.restartBackoff = RestartBackoff(initial: .milliseconds(100))
            $0.livenessInterval = .milliseconds(200)
            $0.livenessTimeout = .seconds(1)
            $0.livenessFailures = 3
        }) { server, backend in
            // A child that answers passes its probes.
            _ = try await backend.complete(ModelRequest(prompt: "Hello", maxTokens: 2), deadline: .now.advanced(by: e2eDeadline))
            #expect(server.restartCount == 0)
            let first = try #require(server.processID)
            kill(first, SIGSTOP)  // alive, but answering nothing
            let stoppedAt = ContinuousClock.now
            #expect(await eventually(timeout: .seconds(15)) { !server.isReady })
            let detection = stoppedAt.duration(to: .now)
            #expect(detection >= .milliseconds(600) && detection < .seconds(10), "\(detection)")
            #expect(server.currentEndpoint == nil, "no calls go to a hung child")
            let restarted = await eventually(timeout: .seconds(180), every: .milliseconds(100)) {
                server.phase == .ready && server.processID != nil && server.processID != first
            }
            #expect(restarted)
            #expect(server.restartCount == 1)
            #expect(!isRunning(first, named: "llama-server"))
            let result = try await backend.complete(ModelRequest(prompt: "Hello", maxTokens: 2), deadline: .now.advanced(by: e2eDeadline))
            #expect(result.usage.completionTokens > 0)
        }
    }

    @Test func aBadModelFileFailsTheStartWithLlamaServersOwnMessage() async throws {
        var configuration = try installedLlamaServer()
        try await withTemporaryDirectory { directory in
            configuration.modelPath = directory + "/not-a-model.gguf"
            try Data("not a gguf file".utf8).write(to: URL(fileURLWithPath: configuration.modelPath))
            let error = try await EmbeddedSupervisorTests.startError(configuration)
            #expect(error.message.contains("during start-up"), "\(error)")
            #expect(error.message.lowercased().contains("model"), "\(error)")
        }
    }
}
