import Dispatch
import Synchronization

/// Checks that an image's data really decodes, for the edge (which reads headers and
/// structure only): a JPEG scan or PNG data that is corrupt inside a well-formed file.
/// Decodes run on threads of their own (never the Swift pool or an event loop), at most
/// `concurrency` at once; beyond that the check fails at once as busy. Each decode is held
/// to the pixel budget before it allocates, and the caller waits at most `timeLimit` (a
/// decode past it still holds its slot until it ends, so they never pile up).
public final class ImageDecodeCheck: Sendable {
    public struct Limits: Sendable, Hashable {
        public var concurrency: Int
        public var timeLimit: Duration

        public init(concurrency: Int = 4, timeLimit: Duration = .seconds(10)) {
            self.concurrency = concurrency
            self.timeLimit = timeLimit
        }
    }

    public let limits: Limits
    private let queue = DispatchQueue(label: "flint.image-decode-check", attributes: .concurrent)
    private let running = Mutex(0)

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Decodes `bytes` (turned by `orientation`) within `pixels`; throws what stopped it:
    /// the image's own defect, `.busy` when every slot is taken, `.timeLimit` past the limit.
    public func check(_ bytes: [UInt8], orientation: Int, pixels: OCRPixelLimits) async throws(OCRError) {
        let taken = running.withLock { count -> Bool in
            guard count < limits.concurrency else { return false }
            count += 1
            return true
        }
        guard taken else { throw .busy(workers: limits.concurrency, queued: 0) }
        let outcome = OneOutcome()
        let result: Result<Void, OCRError> = await withCheckedContinuation { continuation in
            outcome.set(continuation)
            queue.async {
                let decoded = Result<Void, OCRError> { () throws(OCRError) in _ = try ImageDecoder(limits: pixels).decode(bytes, orientation: orientation) }
                self.running.withLock { $0 -= 1 }
                outcome.resume(decoded)
            }
            let (seconds, attoseconds) = limits.timeLimit.components
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))) {
                outcome.resume(.failure(.timeLimit(self.limits.timeLimit)))
            }
        }
        try result.get()
    }

    /// Decodes running now.
    public var runningChecks: Int { running.withLock { $0 } }
}

/// A continuation resumed once, by whichever comes first.
private final class OneOutcome: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<Result<Void, OCRError>, Never>?, done: Bool)>((nil, false))

    func set(_ continuation: CheckedContinuation<Result<Void, OCRError>, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func resume(_ result: Result<Void, OCRError>) {
        let continuation = state.withLock { state -> CheckedContinuation<Result<Void, OCRError>, Never>? in
            guard !state.done else { return nil }
            state.done = true
            return state.continuation
        }
        continuation?.resume(returning: result)
    }
}
