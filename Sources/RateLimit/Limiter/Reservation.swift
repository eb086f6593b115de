import Synchronization

/// What an admitted call holds until it ends: one request, its estimated tokens (also
/// counted for the day) and a stream slot, for its key and for its partner.
///
/// Hand it to ``RateLimiter/settle(_:actualTokens:)`` exactly when the call ends, however
/// it ends (completed, failed, cancelled, disconnected). Only the first settlement counts;
/// later ones, from any copy of the reference, are no-ops.
///
/// A reservation released without being settled settles itself at its estimate (the
/// request and the estimated tokens stay spent, the stream slot is freed), so that a
/// forgotten code path cannot hold a stream slot forever.
public final class Reservation: Sendable {
    /// Unique per limiter, increasing in admission order.
    public let id: UInt64
    /// The API key the call was admitted for.
    public let key: String
    /// The key's partner.
    public let partner: String
    /// The tokens reserved at admission.
    public let estimatedTokens: UInt64
    /// The key's and partner's limits right after this admission, for response headers.
    public let status: QuotaStatus

    let admission: Admission
    let limiter: RateLimiter
    private let settled = Atomic<Bool>(false)

    init(_ admission: Admission, limiter: RateLimiter) {
        self.id = admission.id
        self.key = admission.key
        self.partner = admission.partner
        self.estimatedTokens = admission.estimatedTokens
        self.status = admission.status
        self.admission = admission
        self.limiter = limiter
    }

    deinit {
        guard self.claimSettlement() else { return }
        self.limiter.settle(self.admission, actualTokens: self.estimatedTokens)
    }

    /// Whether the reservation has been settled.
    public var isSettled: Bool { self.settled.load(ordering: .acquiring) }

    /// Marks the reservation settled; true only for the first caller.
    func claimSettlement() -> Bool {
        !self.settled.exchange(true, ordering: .acquiringAndReleasing)
    }
}
