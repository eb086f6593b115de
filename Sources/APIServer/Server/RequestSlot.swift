import FlintAPI
import NIOCore
import Synchronization

/// A stream's one request message, handed from the connection to the call's task.
///
/// A unary request usually arrives in the same read as its HEADERS, before the call's task
/// runs: ``take()`` then hands it over without waiting (no timer, no child task).
final class RequestSlot: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<ByteBuffer?, any Error>)
        case delivered(ByteBuffer)
        case failed(RPCError)
        case finished
    }

    private let state = Mutex<State>(.empty)

    /// Gives the call its request; only the first counts (the state machine delivers one).
    func deliver(_ request: ByteBuffer) {
        settle(.success(request))
    }

    /// No request will come (the stream or the connection ended); a delivered one stays.
    func finish() {
        settle(.success(nil))
    }

    /// The request cannot be read (gRPC: compressed, too large, cut short): the call fails
    /// with `error`.
    func fail(_ error: RPCError) {
        settle(.failure(error))
    }

    /// Hands `outcome` (nil: no request will come) to a waiting call, or keeps it for
    /// ``take()``.
    private func settle(_ outcome: Result<ByteBuffer?, RPCError>) {
        let waiter = state.withLock { state -> CheckedContinuation<ByteBuffer?, any Error>? in
            switch state {
            case .empty:
                switch outcome {
                case .success(let request?): state = .delivered(request)
                case .success(nil): state = .finished
                case .failure(let error): state = .failed(error)
                }
                return nil
            case .waiting(let waiter):
                state = .finished
                return waiter
            case .delivered, .failed, .finished:
                return nil
            }
        }
        waiter?.resume(with: outcome.mapError { $0 as any Error })
    }

    /// The request if it has arrived, without waiting; throws the error it failed with.
    func take() throws(RPCError) -> ByteBuffer? {
        try state.withLock { state throws(RPCError) in
            switch state {
            case .delivered(let request):
                state = .finished
                return request
            case .failed(let error):
                state = .finished
                throw error
            case .empty, .waiting, .finished:
                return nil
            }
        }
    }

    /// Waits for the request; nil when none will come or the task is cancelled; throws the
    /// error it failed with.
    func wait() async throws -> ByteBuffer? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<ByteBuffer?, any Error>) in
                let ready = state.withLock { state -> Result<ByteBuffer?, any Error>? in
                    switch state {
                    case .delivered(let request):
                        state = .finished
                        return .success(request)
                    case .failed(let error):
                        state = .finished
                        return .failure(error)
                    case .empty:
                        state = .waiting(waiter)
                        return nil
                    case .waiting, .finished:
                        return .success(nil)
                    }
                }
                if let ready { waiter.resume(with: ready) }
            }
        } onCancel: {
            finish()
        }
    }
}
