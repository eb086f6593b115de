#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A clock that never goes backwards in production, read in whole milliseconds since an
/// arbitrary origin. Token buckets refill against it.
///
/// The rate limiter tolerates a clock that does go backwards (a ``ManualClock`` can): time
/// already counted is never counted twice, so a backwards jump adds no tokens.
public protocol MonotonicClock: Sendable {
    /// Milliseconds since the clock's origin.
    var nowMs: Int64 { get }
}

/// A wall clock, read in milliseconds since the Unix epoch (UTC, no leap seconds).
///
/// Used for the daily token cap (which resets at UTC midnight) and for snapshots, which
/// must be meaningful to the next process.
public protocol WallClock: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    var unixMs: Int64 { get }
}

/// The system's monotonic clock (`ContinuousClock`, which keeps counting while the machine
/// is suspended), in milliseconds since this value was created.
public struct SystemMonotonicClock: MonotonicClock {
    private let origin: ContinuousClock.Instant

    public init() {
        self.origin = ContinuousClock.now
    }

    public var nowMs: Int64 {
        let elapsed = self.origin.duration(to: ContinuousClock.now).components
        return elapsed.seconds &* 1000 &+ elapsed.attoseconds / 1_000_000_000_000_000
    }
}

/// The system's real-time clock (`CLOCK_REALTIME`).
public struct SystemWallClock: WallClock {
    public init() {}

    public var unixMs: Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) &* 1000 &+ Int64(spec.tv_nsec) / 1_000_000
    }
}
