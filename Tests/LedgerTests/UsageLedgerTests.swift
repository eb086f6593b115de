import Foundation
import Logging
import Storage
import Testing
@testable import Ledger

@Suite("Usage ledger")
struct UsageLedgerTests {
    static let day: Int64 = 86_400_000

    static func record(_ at: Int64, key: String = "k1", partner: String = "acme", model: String = "m", input: UInt64 = 10, output: UInt64 = 5, status: UInt32 = 0) -> UsageRecord {
        UsageRecord(finishedAtMs: at, keyID: key, partner: partner, method: "/flint.v1.Inference/Complete", model: model,
                    inputTokens: input, outputTokens: output, statusCode: status, latencyMs: 12)
    }

    static func withLedger<T>(maxPending: Int = 200_000, _ body: (UsageLedger, String) async throws -> T) async throws -> T {
        let directory = NSTemporaryDirectory() + "flint-usage-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/usage.sqlite"
        let ledger = try await UsageLedger.open(.init(path: path, maxPending: maxPending), logger: Logger(label: "test"))
        let result = try await body(ledger, path)
        await ledger.close()
        return result
    }

    @Test("records add up by day, model and key; failed calls are counted")
    func grouping() async throws {
        try await Self.withLedger { ledger, _ in
            ledger.record(Self.record(Self.day + 1))
            ledger.record(Self.record(Self.day + 2, model: "other"))
            ledger.record(Self.record(2 * Self.day + 5, key: "k2", status: 8))
            ledger.record(Self.record(2 * Self.day + 6, partner: "globex"))
            try await ledger.flush()
            let byDay = try await ledger.usage(UsageQuery(partner: "acme", groupBy: [.day]), nowMs: 3 * Self.day)
            #expect(byDay.map(\.dayStartMs) == [Self.day, 2 * Self.day])
            #expect(byDay.map(\.requests) == [2, 1])
            #expect(byDay.map(\.failedRequests) == [0, 1])
            #expect(byDay.map(\.inputTokens) == [20, 10])
            let byModel = try await ledger.usage(UsageQuery(partner: "acme", groupBy: [.model]), nowMs: 3 * Self.day)
            #expect(byModel.map(\.model) == ["m", "other"])
            let byKey = try await ledger.usage(UsageQuery(groupBy: [.key]), nowMs: 3 * Self.day)
            #expect(byKey.map(\.keyID) == ["k1", "k2"])
            #expect(byKey.map(\.requests) == [3, 1])
            let total = try await ledger.usage(UsageQuery(groupBy: []), nowMs: 3 * Self.day)
            #expect(total.map(\.requests) == [4])
        }
    }

    @Test("an agent run is one request whose parts hold its tokens: grouped by run and part they form its tree, and every grouping adds up the same")
    func agentRuns() async throws {
        try await Self.withLedger { ledger, _ in
            func run(_ id: String, status: UInt32, parts: [(String, UInt64, UInt64)]) {
                var call = Self.record(50, input: 0, output: 0, status: status)
                (call.method, call.runID) = ("/flint.v1.Agents/Run", id)
                ledger.record(call)
                for (part, input, output) in parts {
                    var record = call
                    (record.runPart, record.inputTokens, record.outputTokens) = (part, input, output)
                    ledger.record(record)
                }
            }
            ledger.record(Self.record(40))
            run("run_a", status: 0, parts: [("plan", 100, 20), ("t1", 50, 30), ("synthesis", 60, 10)])
            run("run_b", status: 1, parts: [("plan", 90, 5)])
            try await ledger.flush()
            let byRun = try await ledger.usage(UsageQuery(groupBy: [.run]), nowMs: 1000)
            #expect(byRun.map(\.runID) == ["", "run_a", "run_b"])
            #expect(byRun.map(\.requests) == [1, 1, 1])
            #expect(byRun.map(\.failedRequests) == [0, 0, 1])
            #expect(byRun.map { $0.inputTokens + $0.outputTokens } == [15, 270, 95])
            let tree = try await ledger.usage(UsageQuery(groupBy: [.run, .runPart]), nowMs: 1000).filter { $0.runID == "run_a" }
            #expect(tree.map(\.runPart) == ["", "plan", "synthesis", "t1"])
            #expect(tree.map(\.requests) == [1, 0, 0, 0])
            #expect(tree.map(\.inputTokens) == [0, 100, 60, 50])
            let byMethod = try await ledger.usage(UsageQuery(groupBy: [.method]), nowMs: 1000)
            #expect(byMethod.map(\.requests) == [2, 1])
            #expect(byMethod.first { $0.method == "/flint.v1.Agents/Run" }.map { $0.inputTokens + $0.outputTokens } == 365)
            let total = try await ledger.usage(UsageQuery(groupBy: []), nowMs: 1000)
            #expect(total.map(\.requests) == [3])
            #expect(total.map { $0.inputTokens + $0.outputTokens } == [380])
        }
    }

