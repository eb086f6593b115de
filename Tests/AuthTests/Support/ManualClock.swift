import Auth
import Synchronization

/// A wall clock that moves only when a test says so.
final class ManualClock: WallClock {
    private let current: Mutex<Timestamp>

    init(_ start: Timestamp = Timestamp(millisecondsSinceEpoch: 1_750_000_000_000)) {
        self.current = Mutex(start)
    }

    func now() -> Timestamp {
        self.current.withLock { $0 }
    }

    func advance(by duration: Duration) {
        self.current.withLock { $0 = $0 + duration }
    }
}
