import Auth
import Foundation
import Logging

/// Authenticating a valid key: cached (the hot path) per second on one task, and the
/// uncached path (SQLite read + HMAC) as p50/p99 latency.
enum AuthBenchmark {
    static func run(count: Int) async throws -> [Result] {
        let directory = NSTemporaryDirectory() + "flint-bench-auth-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let store = try await KeyStore.open(dataDirectory: directory, logger: logger)
        let authenticator = Authenticator(store: store, logger: logger)
        let issued = try await store.issueKey(partner: "bench", name: "bench", scopes: [.inference], actor: nil)
        let header = "Bearer " + issued.key.plaintext
        _ = await authenticator.authenticate(authorization: header, requiring: .inference)

        let cachedCount = min(count, 300_000)
        let start = ContinuousClock.now
        for _ in 0..<cachedCount {
            guard case .success = await authenticator.authenticate(authorization: header, requiring: .inference) else { fatalError("rejected") }
        }
        let cached = Double(cachedCount) / Measure.seconds(ContinuousClock.now - start)

        var samples: [Duration] = []
        for _ in 0..<min(count, 5_000) {
            authenticator.invalidate(keyID: issued.record.id)
            let begin = ContinuousClock.now
            guard case .success = await authenticator.authenticate(authorization: header, requiring: .inference) else { fatalError("rejected") }
            samples.append(ContinuousClock.now - begin)
        }
        _ = try await store.flushLastUsed()
        await store.close()
        return [
            Result(name: "auth: valid key, cached, 1 task", value: cached, unit: "auths/s"),
            Result(name: "auth: valid key, uncached (SQLite + HMAC), p50", value: Measure.percentile(samples, 50), unit: "µs"),
            Result(name: "auth: valid key, uncached (SQLite + HMAC), p99", value: Measure.percentile(samples, 99), unit: "µs"),
        ]
    }
}
