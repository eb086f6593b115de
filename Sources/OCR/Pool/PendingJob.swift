import Synchronization

/// A job in the pool: its input, its stop flag, and the caller waiting for its outcome,
/// which is delivered once: by the worker, the time limit, a full queue or the caller's
/// cancellation, whichever comes first.
final class PendingJob: Sendable {
    typealias Outcome = Result<OCRResult, OCRError>

    let job: OCRJob
    let cancellation = OCRCancellation()
    private let state = Mutex<State>(State())

    private struct State {
        var waiter: CheckedContinuation<Outcome, Never>?
        var outcome: Outcome?
        var delivered = false
    }

    init(_ job: OCRJob) {
        self.job = job
    }

    /// Sets the caller waiting; it resumes at once when the outcome is already known.
    func wait(with continuation: CheckedContinuation<Outcome, Never>) {
        let ready = state.withLock { state -> Outcome? in
            guard let outcome = state.outcome else {
                state.waiter = continuation
                return nil
            }
            return outcome
        }
        if let ready { continuation.resume(returning: ready) }
    }

    /// Delivers `outcome` unless one was delivered already.
    func finish(_ outcome: Outcome) {
        let waiter = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
            guard !state.delivered else { return nil }
            state.delivered = true
            state.outcome = outcome
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: outcome)
    }
}
