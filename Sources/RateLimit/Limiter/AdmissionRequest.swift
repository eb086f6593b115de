/// One call asking to be admitted: who, under which limits, and how many model tokens it
/// may use at most (prompt + max output tokens).
struct AdmissionRequest: Sendable {
    var key: String
    var partner: String
    var keyLimits: QuotaLimits
    var partnerLimits: QuotaLimits
    var estimatedTokens: UInt64

    var keySubject: Subject { Subject(scope: .key, id: self.key) }
    var partnerSubject: Subject { Subject(scope: .partner, id: self.partner) }
}

/// What an admission took, handed back to settle it.
struct Admission: Sendable {
    var id: UInt64
    var key: String
    var partner: String
    var estimatedTokens: UInt64
    var epoch: UInt64
    var keyCharge: Charge
    var partnerCharge: Charge
    var status: QuotaStatus
}
