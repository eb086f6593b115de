/// All of the limiter's state, as a value: the lock in ``RateLimiter`` guards one of these,
/// and each method is one critical section. Time comes in as a ``Moment``; nothing here
/// reads a clock, allocates per rejected call, or blocks.
struct QuotaState: Sendable {
    private(set) var table: SubjectTable
    /// Bumped by ``replaceAll(with:at:)``: reservations from an earlier epoch settle as no-ops.
    private(set) var epoch: UInt64 = 0
    private var nextReservationID: UInt64 = 0
    /// The latest monotonic time seen.
    private var latestMs: Int64 = .min
    private let concurrencyRetryAfterMs: UInt64
    private let sweepStepsPerCall: Int

    init(maxSubjects: Int, concurrencyRetryAfterMs: UInt64, sweepStepsPerCall: Int) {
        self.table = SubjectTable(maxSubjects: maxSubjects)
        self.concurrencyRetryAfterMs = concurrencyRetryAfterMs
        self.sweepStepsPerCall = sweepStepsPerCall
    }

    /// Admits the call against every limit of its key and partner, or takes nothing.
    /// A denied call stores nothing, not even a new subject.
    mutating func admit(_ request: AdmissionRequest, at moment: Moment) -> Result<Admission, Denial> {
        let moment = self.observe(moment)
        var key = self.current(request.keySubject, request.keyLimits, at: moment)
        var partner = self.current(request.partnerSubject, request.partnerLimits, at: moment)
        if let denial = self.denial(request, key, partner, at: moment) {
            return .failure(denial)
        }
        let keyCharge = key.take(estimatedTokens: request.estimatedTokens, at: moment)
        let partnerCharge = partner.take(estimatedTokens: request.estimatedTokens, at: moment)
        self.table.store(key, for: request.keySubject, at: moment)
        self.table.store(partner, for: request.partnerSubject, at: moment)
        self.table.sweep(steps: self.sweepStepsPerCall, at: moment)
        self.nextReservationID += 1
        return .success(
            Admission(
                id: self.nextReservationID, key: request.key, partner: request.partner,
                estimatedTokens: request.estimatedTokens, epoch: self.epoch, keyCharge: keyCharge,
                partnerCharge: partnerCharge,
                status: QuotaStatus(key: key.status(at: moment), partner: partner.status(at: moment))
            )
        )
    }

    /// The most binding denial of the key's and the partner's, if any.
    private func denial(_ request: AdmissionRequest, _ key: SubjectState, _ partner: SubjectState, at moment: Moment)
        -> Denial?
    {
        let tokens = request.estimatedTokens
        let hint = self.concurrencyRetryAfterMs
        return Denial.mostBinding(
            key.denial(estimatedTokens: tokens, scope: .key, at: moment, concurrencyRetryAfterMs: hint),
            partner.denial(estimatedTokens: tokens, scope: .partner, at: moment, concurrencyRetryAfterMs: hint)
        )
    }

    /// Settles an admission from this epoch; one from an earlier epoch is ignored.
    /// Returns whether it settled anything.
    mutating func settle(_ admission: Admission, actualTokens: UInt64, at moment: Moment) -> Bool {
        guard admission.epoch == self.epoch else { return false }
        let moment = self.observe(moment)
        let parts = [
            (Subject(scope: .key, id: admission.key), admission.keyCharge),
            (Subject(scope: .partner, id: admission.partner), admission.partnerCharge),
        ]
        for (subject, charge) in parts {
            guard var state = self.table[subject] else { continue }
            state.settle(charge, estimated: admission.estimatedTokens, actual: actualTokens, at: moment)
            self.table.store(state, for: subject, at: moment)
        }
        self.table.sweep(steps: self.sweepStepsPerCall, at: moment)
        return true
    }

    /// The key's and partner's status under the given limits, changing nothing.
    func status(_ request: AdmissionRequest, at moment: Moment) -> QuotaStatus {
        let moment = Moment(monotonicMs: moment.monotonicMs, unixMs: moment.unixMs, latestMs: self.latestMs)
        let key = self.current(request.keySubject, request.keyLimits, at: moment)
        let partner = self.current(request.partnerSubject, request.partnerLimits, at: moment)
        return QuotaStatus(key: key.status(at: moment), partner: partner.status(at: moment))
    }

    /// Records `moment` as seen, and returns it with the latest time seen.
    mutating func observe(_ moment: Moment) -> Moment {
        self.latestMs = max(self.latestMs, moment.monotonicMs)
        return Moment(monotonicMs: moment.monotonicMs, unixMs: moment.unixMs, latestMs: self.latestMs)
    }

    /// A copy of the subject's state (or a fresh one) under `limits`, refilled to `moment`.
    func current(_ subject: Subject, _ limits: QuotaLimits, at moment: Moment) -> SubjectState {
        var state = self.table[subject] ?? SubjectState(atMs: moment.monotonicMs)
        state.apply(limits, at: moment)
        return state
    }

    /// Replaces every subject's state (a restart): bumps the epoch, so that reservations
    /// made before are ignored when settled.
    mutating func replaceAll(with subjects: [(Subject, SubjectState)], at moment: Moment) {
        self.epoch += 1
        self.table.removeAll()
        for (subject, state) in subjects where self.table.count < self.table.maxSubjects {
            self.table.store(state, for: subject, at: moment)
        }
    }
}

extension QuotaState {
    /// Takes `request.estimatedTokens` more from the token buckets and daily counts the
    /// admission charged, or nothing with the most binding denial.
    mutating func extend(_ admission: Admission, _ request: AdmissionRequest, at moment: Moment) -> Result<QuotaStatus, Denial> {
        let moment = self.observe(moment)
        guard admission.epoch == self.epoch else {
            return .success(self.status(request, at: moment))
        }
        var key = self.current(request.keySubject, request.keyLimits, at: moment)
        var partner = self.current(request.partnerSubject, request.partnerLimits, at: moment)
        let tokens = request.estimatedTokens
        if let denial = Denial.mostBinding(
            key.extensionDenial(tokens, admission.keyCharge, scope: .key, at: moment),
            partner.extensionDenial(tokens, admission.partnerCharge, scope: .partner, at: moment)
        ) {
            return .failure(denial)
        }
        key.takeMore(tokens, admission.keyCharge, at: moment)
        partner.takeMore(tokens, admission.partnerCharge, at: moment)
        self.table.store(key, for: request.keySubject, at: moment)
        self.table.store(partner, for: request.partnerSubject, at: moment)
        return .success(QuotaStatus(key: key.status(at: moment), partner: partner.status(at: moment)))
    }
}
