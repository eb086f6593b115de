import NIOCore
import Synchronization

/// A stream's one request message, handed from the connection to the call's task.
///
/// A unary request usually arrives in the same read as its HEADERS, before the call's task
/// runs: ``take()`` then hands it over without waiting (no timer, no child task).
final class RequestSlot: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<ByteBuffer?, Never>)
        case delivered(ByteBuffer)
        case finished
    }

    private let state = Mutex<State>(.empty)

    /// Gives the call its request; only the first counts (the state machine delivers one).
    func deliver(_ request: ByteBuffer) {
        settle(request)
    }

    /// No request will come (the stream or the connection ended); a delivered one stays.
    func finish() {
        settle(nil)
    }

    /// Hands `request` (nil: none will come) to a waiting call, or keeps it for ``take()``.
    private func settle(_ request: ByteBuffer?) {
        let waiter = state.withLock { state -> CheckedContinuation<ByteBuffer?, Never>? in
            switch state {
            case .empty:
                state = request.map(State.delivered) ?? .finished
                return nil
            case .waiting(let waiter):
                state = .finished
                return waiter
            case .delivered, .finished:
                return nil
            }
        }
        waiter?.resume(returning: request)
    }

    /// The request if it has arrived, without waiting.
    func take() -> ByteBuffer? {
        state.withLock { state in
            guard case .delivered(let request) = state else { return nil }
            state = .finished
            return request
        }
    }

    /// Waits for the request; nil when none will come or the task is cancelled.
    func wait() async -> ByteBuffer? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<ByteBuffer?, Never>) in
                let ready = state.withLock { state -> ByteBuffer?? in
                    switch state {
                    case .delivered(let request):
                        state = .finished
                        return .some(request)
                    case .empty:
                        state = .waiting(waiter)
                        return .none
                    case .waiting, .finished:
                        return .some(nil)
                    }
                }
                if let ready { waiter.resume(returning: ready) }
            }
        } onCancel: {
            finish()
        }
    }
}
