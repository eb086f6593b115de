import FlintTestSupport
import Foundation
import Logging
import RateLimit
import Testing

@testable import APIServer

/// `ratelimit.json` is written durably beside its previous copy, and restored from the
/// latest copy that is usable; when none is, the start fails rather than refilling every
/// bucket.
@Suite("Rate-limit state file")
struct RateLimitStateFileTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    let limits = try! QuotaLimits(requests: BucketLimit(perMinute: 60, burst: 10))
    /// One wall clock for the writing and the restoring limiters, so no time passes between.
    let wall = ManualClock(ms: 1_800_000_000_000)

    func makeLimiter() -> RateLimiter {
        RateLimiter(configuration: .init(), clock: ManualClock(ms: 0), wallClock: wall)
    }

    /// A limiter with `spent` of key `k`'s 10 requests spent, and its snapshot.
    func snapshot(spending spent: Int) throws -> [BucketState] {
        let limiter = makeLimiter()
        for _ in 0..<spent {
            _ = try limiter.admit(key: "k", partner: "p", keyLimits: limits, partnerLimits: .unlimited, estimatedTokens: 0).get()
        }
        return limiter.snapshot()
    }

    func remaining(_ limiter: RateLimiter) -> UInt64? {
        limiter.status(key: "k", partner: "p", keyLimits: limits, partnerLimits: .unlimited).key.requests?.remaining
    }

    @Test("each save keeps the one before it, both owner-only")
    func keepsThePreviousCopy() throws {
        let directory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = RateLimitStateFile(path: directory + "/ratelimit.json")
        let first = try snapshot(spending: 3)
        let second = try snapshot(spending: 7)
        file.save(first, logger: logger)
        file.save(second, logger: logger)
        let decoder = JSONDecoder()
        #expect(try decoder.decode([BucketState].self, from: Data(contentsOf: URL(fileURLWithPath: file.path))).count == second.count)
        let previous = try decoder.decode([BucketState].self, from: Data(contentsOf: URL(fileURLWithPath: file.previousPath)))
        #expect(previous.map(\.value) == first.map(\.value))
        for path in [file.path, file.previousPath] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
        }
        let limiter = makeLimiter()
        #expect(try file.restore(into: limiter, logger: logger) == file.path)
        #expect(remaining(limiter) == 3)
    }

    @Test("a corrupt file is reported and the previous copy restored")
    func corruptFallsBackToThePreviousCopy() throws {
        let directory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = RateLimitStateFile(path: directory + "/ratelimit.json")
        file.save(try snapshot(spending: 4), logger: logger)
        file.save(try snapshot(spending: 9), logger: logger)
        try Data("{\"truncated".utf8).write(to: URL(fileURLWithPath: file.path))
        let logs = CapturedLogs()
        let limiter = makeLimiter()
        #expect(try file.restore(into: limiter, logger: Logger(label: "test", factory: logs.handler)) == file.previousPath)
        #expect(remaining(limiter) == 6)
        #expect(logs.text.contains("error test rate-limit state file is unusable"))
    }

    @Test("a crash between the two renames leaves the previous copy, which is restored")
    func onlyThePreviousCopyLeft() throws {
        let directory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = RateLimitStateFile(path: directory + "/ratelimit.json")
        file.save(try snapshot(spending: 8), logger: logger)
        try FileManager.default.moveItem(atPath: file.path, toPath: file.previousPath)
        let limiter = makeLimiter()
        #expect(try file.restore(into: limiter, logger: logger) == file.previousPath)
        #expect(remaining(limiter) == 2)
    }

    @Test("with neither copy usable the start fails, naming both files")
    func noUsableCopyFailsClosed() async throws {
        let directory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = RateLimitStateFile(path: directory + "/ratelimit.json")
        for path in [file.path, file.previousPath] {
            _ = FileManager.default.createFile(atPath: path, contents: Data([0xFF, 0x00]), attributes: [.posixPermissions: 0o600])
        }
        let error = #expect(throws: RateLimitStateError.self) { try file.restore(into: makeLimiter(), logger: logger) }
        #expect(error?.description.contains(file.path) == true)
        #expect(error?.description.contains(file.previousPath) == true)
        // The server does not start on it either.
        await #expect(throws: RateLimitStateError.self) {
            let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: directory, models: .disabled)
            _ = try await ServerAssembly.start(configuration: configuration, logger: logger)
        }
    }

    @Test("a first start, with no file, restores nothing")
    func firstStart() throws {
        let directory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let limiter = makeLimiter()
        #expect(try RateLimitStateFile(path: directory + "/ratelimit.json").restore(into: limiter, logger: logger) == nil)
        #expect(remaining(limiter) == 10)
    }
}
