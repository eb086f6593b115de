import Foundation

/// The pool's bounded queue: jobs waiting for a worker, at most `capacity` of them.
/// Its state is guarded by `condition`, on which idle workers wait.
final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var waiting: [PendingJob] = []
    private var running = 0
    private var closed = false

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds `job`; false when the queue is full or closed, with the counts for the error.
    func add(_ job: PendingJob) -> (added: Bool, running: Int, waiting: Int) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, waiting.count < capacity else { return (false, running, waiting.count) }
        waiting.append(job)
        condition.signal()
        return (true, running, waiting.count)
    }

    /// The next job for a worker (counted as running until ``done()``), waiting for one; nil
    /// once the queue is closed.
    func take() -> PendingJob? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty, !closed { condition.wait() }
        guard !closed else { return nil }
        running += 1
        return waiting.removeFirst()
    }

    /// A worker finished the job ``take()`` gave it.
    func done() {
        condition.lock()
        running -= 1
        condition.unlock()
    }

    /// Stops the workers; the jobs still waiting are returned to be failed.
    func close() -> [PendingJob] {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        let left = waiting
        waiting = []
        condition.broadcast()
        return left
    }

    var waitingCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return waiting.count
    }

    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }
}
