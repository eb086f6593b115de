import Synchronization

/// A clock for tests: it stands still until told to move, and it can move forwards and
/// backwards. It serves as both a ``MonotonicClock`` and a ``WallClock``; use two instances
/// to drive them independently.
public final class ManualClock: MonotonicClock, WallClock {
    private let ms: Mutex<Int64>

    /// A clock reading `ms` milliseconds.
    public init(ms: Int64 = 0) {
        self.ms = Mutex(ms)
    }

    public var nowMs: Int64 { self.ms.withLock { $0 } }

    public var unixMs: Int64 { self.ms.withLock { $0 } }

    /// Moves the clock by `deltaMs`, which may be negative.
    public func advance(byMs deltaMs: Int64) {
        self.ms.withLock { $0 &+= deltaMs }
    }

    /// Sets the clock to read `ms`, before or after its current reading.
    public func set(ms: Int64) {
        self.ms.withLock { $0 = ms }
    }
}
