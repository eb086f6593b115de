import FlintAPI
import Foundation
import Wire

/// The hot-path load, for profiling a separate `apiserver` process: `flint-bench stub`
/// serves the instant OpenAI-compatible stub until killed; `flint-bench load` issues a key
/// with the server's admin key and runs unary Complete calls (or Health) at a fixed number
/// in flight on one connection, then prints calls/s and latency percentiles.
enum HotPathLoad {
    struct Options {
        var port = 8443
        var dataDirectory = ""
        var calls = 10_000
        var inFlight = 1
        var method = "complete"

        init(_ arguments: [String]) {
            func value(_ flag: String) -> String? {
                arguments.firstIndex(of: flag).flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil }
            }
            port = value("--port").flatMap(Int.init) ?? port
            dataDirectory = value("--data-dir") ?? dataDirectory
            calls = value("--calls").flatMap(Int.init) ?? calls
            inFlight = value("--in-flight").flatMap(Int.init) ?? inFlight
            method = value("--method") ?? method
        }
    }

    /// Serves the stub on `--port` until the process is killed.
    static func serveStub(_ arguments: [String]) async throws -> Never {
        let stub = try await StubCompletionServer.start(events: 16, port: Options(arguments).port)
        print("stub listening on 127.0.0.1:\(stub.port)")
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    static func run(_ arguments: [String]) async throws -> [Result] {
        let options = Options(arguments)
        let tls = TLSConfiguration(role: .client(.init(serverName: "127.0.0.1", trustRoots: .certificateFile(options.dataDirectory + "/tls/ca.pem"))))
        let client = try await ClientConnection.connect(host: "127.0.0.1", port: options.port, tls: tls)
        let admin = try String(contentsOfFile: options.dataDirectory + "/admin.key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let issued = try await client.unary(Methods.Admin.issueKey, request: IssueKeyRequest(partner: "bench", name: "load", scopes: ["inference"]), options: CallOptions(apiKey: admin))
        let key = issued.message.apiKey
        let request = CompleteRequest(messages: [Message(role: .user, parts: [.text(TextPart(text: InferenceBenchmark.prompt))])], maxTokens: 16, temperature: 0)
        let call: @Sendable () async throws -> Void
        if options.method == "health" {
            call = { _ = try await client.unary(Methods.Health.check, request: HealthCheckRequest()) }
        } else {
            call = { _ = try await client.unary(Methods.Inference.complete, request: request, options: CallOptions(apiKey: key)) }
        }
        for _ in 0..<min(200, options.calls) { try await call() }  // warm-up

        let start = ContinuousClock.now
        let perWorker = options.calls / options.inFlight
        let samples = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<options.inFlight {
                group.addTask {
                    var samples: [Duration] = []
                    samples.reserveCapacity(perWorker)
                    for _ in 0..<perWorker {
                        let began = ContinuousClock.now
                        try await call()
                        samples.append(ContinuousClock.now - began)
                    }
                    return samples
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = Measure.seconds(ContinuousClock.now - start)
        await client.close()
        let label = "\(options.method), \(options.inFlight) in flight"
        return [
            Result(name: "load: \(label): calls/s", value: Double(samples.count) / elapsed, unit: "calls/s"),
            Result(name: "load: \(label): p50", value: Measure.percentile(samples, 50), unit: "µs"),
            Result(name: "load: \(label): p99", value: Measure.percentile(samples, 99), unit: "µs"),
        ]
    }
}
