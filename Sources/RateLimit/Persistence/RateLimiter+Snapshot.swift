extension RateLimiter {
    /// The state worth keeping across a restart: every bucket that is not full and every
    /// non-zero daily count of the current UTC day, read at one moment.
    ///
    /// Full buckets and subjects with nothing counted are left out: a subject the limiter
    /// has never seen starts exactly like that. Concurrency counts are left out: the calls
    /// in flight die with the process. The levels include the estimates of calls still in
    /// flight, so those calls count as settled at their estimate.
    ///
    /// The lock is held only to take a copy-on-write reference to the table; the snapshot
    /// is built outside it (the next change to the table pays for one copy of it).
    public func snapshot() -> [BucketState] {
        let moment = self.moment
        let table = self.state.withLock { $0.table }
        return table.all.flatMap { subject, state in
            Self.bucketStates(subject, state, at: moment)
        }
    }

    /// Replaces all state with a snapshot, as a restarted server does before it admits
    /// anything.
    ///
    /// What survives: each bucket's level as of `readAtUnixMs`, refilled (at the rate it
    /// had then) for the wall time elapsed since, and clamped to its capacity; the daily
    /// counts of the current UTC day (those of earlier days have reset). A snapshot read
    /// "in the future" (the wall clock went back) refills nothing, and its daily counts of a
    /// later day count as today's. What does not survive:
    /// concurrency counts (every stream slot is free) and reservations: those made before
    /// this call settle as no-ops, so their estimates stay charged. The limits passed with
    /// the next call then apply as a live change.
    ///
    /// Entries with an invalid limit are skipped; levels are clamped to the bucket's range;
    /// at most ``Configuration/maxSubjects`` subjects are restored. Returns the number of
    /// subjects restored.
    @discardableResult
    public func restore(_ states: [BucketState]) -> Int {
        let moment = self.moment
        let subjects = Self.subjects(from: states, at: moment)
        return self.state.withLock { state in
            state.replaceAll(with: subjects, at: moment)
            return state.table.count
        }
    }
}

extension RateLimiter {
    private static func bucketStates(_ subject: Subject, _ state: SubjectState, at moment: Moment) -> [BucketState] {
        var values: [BucketState.Value] = []
        if let bucket = state.requests?.refilled(toMs: moment.monotonicMs), !bucket.isFull {
            values.append(.requests(limit: bucket.limit, levelUnits: bucket.levelUnits))
        }
        if let bucket = state.tokens?.refilled(toMs: moment.monotonicMs), !bucket.isFull {
            values.append(.tokens(limit: bucket.limit, levelUnits: bucket.levelUnits))
        }
        if let daily = state.daily, daily.used > 0, daily.day >= moment.utcDay {
            values.append(.dailyTokens(utcDay: daily.day, used: daily.used))
        }
        return values.map {
            BucketState(scope: subject.scope, subject: subject.id, readAtUnixMs: moment.unixMs, value: $0)
        }
    }

    private static func subjects(from states: [BucketState], at moment: Moment) -> [(Subject, SubjectState)] {
        var order: [Subject] = []
        var restored: [Subject: SubjectState] = [:]
        for bucketState in states {
            let subject = Subject(scope: bucketState.scope, id: bucketState.subject)
            let current = restored[subject] ?? SubjectState(atMs: moment.monotonicMs)
            guard let state = current.restoring(bucketState, at: moment) else { continue }
            if restored.updateValue(state, forKey: subject) == nil {
                order.append(subject)
            }
        }
        return order.compactMap { subject in
            guard let state = restored[subject], !state.isDormant(at: moment) else { return nil }
            return (subject, state)
        }
    }
}

extension SubjectState {
    /// This state with `bucketState` restored into it, or `nil` if it is invalid.
    fileprivate func restoring(_ bucketState: BucketState, at moment: Moment) -> SubjectState? {
        let elapsedMs = max(0, moment.unixMs.saturatingSubtract(bucketState.readAtUnixMs))
        var requests = self.requests
        var tokens = self.tokens
        var daily = self.daily
        switch bucketState.value {
        case .requests(let limit, let levelUnits):
            guard let bucket = Self.bucket(limit, levelUnits, elapsedMs, at: moment) else { return nil }
            requests = bucket
        case .tokens(let limit, let levelUnits):
            guard let bucket = Self.bucket(limit, levelUnits, elapsedMs, at: moment) else { return nil }
            tokens = bucket
        case .dailyTokens(let utcDay, let used):
            guard utcDay >= moment.utcDay else { return self }
            // A count from a later day (the wall clock went back) is clamped to today: kept,
            // and reset when today ends, not when that later day does.
            daily = DailyUsage(day: moment.utcDay, used: used)
        }
        return SubjectState(restoring: requests, tokens: tokens, daily: daily, atMs: moment.monotonicMs)
    }

    private static func bucket(_ limit: BucketLimit, _ levelUnits: Int64, _ elapsedMs: Int64, at moment: Moment)
        -> TokenBucket?
    {
        do {
            try limit.validate(field: "snapshot")
        } catch {
            return nil
        }
        var bucket = TokenBucket(limit: limit, levelUnits: levelUnits, atMs: moment.monotonicMs)
        bucket.credit(elapsedMs: elapsedMs)
        return bucket
    }
}
