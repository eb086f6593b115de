import Synchronization

/// Something that happens once per stream, claimed by whoever gets there first, across
/// copies and tasks: sending the response HEADERS, timing the first message, ending the
/// stream.
final class OnceLatch: Sendable {
    private let claimed = Atomic<Bool>(false)

    /// True exactly once: for the caller that gets to do the thing.
    func claim() -> Bool {
        claimed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    }
}
