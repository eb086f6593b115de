/// A token bucket with exact integer arithmetic.
///
/// Levels are kept in *units*: one token is ``unitsPerToken`` (60 000) units, so a bucket
/// that refills `r` tokens per minute gains exactly `r` units per millisecond. Nothing is
/// rounded, so nothing drifts: after any sequence of refills the level is exactly what one
/// refill over the whole interval would give (up to the capacity).
///
/// The level may be negative (debt) after a call used more tokens than it reserved; the
/// bucket then admits nothing until refill has paid the debt back.
///
/// Time already counted is never counted again: `updatedAtMs` only moves forward, so a
/// clock that jumps backwards adds no tokens, and refill resumes once the clock has passed
/// the latest time it had already reached.
struct TokenBucket: Hashable, Sendable {
    /// Units per token: a rate of one token per minute refills one unit per millisecond.
    static let unitsPerToken: Int64 = 60_000
    /// The deepest debt a bucket can carry: the largest capacity a limit can configure.
    static let maxDebtUnits: Int64 = Int64(QuotaLimits.maxValue) * unitsPerToken

    private(set) var limit: BucketLimit
    private(set) var levelUnits: Int64
    /// The monotonic time up to which refill has been counted.
    private(set) var updatedAtMs: Int64

    /// A full bucket.
    init(limit: BucketLimit, atMs now: Int64) {
        self.limit = limit
        self.levelUnits = Int64(limit.burst) * Self.unitsPerToken
        self.updatedAtMs = now
    }

    /// A bucket at `levelUnits`, clamped between the deepest debt and the capacity.
    init(limit: BucketLimit, levelUnits: Int64, atMs now: Int64) {
        self.init(limit: limit, atMs: now)
        self.levelUnits = min(max(levelUnits, -Self.maxDebtUnits), self.capacityUnits)
    }

    var capacityUnits: Int64 { Int64(self.limit.burst) * Self.unitsPerToken }

    /// Units gained per millisecond: the per-minute rate.
    private var rateUnitsPerMs: Int64 { Int64(self.limit.perMinute) }

    var isFull: Bool { self.levelUnits >= self.capacityUnits }
}

extension TokenBucket {
    /// Counts the refill from `updatedAtMs` up to `now`; does nothing if `now` is earlier.
    mutating func refill(toMs now: Int64) {
        guard now > self.updatedAtMs else { return }
        self.credit(elapsedMs: now.saturatingSubtract(self.updatedAtMs))
        self.updatedAtMs = now
    }

    /// Adds what `elapsedMs` of refill brings, up to the capacity.
    mutating func credit(elapsedMs: Int64) {
        let missing = self.capacityUnits - self.levelUnits
        guard missing > 0, elapsedMs > 0 else { return }
        if elapsedMs >= missing.dividedRoundingUp(by: self.rateUnitsPerMs) {
            self.levelUnits = self.capacityUnits
        } else {
            self.levelUnits += elapsedMs * self.rateUnitsPerMs
        }
    }

    /// The same bucket refilled to `now`.
    func refilled(toMs now: Int64) -> TokenBucket {
        var copy = self
        copy.refill(toMs: now)
        return copy
    }

    /// Milliseconds from `now` until the level reaches `units`, rounded up: 0 if it is
    /// there already. Call on a bucket refilled to `now`.
    func waitMs(untilUnits units: Int64, atMs now: Int64) -> Int64 {
        guard self.levelUnits < units else { return 0 }
        let pending = max(0, self.updatedAtMs.saturatingSubtract(now))
        let refill = (units - self.levelUnits).dividedRoundingUp(by: self.rateUnitsPerMs)
        return pending.saturatingAdd(refill)
    }
}

extension TokenBucket {
    /// Takes `units`, which the caller has checked are there.
    mutating func take(units: Int64) {
        self.levelUnits -= units
    }

    /// Settles a reservation of `reservedUnits` that turned out to cost `actualUnits`:
    /// returns what was unused (never above the capacity) or charges the overrun (never
    /// below the deepest debt).
    mutating func settle(reservedUnits: Int64, actualUnits: Int64) {
        if actualUnits <= reservedUnits {
            let refund = reservedUnits - actualUnits
            self.levelUnits = min(self.levelUnits.saturatingAdd(refund), self.capacityUnits)
        } else {
            let overrun = actualUnits - reservedUnits
            self.levelUnits = max(self.levelUnits.saturatingSubtract(overrun), -Self.maxDebtUnits)
        }
    }

    /// Switches to a new limit at `now`.
    ///
    /// Time up to `now` is refilled at the old rate, time after it at the new one. The
    /// level follows the capacity like this: when the capacity grows, the level grows by
    /// the same amount (what was used stays used; a full bucket stays full); when it
    /// shrinks, the level is clamped to the new capacity (and debt is kept as it is).
    mutating func reconfigure(to limit: BucketLimit, atMs now: Int64) {
        guard limit != self.limit else { return }
        self.refill(toMs: now)
        let oldCapacity = self.capacityUnits
        self.limit = limit
        let newCapacity = self.capacityUnits
        if newCapacity > oldCapacity {
            self.levelUnits += newCapacity - oldCapacity
        } else {
            self.levelUnits = min(self.levelUnits, newCapacity)
        }
    }
}

extension TokenBucket {
    /// What the bucket looks like to a caller at `now`, for response headers.
    func status(atMs now: Int64) -> BucketStatus {
        let bucket = self.refilled(toMs: now)
        return BucketStatus(
            limit: self.limit.perMinute,
            burst: self.limit.burst,
            remaining: (bucket.levelUnits / Self.unitsPerToken).clampedToUnsigned,
            resetMs: bucket.waitMs(untilUnits: bucket.capacityUnits, atMs: now).clampedToUnsigned
        )
    }
}
