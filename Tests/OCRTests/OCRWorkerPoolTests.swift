import Dispatch
import FlintTestSupport
import OCR
import Synchronization
import Testing

/// The pool's bounds with a recognizer that holds each job until the test lets it go.
@Suite struct OCRWorkerPoolTests {
    @Test func pastAFullQueueAJobFailsAtOnceAsBusy() async throws {
        let gated = GatedRecognizer()
        let pool = try OCRWorkerPool(limits: OCRLimits(workers: 1, queueCapacity: 1)) { gated }
        defer { pool.shutdown() }
        let first = Task { try await pool.recognize(OCRJob(image: [1])) }
        try await gated.waitUntilStarted(1)
        let second = Task { () async -> OCRError? in await Self.failure { () async throws(OCRError) -> OCRResult in try await pool.recognize(OCRJob(image: [2])) } }
        let third = Task { () async -> OCRError? in await Self.failure { () async throws(OCRError) -> OCRResult in try await pool.recognize(OCRJob(image: [3])) } }
        // One of the two waits in the queue; the other finds it full.
        let busy = try await bounded(.seconds(60)) { () async -> OCRError? in
            await withTaskGroup(of: OCRError?.self) { group in
                group.addTask { await second.value }
                group.addTask { await third.value }
                let outcome = await group.next()!
                gated.open()
                return outcome
            }
        }
        #expect(busy == .busy(workers: 1, queued: 1))
        #expect("\(busy!)".contains("busy"))
        _ = try await bounded(.seconds(60)) { try await first.value }
        let results = try await bounded(.seconds(60)) { [await second.value, await third.value] }
        #expect(results.filter { $0 == nil }.count == 1)
        #expect(gated.jobsSeen == 2)
    }

    @Test func aJobPastItsTimeLimitIsStoppedAndItsWorkerFreed() async throws {
        let gated = GatedRecognizer()
        let firstSleep = Atomic<Bool>(true)
        // The first job's time limit elapses at once; later ones never do.
        let sleep: @Sendable (Duration) async throws -> Void = { _ in
            if !firstSleep.exchange(false, ordering: .relaxed) { try await Task.sleep(for: .seconds(3600)) }
        }
        let pool = try OCRWorkerPool(limits: OCRLimits(workers: 1, queueCapacity: 4, timeLimit: .seconds(5)), sleep: sleep) { gated }
        defer { pool.shutdown() }
        let failure = try await bounded(.seconds(60)) { await Self.failure { () async throws(OCRError) -> OCRResult in try await pool.recognize(OCRJob(image: [1])) } }
        #expect(failure == .timeLimit(.seconds(5)))
        try await gated.waitUntilStarted(1)
        #expect(gated.cancellations.first?.isCancelled == true)  // Tesseract's cancel callback reads this
        gated.open()
        let next = try await bounded(.seconds(60)) { try await pool.recognize(OCRJob(image: [2])) }
        #expect(next.width == 2)
    }

    @Test func aCancelledCallerStopsWaitingAtOnce() async throws {
        let gated = GatedRecognizer()
        let pool = try OCRWorkerPool(limits: OCRLimits(workers: 1)) { gated }
        defer { pool.shutdown() }
        let call = Task { await Self.failure { () async throws(OCRError) -> OCRResult in try await pool.recognize(OCRJob(image: [1])) } }
        try await gated.waitUntilStarted(1)
        call.cancel()
        // The worker is still held: the caller returns without it.
        let failure = try await bounded(.seconds(60)) { await call.value }
        #expect(failure == .cancelled)
        #expect(gated.cancellations.first?.isCancelled == true)
        gated.open()
    }

    @Test func shutdownFailsTheWaitingJobs() async throws {
        let gated = GatedRecognizer()
        let pool = try OCRWorkerPool(limits: OCRLimits(workers: 1, queueCapacity: 4)) { gated }
        let running = Task { try await pool.recognize(OCRJob(image: [1])) }
        try await gated.waitUntilStarted(1)
        let waiting = Task { await Self.failure { () async throws(OCRError) -> OCRResult in try await pool.recognize(OCRJob(image: [2])) } }
        try await gated.waitUntilQueued(pool: pool)
        pool.shutdown()
        #expect(try await bounded(.seconds(60)) { await waiting.value } == .shutDown)
        gated.open()
        _ = try await bounded(.seconds(60)) { try await running.value }
        #expect(await Self.failure { () async throws(OCRError) -> OCRResult in try await pool.recognize(OCRJob(image: [3])) } == .shutDown)
    }

    @Test func aRecognizerThatCannotStartFailsThePool() {
        #expect(throws: OCRError.languageData("missing")) {
            try OCRWorkerPool(limits: OCRLimits(workers: 2)) { () throws(OCRError) -> any OCRRecognizer in throw .languageData("missing") }
        }
    }

    static func failure(_ body: () async throws(OCRError) -> OCRResult) async -> OCRError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error
        }
    }
}

/// Holds every job until ``open()``, recording each job's stop flag; answers with a result
/// whose width is the job's first byte.
final class GatedRecognizer: OCRRecognizer, @unchecked Sendable {
    private let gate = DispatchSemaphore(value: 0)
    private let seen = Mutex<[OCRCancellation]>([])
    private let opened = Atomic<Bool>(false)
    /// One element per job started, awaited without holding a thread.
    private let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)

    func recognize(_ job: OCRJob, cancellation: OCRCancellation, timeLimit: Duration) throws(OCRError) -> OCRResult {
        seen.withLock { $0.append(cancellation) }
        startedContinuation.yield()
        if !opened.load(ordering: .acquiring) {
            _ = gate.wait(timeout: .now() + 30)
            gate.signal()  // let the next job through too
        }
        return OCRResult(width: Int(job.image.first ?? 0), height: 1, lines: [], words: [])
    }

    var cancellations: [OCRCancellation] { seen.withLock { $0 } }
    var jobsSeen: Int { seen.withLock { $0.count } }

    func open() {
        opened.store(true, ordering: .releasing)
        gate.signal()
    }

    /// Waits (bounded) until `count` more jobs have started.
    func waitUntilStarted(_ count: Int) async throws {
        try await bounded(.seconds(60)) { [started] in
            var seen = 0
            for await _ in started {
                seen += 1
                if seen == count { return }
            }
        }
    }

    /// Waits (bounded) until the pool reports a job waiting.
    func waitUntilQueued(pool: OCRWorkerPool) async throws {
        try await waitUntil(within: .seconds(60)) { pool.waitingJobs > 0 }
    }
}
