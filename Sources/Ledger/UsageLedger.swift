import Logging
import Storage
import Synchronization

/// Records every finished call in SQLite, in batches.
///
/// `record` only appends to memory; a flush loop writes what is pending in one transaction
/// every `flushInterval` (or sooner when a batch fills). The database runs in WAL mode with
/// `synchronous=NORMAL`: no disk flush per call, and a commit survives a crash of the
/// process (SIGKILL). What a SIGKILL can lose is what was still in memory: at most the
/// calls of the last `flushInterval` (default 1 s). Pending records are capped
/// (`maxPending`); past it new records are dropped, counted and logged, so a stuck disk cannot grow
/// memory without bound.
public final class UsageLedger: Sendable {
    public struct Configuration: Sendable {
        public var path: String
        public var flushInterval: Duration
        /// A flush starts early once this many records wait.
        public var batchSize: Int
        public var maxPending: Int

        public init(path: String, flushInterval: Duration = .seconds(1), batchSize: Int = 2048, maxPending: Int = 200_000) {
            self.path = path
            self.flushInterval = flushInterval
            self.batchSize = batchSize
            self.maxPending = maxPending
        }
    }

    private struct Pending {
        var records: [UsageRecord] = []
        var dropped = 0
        var wake: AsyncStream<Void>.Continuation?
    }

    private let database: Database
    private let configuration: Configuration
    private let logger: Logger
    private let pending = Mutex(Pending())

    private init(database: Database, configuration: Configuration, logger: Logger) {
        self.database = database
        self.configuration = configuration
        self.logger = logger
    }

    public static func open(_ configuration: Configuration, logger: Logger) async throws -> UsageLedger {
        let database = try await Database.open(
            .init(path: configuration.path, options: .init(synchronous: .normal), migrations: UsageSchema.migrations),
            logger: logger
        )
        return UsageLedger(database: database, configuration: configuration, logger: logger)
    }

    /// Queues one record; never waits.
    public func record(_ record: UsageRecord) {
        let wake = pending.withLock { pending -> AsyncStream<Void>.Continuation? in
            guard pending.records.count < configuration.maxPending else {
                pending.dropped += 1
                return pending.wake
            }
            pending.records.append(record)
            return pending.records.count >= configuration.batchSize ? pending.wake : nil
        }
        wake?.yield()
    }

    /// Records waiting to be written.
    public var pendingCount: Int { pending.withLock { $0.records.count } }

    /// Records dropped because the pending queue was full.
    public var droppedCount: Int { pending.withLock { $0.dropped } }

    /// Writes everything pending now, in one transaction.
    public func flush() async throws {
        let batch = pending.withLock { pending in
            defer { pending.records.removeAll(keepingCapacity: true) }
            return pending.records
        }
        guard !batch.isEmpty else { return }
        do {
            try await database.write { connection in try UsageSchema.insert(batch, into: connection) }
        } catch {
            // Put the batch back in front so a later flush retries it.
            pending.withLock { $0.records.insert(contentsOf: batch, at: 0) }
            throw error
        }
    }

    /// Flushes every interval (or when a batch fills) until cancelled, then flushes once more.
    public func runFlushLoop() async {
        let (wakes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        pending.withLock { $0.wake = continuation }
        let interval = configuration.flushInterval
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                continuation.yield()
            }
        }
        for await _ in wakes {
            if Task.isCancelled { break }
            await flushLogging()
        }
        ticker.cancel()
        await flushLogging()
    }

    /// Stops the flush loop's wake-ups (it then flushes a last time and returns).
    public func stop() {
        pending.withLock { $0.wake }?.finish()
    }

    private func flushLogging() async {
        do {
            try await flush()
        } catch {
            logger.error("usage flush failed; will retry", metadata: ["error": "\(error)"])
        }
    }

    /// Adds up recorded usage.
    public func usage(_ query: UsageQuery, nowMs: Int64) async throws -> [UsageTotals] {
        try await database.read { connection in try UsageSchema.totals(query, nowMs: nowMs, in: connection) }
    }

    public func close() async {
        await database.close()
    }
}
