import APIServer
import Auth
import Foundation
import Synchronization
import FlintAPI

/// A stand-in for the Admin service with fixed answers, so apiclient's requests and
/// output can be checked to the character. It records every request it gets.
final class StubAdminService: Sendable {
    /// Fixed times: 2026-11-01T09:30:00Z, 2026-11-02T10:15:30Z, 2026-11-03T00:00:00Z
    /// (past), 2099-01-01T00:00:00Z (future).
    static let created: Int64 = 1_793_525_400_000
    static let used: Int64 = 1_793_614_530_000
    static let past: Int64 = 1_793_664_000_000
    static let future: Int64 = 4_070_908_800_000
    static let apiKey = "flint_NEWkey000001_" + String(repeating: "s", count: 27) + "CHKSUM"

    private let received = Mutex<[any ProtobufMessage]>([])

    /// The requests of type `T` received so far, in order.
    func requests<T: ProtobufMessage>(_ type: T.Type) -> [T] {
        received.withLock { $0.compactMap { $0 as? T } }
    }

    private func record(_ request: any ProtobufMessage) {
        received.withLock { $0.append(request) }
    }

    /// Five keys over three pages: active, expired, revoked, unnamed, with a quota.
    static let pages: [String: ListKeysResponse] = [
        "": ListKeysResponse(
            keys: [
                KeyInfo(
                    id: "key000000001", partner: "acme", name: "ci", scopes: ["inference", "agents"], createdAtMs: created,
                    expiresAtMs: future, lastUsedAtMs: used),
                KeyInfo(id: "key000000002", partner: "acme", name: "", scopes: ["inference"], createdAtMs: created),
            ],
            nextPageToken: "p2"),
        "p2": ListKeysResponse(
            keys: [
                KeyInfo(
                    id: "key000000003", partner: "beta", name: "old laptop", scopes: ["tools"], createdAtMs: created,
                    expiresAtMs: past),
                KeyInfo(
                    id: "key000000004", partner: "beta", name: "leaked", scopes: ["admin"], createdAtMs: created,
                    revokedAtMs: used, lastUsedAtMs: used),
            ],
            nextPageToken: "p3"),
        "p3": ListKeysResponse(
            keys: [
                KeyInfo(
                    id: "key000000005", partner: "acme", name: "batch", scopes: ["inference"],
                    quota: FlintAPI.Quota(requestsPerMinute: 60, dailyTokens: 100_000), createdAtMs: created, rotatedFrom: "key000000002")
            ]),
    ]

    static let defaults = FlintAPI.Quota(
        requestsPerMinute: 600, requestBurst: 100, tokensPerMinute: 100_000, tokenBurst: 200_000,
        maxConcurrentStreams: 16, dailyTokens: 0)

    func register(in router: inout Router) {
        router.register(
            Methods.Admin.listKeys,
            UnaryMethod { (request: ListKeysRequest, _) in
                self.record(request)
                guard let page = Self.pages[request.pageToken] else { throw RPCError(.invalidArgument, "bad page token") }
                return page
            })
        router.register(
            Methods.Admin.issueKey,
            UnaryMethod { (request: IssueKeyRequest, _) in
                self.record(request)
                if request.partner == "busy" { throw RPCError(.resourceExhausted, "request quota exceeded", retryAfterMs: 1450) }
                let key = KeyInfo(
                    id: "NEWkey000001", partner: request.partner, name: request.name, scopes: request.scopes,
                    quota: request.quota, createdAtMs: Self.created, expiresAtMs: request.expiresAtMs)
                return IssueKeyResponse(key: key, apiKey: Self.apiKey)
            })
        router.register(
            Methods.Admin.revokeKey,
            UnaryMethod { (request: RevokeKeyRequest, _) in
                self.record(request)
                guard request.keyID != "unknown00000" else { throw RPCError(.notFound, "no key unknown00000") }
                return RevokeKeyResponse(
                    key: KeyInfo(
                        id: request.keyID, partner: "acme", name: "ci", scopes: ["inference"],
                        createdAtMs: Self.created, revokedAtMs: Self.used))
            })
        router.register(
            Methods.Admin.rotateKey,
            UnaryMethod { (request: RotateKeyRequest, _) in
                self.record(request)
                let old = KeyInfo(
                    id: request.keyID, partner: "acme", name: "deploy", scopes: ["inference", "tools"], createdAtMs: Self.created,
                    expiresAtMs: request.gracePeriodSeconds == 0 ? Self.past : Self.future)
                var new = old
                new.id = "NEWkey000001"
                new.expiresAtMs = 0
                new.rotatedFrom = old.id
                return RotateKeyResponse(key: new, apiKey: Self.apiKey, previous: old)
            })
        router.register(
            Methods.Admin.setQuota,
            UnaryMethod { (request: SetQuotaRequest, _) in
                self.record(request)
                let stored = request.quota ?? FlintAPI.Quota()
                var effective = Self.defaults
                for keyPath: WritableKeyPath<FlintAPI.Quota, UInt64> in [
                    \.requestsPerMinute, \.requestBurst, \.tokensPerMinute, \.tokenBurst,
                    \.maxConcurrentStreams, \.dailyTokens,
                ] where stored[keyPath: keyPath] != 0 {
                    effective[keyPath: keyPath] = stored[keyPath: keyPath]
                }
                return SetQuotaResponse(quota: stored, effective: effective)
            })
        router.register(
            Methods.Admin.getUsage,
            UnaryMethod { (request: GetUsageRequest, _) in
                self.record(request)
                return GetUsageResponse(rows: Self.usageRows(request.groupBy), completeUntilMs: 1_793_639_051_000)
            })
    }

    /// Two days by two models, or one row of totals.
    static func usageRows(_ groupBy: [UsageGroupBy]) -> [UsageRow] {
        guard groupBy == [.day, .model] else {
            return [UsageRow(requests: 195, failedRequests: 2, inputTokens: 78_322, outputTokens: 50_417)]
        }
        return [
            UsageRow(dayStartMs: 1_793_491_200_000, model: "gemma-3-270m", requests: 120, failedRequests: 2, inputTokens: 48_210, outputTokens: 30_877),
            UsageRow(dayStartMs: 1_793_491_200_000, model: "qwen3-8b", requests: 5, inputTokens: 1_000, outputTokens: 40),
            UsageRow(dayStartMs: 1_793_577_600_000, model: "gemma-3-270m", requests: 70, inputTokens: 29_112, outputTokens: 19_500),
        ]
    }
}
