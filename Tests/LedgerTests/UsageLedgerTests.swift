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
