import Synchronization

/// Token-bucket quotas for Flint's calls, per API key and per partner across its keys.
///
/// Every call is admitted with ``admit(key:partner:keyLimits:partnerLimits:estimatedTokens:)``,
/// which checks and takes from all the limits that apply (key and partner: requests,
/// tokens, concurrent streams, daily tokens) at once or from none, and ends with
/// ``settle(_:actualTokens:)``. One lock guards all state; its critical sections do a few
/// dictionary look-ups and integer operations, and never read a clock or allocate for a
/// rejected call. No bucket ever admits more than its capacity plus its refill over the
/// elapsed time, under any concurrency (unless its capacity is raised meanwhile, see
/// below, or the table is over its bound, see ``Configuration/maxSubjects``).
///
/// Limits are passed with each call, so a change takes effect on the next call. When a
/// bucket's capacity changes, a larger capacity raises the level by the difference (what
/// was used stays used; a full bucket stays full), a smaller one clamps the level to it
/// (debt is kept); the rate changes from that moment, time before it refilled at the old
/// rate. A bucket whose limit is removed is dropped, and comes back full if the limit
/// returns. A lowered stream cap leaves calls in flight alone and admits again once
/// enough have ended. Daily counts are kept only while a daily cap is set: a cap set
/// mid-day counts from then on.
///
/// Time comes from two injected clocks: a ``MonotonicClock`` for refill and a
/// ``WallClock`` for the daily cap (UTC days) and snapshots.
public final class RateLimiter: Sendable {
    /// How the limiter bounds itself. Every field has a default.
    public struct Configuration: Sendable {
        /// The most keys and partners holding state at once (subjects with calls in flight
        /// excepted). Default 100 000.
        ///
        /// Subjects that carry no information (buckets full, nothing in flight or counted
        /// today) are forgotten as calls sweep the table. When the table is full of
        /// subjects that do carry information, a new subject makes the limiter forget the
        /// least recently used quarter of those with nothing in flight: they start full
        /// when they return. Size it above the number of keys and partners active within
        /// a refill period.
        public var maxSubjects: Int
        /// The `retryAfterMs` of a denial for the concurrency cap: no one knows when a call
        /// ends, so this is a hint to avoid hot retry loops. Default 100 ms.
        public var concurrencyRetryAfterMs: UInt64
        /// Entries examined for eviction on each admit and settle. Default 2.
        public var sweepStepsPerCall: Int

        public init(maxSubjects: Int = 100_000, concurrencyRetryAfterMs: UInt64 = 100, sweepStepsPerCall: Int = 2) {
            self.maxSubjects = maxSubjects
            self.concurrencyRetryAfterMs = concurrencyRetryAfterMs
            self.sweepStepsPerCall = sweepStepsPerCall
        }
    }

    let state: Mutex<QuotaState>
    private let denials = Atomic<UInt64>(0)
    private let clock: any MonotonicClock
    private let wallClock: any WallClock

    public init(
        configuration: Configuration = Configuration(),
        clock: any MonotonicClock = SystemMonotonicClock(),
        wallClock: any WallClock = SystemWallClock()
    ) {
        self.state = Mutex(
            QuotaState(
                maxSubjects: configuration.maxSubjects,
                concurrencyRetryAfterMs: configuration.concurrencyRetryAfterMs,
                sweepStepsPerCall: max(1, configuration.sweepStepsPerCall)
            )
        )
        self.clock = clock
        self.wallClock = wallClock
    }

    /// Reads both clocks, outside the lock.
    var moment: Moment {
        Moment(monotonicMs: self.clock.nowMs, unixMs: self.wallClock.unixMs)
    }

    /// How many keys and partners hold state now.
    public var subjectCount: Int { self.state.withLock { $0.table.count } }

    /// Calls denied so far (admissions and extensions): a denial means a bucket is at its
    /// limit, a state worth saving soon.
    public var denialCount: UInt64 { self.denials.load(ordering: .relaxed) }

    func countDenial() {
        self.denials.add(1, ordering: .relaxed)
    }
}

extension RateLimiter {
    /// Admits a call, or says which limit denies it.
    ///
    /// Takes one request, `estimatedTokens` (prompt + max output tokens) and one stream
    /// slot from the key's and the partner's limits, and adds `estimatedTokens` to their
    /// daily counts, all at once; if any limit denies, nothing is taken and nothing is
    /// stored. The ``Denial`` is the most binding one.
    public func admit(
        key: String,
        partner: String,
        keyLimits: QuotaLimits,
        partnerLimits: QuotaLimits,
        estimatedTokens: UInt64
    ) -> Result<Reservation, Denial> {
        let request = AdmissionRequest(
            key: key, partner: partner, keyLimits: keyLimits, partnerLimits: partnerLimits,
            estimatedTokens: estimatedTokens
        )
        let moment = self.moment
        let result = self.state.withLock { $0.admit(request, at: moment) }
        if case .failure = result { countDenial() }
        return result.map { Reservation($0, limiter: self) }
    }

    /// Ends an admitted call that used `actualTokens` (input + output): gives back the
    /// unused estimate or charges the overrun (a bucket may go into debt, and later calls
    /// wait until refill has paid it), frees the stream slot, and counts `actualTokens`
    /// for the day. Returns whether this call did it: settling again, settling a
    /// reservation of another limiter, or one made before ``restore(_:)``, does nothing.
    @discardableResult
    public func settle(_ reservation: Reservation, actualTokens: UInt64) -> Bool {
        guard reservation.limiter === self, reservation.claimSettlement() else {
            return false
        }
        return self.settle(reservation.settlingAdmission, actualTokens: actualTokens)
    }

    /// Settles an admission whose reservation has just been claimed.
    @discardableResult
    func settle(_ admission: Admission, actualTokens: UInt64) -> Bool {
        let moment = self.moment
        return self.state.withLock { $0.settle(admission, actualTokens: actualTokens, at: moment) }
    }

    /// The key's and partner's limits as they stand, for the headers of a denied call.
    /// Changes nothing and stores nothing.
    public func status(
        key: String,
        partner: String,
        keyLimits: QuotaLimits,
        partnerLimits: QuotaLimits
    ) -> QuotaStatus {
        let request = AdmissionRequest(
            key: key, partner: partner, keyLimits: keyLimits, partnerLimits: partnerLimits,
            estimatedTokens: 0
        )
        let moment = self.moment
        return self.state.withLock { $0.status(request, at: moment) }
    }
}
