extension RateLimiter {
    /// Reserves `tokens` more for a call already admitted with `reservation`: a later step
    /// of a tool loop, say, which reserves its own prompt and output tokens before it runs.
    ///
    /// Checks and takes only the token bucket and the daily cap of the key and the partner
    /// (the request and the stream slot were taken at admission), all at once or not at
    /// all; the most binding ``Denial`` otherwise. A later ``settle(_:actualTokens:)``
    /// settles the admission and every extension together. Extending a settled
    /// reservation, or one from before a ``restore(_:)``, takes nothing and succeeds.
    public func extend(
        _ reservation: Reservation,
        byTokens tokens: UInt64,
        keyLimits: QuotaLimits,
        partnerLimits: QuotaLimits
    ) -> Result<QuotaStatus, Denial> {
        guard reservation.limiter === self, !reservation.isSettled else { return .success(reservation.status) }
        let request = AdmissionRequest(
            key: reservation.key, partner: reservation.partner, keyLimits: keyLimits, partnerLimits: partnerLimits,
            estimatedTokens: tokens
        )
        let moment = self.moment
        let result = self.state.withLock { $0.extend(reservation.admission, request, at: moment) }
        switch result {
        case .success: reservation.addExtension(tokens)
        case .failure: countDenial()
        }
        return result
    }
}
