import Foundation
import Timing

/// Reads images on dedicated threads, off the Swift concurrency pool and the event loops:
/// `limits.workers` threads, each with its own recognizer (one Tesseract instance loaded
/// once), and a queue of at most `limits.queueCapacity` waiting jobs. A job past the full
/// queue fails at once as busy; a running job is stopped at its time limit; a caller that
/// is cancelled stops waiting at once, and its job is stopped.
public final class OCRWorkerPool: Sendable {
    public let limits: OCRLimits
    private let queue: JobQueue
    /// How the time limit waits (injected, so tests do not sleep).
    private let sleep: @Sendable (Duration) async throws -> Void

    /// Starts the workers, each with a recognizer from `makeRecognizer`, called here, so a
    /// recognizer that cannot start (missing language data) fails the start.
    public init(
        limits: OCRLimits, sleep: @escaping @Sendable (Duration) async throws -> Void = { try await CancellableSleep.for($0) },
        makeRecognizer: () throws(OCRError) -> any OCRRecognizer
    ) throws(OCRError) {
        self.limits = limits
        self.queue = JobQueue(capacity: max(0, limits.queueCapacity))
        self.sleep = sleep
        let recognizers = try (0..<max(1, limits.workers)).map { _ throws(OCRError) in try makeRecognizer() }
        for (index, recognizer) in recognizers.enumerated() {
            let worker = Worker(recognizer: recognizer, queue: queue, timeLimit: limits.timeLimit, sleep: sleep)
            let thread = Thread { worker.run() }
            thread.name = "flint-ocr-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// A pool of Tesseract recognizers reading `tessdata`.
    public convenience init(tessdata: TessdataLocation, limits: OCRLimits = OCRLimits()) throws(OCRError) {
        try self.init(limits: limits) { () throws(OCRError) in try TesseractRecognizer(tessdata: tessdata, limits: limits) }
    }

    deinit {
        shutdown()
    }

    /// Reads `job` on a worker.
    public func recognize(_ job: OCRJob) async throws(OCRError) -> OCRResult {
        let pending = PendingJob(job)
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                pending.wait(with: continuation)
                let queued = queue.add(pending)
                if !queued.added {
                    pending.finish(.failure(queue.isClosed ? .shutDown : .busy(workers: max(1, limits.workers), queued: queued.waiting)))
                }
            }
        } onCancel: {
            pending.cancellation.cancel()
            pending.finish(.failure(.cancelled))
        }
        return try outcome.get()
    }

    /// Jobs waiting for a worker now.
    public var waitingJobs: Int {
        queue.waitingCount
    }

    /// Stops the workers once their current jobs end; waiting jobs fail as shut down.
    public func shutdown() {
        for job in queue.close() { job.finish(.failure(.shutDown)) }
    }
}

/// One worker thread's loop and the recognizer only it uses.
private final class Worker: @unchecked Sendable {
    private let recognizer: any OCRRecognizer
    private let queue: JobQueue
    private let timeLimit: Duration
    private let sleep: @Sendable (Duration) async throws -> Void

    init(recognizer: any OCRRecognizer, queue: JobQueue, timeLimit: Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.recognizer = recognizer
        self.queue = queue
        self.timeLimit = timeLimit
        self.sleep = sleep
    }

    func run() {
        while let pending = queue.take() {
            defer { queue.done() }
            guard !pending.cancellation.isCancelled else { continue }
            let timer = Task { [sleep, timeLimit] in
                do { try await sleep(timeLimit) } catch { return }
                pending.cancellation.cancel()
                pending.finish(.failure(.timeLimit(timeLimit)))
            }
            let outcome: PendingJob.Outcome
            do throws(OCRError) {
                outcome = .success(try recognizer.recognize(pending.job, cancellation: pending.cancellation, timeLimit: timeLimit))
            } catch {
                outcome = .failure(error)
            }
            timer.cancel()
            pending.finish(outcome)
        }
    }
}
