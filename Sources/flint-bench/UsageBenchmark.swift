import FlintAPI
import Foundation
import Logging
import Ledger

/// Usage records written per second through the batching ledger, to a real SQLite file.
enum UsageBenchmark {
    static func run(count: Int) async throws -> [Result] {
        let directory = NSTemporaryDirectory() + "flint-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ledger = try await UsageLedger.open(.init(path: directory + "/usage.sqlite", maxPending: count + 1), logger: Logger(label: "bench"))
        let start = ContinuousClock.now
        for index in 0..<count {
            ledger.record(UsageRecord(finishedAtMs: Int64(index), keyID: "key", partner: "partner", method: Methods.Inference.complete.path,
                                      model: "gemma", inputTokens: 100, outputTokens: 50, statusCode: 0, latencyMs: 20))
        }
        let recorded = Double(count) / Measure.seconds(ContinuousClock.now - start)
        let flushStart = ContinuousClock.now
        try await ledger.flush()
        let written = Double(count) / Measure.seconds(ContinuousClock.now - flushStart)
        await ledger.close()
        return [
            Result(name: "usage: record() calls (in memory)", value: recorded, unit: "records/s"),
            Result(name: "usage: records committed to SQLite (one batch)", value: written, unit: "records/s"),
        ]
    }
}
