import Dispatch
import Synchronization

/// Sleeps that give their memory back the moment they are cancelled.
///
/// A cancelled `Task.sleep` ends at once, but Swift's runtime keeps its timer and task
/// allocation (about 560 bytes) until the original deadline passes. Per-call timers (a
/// call's deadline, a request or first-byte timeout) are almost always cancelled long
/// before their deadline, so under load those leftovers pile up: a 10-minute soak left the
/// server 380 MiB above its baseline, freed only as each call's 10-minute limit passed.
/// These sleeps run on a Dispatch timer that is cancelled, and freed, with the task.
public enum CancellableSleep {
    /// Sleeps until `deadline`; throws `CancellationError` as soon as the task is cancelled.
    public static func until(_ deadline: ContinuousClock.Instant) async throws {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return try Task.checkCancellation() }
        let sleep = Sleep()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                sleep.start(continuation, after: remaining)
            }
        } onCancel: {
            sleep.cancel()
        }
    }

    /// Sleeps for `duration`; throws `CancellationError` as soon as the task is cancelled.
    public static func `for`(_ duration: Duration) async throws {
        try await until(.now + duration)
    }

    private static let queue = DispatchQueue(label: "flint.timing.sleep")

    /// One sleep's timer and continuation: whichever comes first, the timer or the
    /// cancellation, resumes the continuation and cancels the timer; the other does nothing.
    private final class Sleep: Sendable {
        /// A Dispatch timer, safe to cancel from any thread.
        private struct Timer: @unchecked Sendable {
            let source: any DispatchSourceTimer
        }

        private enum State {
            case notStarted
            case waiting(CheckedContinuation<Void, any Error>, Timer)
            case cancelledBeforeStart
            case firedBeforeStart
            case finished
        }

        private let state = Mutex<State>(.notStarted)

        func start(_ continuation: CheckedContinuation<Void, any Error>, after duration: Duration) {
            // A suspended Dispatch source must never be released, so the timer is running
            // before anything else can see it.
            let source = DispatchSource.makeTimerSource(queue: CancellableSleep.queue)
            source.setEventHandler { [self] in fired() }
            let (seconds, attoseconds) = duration.components
            // Past about 292 years a sleep is forever.
            let delay: DispatchTimeInterval =
                seconds >= Int64(Int.max / 1_000_000_000) - 1 ? .never : .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
            source.schedule(deadline: .now() + delay, leeway: .milliseconds(1))
            source.resume()
            let timer = Timer(source: source)
            let outcome = state.withLock { state -> Result<Void, any Error>? in
                switch state {
                case .notStarted:
                    state = .waiting(continuation, timer)
                    return nil
                case .cancelledBeforeStart:
                    state = .finished
                    return .failure(CancellationError())
                case .firedBeforeStart:
                    state = .finished
                    return .success(())
                case .waiting, .finished:
                    preconditionFailure("a sleep started twice")
                }
            }
            if let outcome {
                source.cancel()
                continuation.resume(with: outcome)
            }
        }

        func cancel() {
            finish(with: .failure(CancellationError()), orElse: .cancelledBeforeStart)
        }

        private func fired() {
            finish(with: .success(()), orElse: .firedBeforeStart)
        }

        /// Resumes a waiting sleep with `outcome`; before the start, records `early` instead.
        private func finish(with outcome: Result<Void, any Error>, orElse early: State) {
            let waiting = state.withLock { state -> (CheckedContinuation<Void, any Error>, Timer)? in
                switch state {
                case .notStarted:
                    state = early
                    return nil
                case .waiting(let continuation, let timer):
                    state = .finished
                    return (continuation, timer)
                case .cancelledBeforeStart, .firedBeforeStart, .finished:
                    return nil
                }
            }
            guard let (continuation, timer) = waiting else { return }
            timer.source.cancel()
            continuation.resume(with: outcome)
        }
    }
}
