import Auth
import Foundation
import Ledger
import RateLimit
import FlintAPI

/// `flint.v1.Admin`: keys, quotas and usage. Every method needs the `admin` scope except
/// GetUsage, which any key may call for its own partner. Who administers whom: see
/// ``AdminAuthority``.
public struct AdminService: Sendable {
    let store: KeyStore
    let authenticator: Authenticator
    let ledger: UsageLedger
    let policy: QuotaPolicy
    let authority: AdminAuthority

    /// Longest page ListKeys returns.
    static let maximumPageSize: UInt32 = 500

    func register(in router: inout Router) {
        router.register(Methods.Admin.issueKey, UnaryMethod(issueKey))
        router.register(Methods.Admin.listKeys, UnaryMethod(listKeys))
        router.register(Methods.Admin.revokeKey, UnaryMethod(revokeKey))
        router.register(Methods.Admin.rotateKey, UnaryMethod(rotateKey))
        router.register(Methods.Admin.setQuota, UnaryMethod(setQuota))
        router.register(Methods.Admin.getUsage, UnaryMethod(getUsage))
    }

    @Sendable func issueKey(_ request: IssueKeyRequest, _ context: ServerCallContext) async throws -> IssueKeyResponse {
        let scopes = try AdminErrors.mapping { try Scope.parse(request.scopes) }
        try authority.checkActs(context.principal, on: request.partner)
        try authority.checkGrant(Set(scopes), to: request.partner)
        let quota = try validatedKeyQuota(request.quota)
        let expiry = request.expiresAtMs == 0 ? nil : Timestamp(millisecondsSinceEpoch: request.expiresAtMs)
        let issued = try await AdminErrors.mapping {
            try await store.issueKey(partner: request.partner, name: request.name.isEmpty ? "default" : request.name,
                                     scopes: scopes, quota: quota, expiresAt: expiry, actor: context.principal?.keyID)
        }
        context.logger.info("issued key", metadata: ["auth.key_id": "\(issued.record.id)", "auth.partner": "\(issued.record.partner)"])
        return IssueKeyResponse(key: AdminConversions.keyInfo(issued.record), apiKey: issued.key.plaintext)
    }

    @Sendable func listKeys(_ request: ListKeysRequest, _ context: ServerCallContext) async throws -> ListKeysResponse {
        let size = request.pageSize == 0 ? 100 : min(request.pageSize, Self.maximumPageSize)
        let confined = try authority.confinement(of: context.principal)
        if confined != nil, !request.partner.isEmpty { try authority.checkActs(context.principal, on: request.partner) }
        let partner = request.partner.isEmpty ? confined : request.partner
        let page = try await AdminErrors.mapping {
            try await store.listKeys(partner: partner, includeInactive: request.includeInactive,
                                     pageSize: Int(size), pageToken: request.pageToken.isEmpty ? nil : request.pageToken)
        }
        return ListKeysResponse(keys: page.keys.map(AdminConversions.keyInfo), nextPageToken: page.nextPageToken ?? "")
    }

    @Sendable func revokeKey(_ request: RevokeKeyRequest, _ context: ServerCallContext) async throws -> RevokeKeyResponse {
        let id = try AdminErrors.keyID(request.keyID)
        try await checkActs(context.principal, onKey: id)
        let record = try await AdminErrors.mapping { try await store.revokeKey(id: id, actor: context.principal?.keyID) }
        authenticator.invalidate(keyID: id)
        context.logger.info("revoked key", metadata: ["auth.key_id": "\(id)"])
        return RevokeKeyResponse(key: AdminConversions.keyInfo(record))
    }

