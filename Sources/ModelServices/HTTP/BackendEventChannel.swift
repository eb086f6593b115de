import AsyncAlgorithms
import Synchronization

/// Where a streamed answer's events go, one at a time: sending waits until the caller has
/// taken the event (no buffer), so the backend's answer is read only as fast as the caller
/// reads. Remembers whether the final event was delivered.
final class BackendEventChannel: Sendable {
    let channel = AsyncThrowingChannel<ModelEvent, any Error>()
    private let finished = Atomic<Bool>(false)

    /// Whether `.finished` has been handed over: what follows is only draining.
    var deliveredFinished: Bool { finished.load(ordering: .acquiring) }

    func deliverFinished(_ result: ModelResult) async {
        finished.store(true, ordering: .releasing)
        await channel.send(.finished(result))
    }
}

/// The caller's end of a streamed answer. When the caller lets go of the stream (this
/// object is released), a request still answering is cancelled and a waiting send is
/// released; a request whose answer has finished is left to drain its body.
final class BackendEventReader: Sendable {
    private let events: BackendEventChannel
    private let task: Task<Void, Never>

    init(events: BackendEventChannel, task: Task<Void, Never>) {
        self.events = events
        self.task = task
    }

    /// The next event; the channel holds the state, so each call takes its own iterator.
    func next() async throws -> ModelEvent? {
        var iterator = events.channel.makeAsyncIterator()
        return try await iterator.next()
    }

    deinit {
        if !events.deliveredFinished { task.cancel() }
        events.channel.finish()
    }
}
