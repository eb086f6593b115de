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
    /// The tokens reserved in all: at admission and by every extension since.
    public var reservedTokens: UInt64 { self.estimatedTokens + self.extensionTokens.load(ordering: .acquiring) }
    /// The key's and partner's limits right after this admission, for response headers.
    public let status: QuotaStatus

    let admission: Admission
    let limiter: RateLimiter
    private let settled = Atomic<Bool>(false)
    private let extensionTokens = Atomic<UInt64>(0)

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
        self.limiter.settle(self.settlingAdmission, actualTokens: self.reservedTokens)
    }

    /// The admission with every extension added, as settlement must see it.
    var settlingAdmission: Admission {
        var admission = self.admission
        admission.estimatedTokens = self.reservedTokens
        return admission
    }

    /// Counts `tokens` more reserved by ``RateLimiter/extend(_:byTokens:keyLimits:partnerLimits:)``.
    func addExtension(_ tokens: UInt64) {
        _ = self.extensionTokens.wrappingAdd(tokens, ordering: .acquiringAndReleasing)
    }

    /// Whether the reservation has been settled.
    public var isSettled: Bool { self.settled.load(ordering: .acquiring) }

    /// Marks the reservation settled; true only for the first caller.
    func claimSettlement() -> Bool {
        !self.settled.exchange(true, ordering: .acquiringAndReleasing)
    }
}