    @Sendable func rotateKey(_ request: RotateKeyRequest, _ context: ServerCallContext) async throws -> RotateKeyResponse {
        let id = try AdminErrors.keyID(request.keyID)
        try await checkActs(context.principal, onKey: id)
        let rotated = try await AdminErrors.mapping {
            try await store.rotateKey(id: id, gracePeriod: .seconds(Int64(request.gracePeriodSeconds)), actor: context.principal?.keyID)
        }
        authenticator.invalidate(keyID: id)
        context.logger.info("rotated key", metadata: ["auth.key_id": "\(id)", "auth.new_key_id": "\(rotated.issued.record.id)"])
        return RotateKeyResponse(
            key: AdminConversions.keyInfo(rotated.issued.record), apiKey: rotated.issued.key.plaintext,
            previous: AdminConversions.keyInfo(rotated.previous))
    }

    @Sendable func setQuota(_ request: SetQuotaRequest, _ context: ServerCallContext) async throws -> SetQuotaResponse {
        switch request.target {
        case .keyID(let text):
            let id = try AdminErrors.keyID(text)
            try await checkActs(context.principal, onKey: id)
            let quota = try validatedKeyQuota(request.quota)
            let record = try await AdminErrors.mapping { try await store.setKeyQuota(id: id, quota: quota, actor: context.principal?.keyID) }
            authenticator.invalidate(keyID: id)
            return SetQuotaResponse(quota: AdminConversions.wire(record.quota), effective: AdminConversions.wire(record.quota.filled(from: policy.keyDefaults)))
        case .partner(let partner):
            guard try authority.confinement(of: context.principal) == nil else {
                throw RPCError(.permissionDenied, "partner quotas are set by the operator")
            }
            let quota = try AdminConversions.quota(request.quota)
            try AdminErrors.validating { _ = try policy.partnerLimits(quota) }
            let stored = try await AdminErrors.mapping { try await store.setPartnerQuota(partner: partner, quota: quota, actor: context.principal?.keyID) }
            authenticator.invalidate(partner: partner)
            return SetQuotaResponse(quota: AdminConversions.wire(stored), effective: AdminConversions.wire(stored.filled(from: policy.partnerDefaults)))
        case nil:
            throw RPCError(.invalidArgument, "SetQuota needs a key_id or a partner",
                           details: [.fieldViolation(FieldViolation(field: "target", description: "set key_id or partner"))])
        }
    }

    /// Refuses a partner admin's call on a key of another partner as if the key did not
    /// exist (no oracle of other partners' key ids).
    private func checkActs(_ principal: Principal?, onKey id: KeyID) async throws {
        guard let confined = try authority.confinement(of: principal) else { return }
        let record = try await AdminErrors.mapping { try await store.key(id: id) }
        guard record?.partner == confined else {
            throw AdminErrors.rpcError(KeyStoreError(code: .notFound, message: "no key with id \(id)"))
        }
    }

    @Sendable func getUsage(_ request: GetUsageRequest, _ context: ServerCallContext) async throws -> GetUsageResponse {
        guard let principal = context.principal else { throw RPCError(.unauthenticated, AuthFailure.unauthenticatedMessage) }
        var partner = request.partner
        if !principal.scopes.contains(.admin) || principal.partner != authority.operatorPartner {
            guard partner.isEmpty || partner == principal.partner else {
                throw RPCError(.permissionDenied, "this key can read only its own partner's usage")
            }
            partner = principal.partner
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let query = UsageQuery(partner: partner, keyID: request.keyID, sinceMs: request.sinceMs, untilMs: request.untilMs,
                               groupBy: try AdminConversions.groupings(request.groupBy))
        try await ledger.flush()
        let totals = try await ledger.usage(query, nowMs: now)
        return GetUsageResponse(rows: totals.map(AdminConversions.row), completeUntilMs: now)
    }

    /// A key quota from the wire, checked as the limiter will use it.
    private func validatedKeyQuota(_ wire: FlintAPI.Quota?) throws -> Auth.Quota {
        let quota = try AdminConversions.quota(wire)
        try AdminErrors.validating { _ = try policy.keyLimits(quota) }
        return quota
    }
}
