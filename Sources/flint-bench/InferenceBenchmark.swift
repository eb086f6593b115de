import APIServer
import AsyncHTTPClient
import Foundation
import Logging
import ModelServices
import NIOCore
import ServiceLifecycle
import Wire

/// Flint against its peers, in one run: the same prompt through Flint and straight to
/// llama-server (time to first token, total time, ratios); and, against a minimal fast
/// OpenAI-compatible stub, Flint's added latency per call and streamed events per second.
enum InferenceBenchmark {
    static let prompt = "The capital of France is"

    static func run(runs: Int) async throws -> [Result] {
        var results = try await againstLlamaServer(runs: runs)
        results += try await againstStub(calls: runs * 20)
        return results
    }

    // MARK: Flint vs llama-server

    static func againstLlamaServer(runs: Int) async throws -> [Result] {
        let flint = try await RunningFlint.start(models: .embedded)
        defer { Task { await flint.stop() } }
        let llama = try require(flint.embedded?.currentEndpoint, "no ready embedded llama-server")
        var direct: [(Duration, Duration)] = []
        var through: [(Duration, Duration)] = []
        for index in 0..<runs {
            // Alternate which goes first, so neither always gets a warm cache.
            if index % 2 == 0 {
                direct.append(try await directLlama(llama))
                through.append(try await flint.stream(prompt, maxTokens: 32))
            } else {
                through.append(try await flint.stream(prompt, maxTokens: 32))
                direct.append(try await directLlama(llama))
            }
        }
        let ttftDirect = mean(direct.map(\.0)), ttftFlint = mean(through.map(\.0))
        let totalDirect = mean(direct.map(\.1)), totalFlint = mean(through.map(\.1))
        return [
            Result(name: "model: time to first token, llama-server direct", value: ttftDirect * 1000, unit: "ms"),
            Result(name: "model: time to first token, through Flint (TLS)", value: ttftFlint * 1000, unit: "ms"),
            Result(name: "model: time to first token, ratio Flint / direct", value: ttftFlint / ttftDirect, unit: "x"),
            Result(name: "model: total time 32 tokens, llama-server direct", value: totalDirect * 1000, unit: "ms"),
            Result(name: "model: total time 32 tokens, through Flint (TLS)", value: totalFlint * 1000, unit: "ms"),
            Result(name: "model: total time, ratio Flint / direct", value: totalFlint / totalDirect, unit: "x"),
        ]
    }

    /// Streams from llama-server's native /completion: (time to first token, total).
    static func directLlama(_ llama: BackendEndpoint) async throws -> (Duration, Duration) {
        var request = HTTPClientRequest(url: llama.url + "/completion")
        request.method = .POST
        if let key = llama.bearerToken { request.headers.add(name: "authorization", value: "Bearer " + key) }
        request.headers.add(name: "content-type", value: "application/json")
        let body: [String: Any] = ["prompt": prompt, "n_predict": 32, "temperature": 0, "stream": true]
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let start = ContinuousClock.now
        let response = try await retryingClosedConnection { try await HTTPClient.shared.execute(request, timeout: .seconds(120)) }
        var first: Duration?
        // Each streamed chunk carries one token (`data: {"content":" the", ...}`): the first
        // chunk is the first token, as the first text-delta MESSAGE is through Flint.
        for try await _ in response.body where first == nil {
            first = ContinuousClock.now - start
        }
        return (first ?? (ContinuousClock.now - start), ContinuousClock.now - start)
    }

    // MARK: Flint's own overhead, against a stub

    static func againstStub(calls: Int) async throws -> [Result] {
        let stub = try await StubCompletionServer.start(events: 16)
        defer { Task { await stub.stop() } }
        let file = NSTemporaryDirectory() + "flint-bench-models-\(UUID().uuidString).json"
        try stubConfiguration(port: stub.port).write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let flint = try await RunningFlint.start(models: .file(file))
        defer { Task { await flint.stop() } }
        try await flint.waitUntilReady()

        var direct: [Duration] = []
        var through: [Duration] = []
        for _ in 0..<calls {
            direct.append(try await timed { try await directStub(port: stub.port) })
            through.append(try await timed { _ = try await flint.complete(prompt, maxTokens: 16) })
        }
        let streamStub = try await StubCompletionServer.start(events: 5000)
        defer { Task { await streamStub.stop() } }
        let streamFile = file + ".stream.json"
        try stubConfiguration(port: streamStub.port).write(toFile: streamFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: streamFile) }
        let streaming = try await RunningFlint.start(models: .file(streamFile))
        defer { Task { await streaming.stop() } }
        try await streaming.waitUntilReady()
        let (_, total) = try await streaming.stream(prompt, maxTokens: 5000)
        let eventsPerSecond = 5000 / Measure.seconds(total)
        return [
            Result(name: "stub: unary call direct (HTTP), p50", value: Measure.percentile(direct, 50) / 1000, unit: "ms"),
            Result(name: "stub: unary call through Flint (TLS + flint/1), p50", value: Measure.percentile(through, 50) / 1000, unit: "ms"),
            Result(name: "stub: Flint's added latency per call, p50", value: (Measure.percentile(through, 50) - Measure.percentile(direct, 50)) / 1000, unit: "ms"),
            Result(name: "stub: Flint's added latency per call, p99", value: (Measure.percentile(through, 99) - Measure.percentile(direct, 99)) / 1000, unit: "ms"),
            Result(name: "stub: streamed events through Flint, one call", value: eventsPerSecond, unit: "events/s"),
        ]
    }

    static func stubConfiguration(port: Int) -> String {
        """
        {"defaultModel": "stub", "models": {"stub": {"kind": "openai", "urls": ["http://127.0.0.1:\(port)"],
         "promptFormat": "raw", "contextLength": 100000, "maxOutputTokens": 50000}}}
        """
    }

    static func directStub(port: Int) async throws {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"model":"stub","prompt":"The capital of France is","max_tokens":16}"#))
        let response = try await retryingClosedConnection { try await HTTPClient.shared.execute(request, timeout: .seconds(10)) }
        _ = try await response.body.collect(upTo: 1 << 20)
    }

    /// Runs `body`, once more if a pooled HTTP connection turned out closed by the peer.
    static func retryingClosedConnection<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as HTTPClientError where error == .remoteConnectionClosed {
            return try await body()
        }
    }

    static func timed(_ body: () async throws -> Void) async throws -> Duration {
        let start = ContinuousClock.now
        try await body()
        return ContinuousClock.now - start
    }

    static func mean(_ samples: [Duration]) -> Double {
        samples.map(Measure.seconds).reduce(0, +) / Double(max(1, samples.count))
    }
}

func require<T>(_ value: T?, _ message: String) throws -> T {
    guard let value else { throw BenchmarkError(message) }
    return value
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
