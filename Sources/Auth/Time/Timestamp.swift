/// A point in wall-clock time: Unix milliseconds, UTC, as the admin API and the stores
/// carry times.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// `timestamp` moved by `duration`, saturating at the ends of the range.
    public static func + (timestamp: Timestamp, duration: Duration) -> Timestamp {
        let (sum, overflow) = timestamp.millisecondsSinceEpoch.addingReportingOverflow(duration.milliseconds)
        guard !overflow else { return Timestamp(millisecondsSinceEpoch: duration < .zero ? .min : .max) }
        return Timestamp(millisecondsSinceEpoch: sum)
    }

    /// The time from `other` to `self`.
    public func duration(since other: Timestamp) -> Duration {
        let (difference, overflow) = self.millisecondsSinceEpoch.subtractingReportingOverflow(other.millisecondsSinceEpoch)
        guard !overflow else { return self < other ? .milliseconds(Int64.min) : .milliseconds(Int64.max) }
        return .milliseconds(difference)
    }
}

extension Timestamp: CustomStringConvertible {
    public var description: String { "\(self.millisecondsSinceEpoch)ms" }
}

extension Duration {
    /// Whole milliseconds, rounded toward zero and saturating.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = self.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (total, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        guard !overflow2 else { return seconds < 0 ? .min : .max }
        return total
    }
}
