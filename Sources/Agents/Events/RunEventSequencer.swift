import AsyncAlgorithms
import FlintAPI

/// The one sequencer of a run's events: every part of the run sends its events here, and
/// one consumer numbers them 0, 1, 2, … in the order it takes them and writes them out.
/// A send waits until the consumer took the event (nothing piles up in between), so a
/// client that stops reading pauses the whole run instead of growing a buffer.
final class RunEventSequencer: Sendable {
    private let channel = AsyncChannel<AgentEvent.Event>()

    /// Waits until the event is taken; returns without sending when the task is cancelled.
    func send(_ event: AgentEvent.Event) async {
        await channel.send(event)
    }

    /// No more events.
    func finish() {
        channel.finish()
    }

    /// Numbers and writes every event until ``finish()``.
    func deliver(to write: (AgentEvent) async throws -> Void) async throws {
        var sequence: UInt64 = 0
        for await event in channel {
            try await write(AgentEvent(sequence: sequence, event: event))
            sequence += 1
        }
    }
}