    @Test("since and until bound the rows; an empty result is empty")
    func timeBounds() async throws {
        try await Self.withLedger { ledger, _ in
            for at in [100, 200, 300] as [Int64] { ledger.record(Self.record(at)) }
            try await ledger.flush()
            let some = try await ledger.usage(UsageQuery(sinceMs: 150, untilMs: 300, groupBy: []), nowMs: 1000)
            #expect(some.map(\.requests) == [1])
            let none = try await ledger.usage(UsageQuery(partner: "nobody", groupBy: [.day]), nowMs: 1000)
            #expect(none.isEmpty)
        }
    }

    @Test("a partner name with quotes and SQL is just text")
    func hostileNames() async throws {
        try await Self.withLedger { ledger, _ in
            let name = "x'); DROP TABLE usage; --"
            ledger.record(Self.record(1, partner: name))
            try await ledger.flush()
            let rows = try await ledger.usage(UsageQuery(partner: name, groupBy: [.partner]), nowMs: 10)
            #expect(rows.map(\.partner) == [name])
        }
    }

    @Test("many records are written in one transaction, not one each")
    func batching() async throws {
        try await Self.withLedger { ledger, path in
            for index in 0..<1000 { ledger.record(Self.record(Int64(index))) }
            try await ledger.flush()
            let rows = try await ledger.usage(UsageQuery(groupBy: []), nowMs: 10_000)
            #expect(rows.first?.requests == 1000)
            let reopened = try await Database.open(.init(path: path, migrations: UsageSchema.migrations), logger: Logger(label: "test"))
            let count = try await reopened.read { try $0.queryFirst("SELECT COUNT(*) FROM usage")?.get(0, as: Int64.self) }
            #expect(count == 1000)
            await reopened.close()
        }
    }

    @Test("a flushed record is in the file for a new connection, as after a crash of the process")
    func flushedIsDurable() async throws {
        try await Self.withLedger { ledger, path in
            ledger.record(Self.record(7))
            try await ledger.flush()
            // A second connection sees the commit without the first closing or checkpointing.
            let other = try await Database.open(.init(path: path, migrations: UsageSchema.migrations), logger: Logger(label: "test"))
            let count = try await other.read { try $0.queryFirst("SELECT COUNT(*) FROM usage")?.get(0, as: Int64.self) }
            #expect(count == 1)
            await other.close()
        }
    }

    @Test("past the pending cap, records are dropped and counted instead of growing memory")
    func pendingCap() async throws {
        try await Self.withLedger(maxPending: 10) { ledger, _ in
            for index in 0..<25 { ledger.record(Self.record(Int64(index))) }
            #expect(ledger.droppedCount == 15)
            try await ledger.flush()
            let rows = try await ledger.usage(UsageQuery(groupBy: []), nowMs: 100)
            #expect(rows.first?.requests == 10)
        }
    }

    @Test("the flush loop writes on its interval and once more when stopped")
    func flushLoop() async throws {
        try await Self.withLedger { ledger, _ in
            let loop = Task { await ledger.runFlushLoop() }
            ledger.record(Self.record(1))
            for _ in 0..<300 {
                if try await ledger.usage(UsageQuery(groupBy: []), nowMs: 10).first?.requests == 1 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await ledger.usage(UsageQuery(groupBy: []), nowMs: 10).first?.requests == 1)
            ledger.record(Self.record(2))
            ledger.stop()
            await loop.value
            #expect(try await ledger.usage(UsageQuery(groupBy: []), nowMs: 10).first?.requests == 2)
        }
    }
}
