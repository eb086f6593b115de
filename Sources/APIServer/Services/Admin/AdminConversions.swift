import Auth
import Ledger
import FlintAPI

/// Between the Admin wire messages and the key store's and ledger's values.
enum AdminConversions {
    static func keyInfo(_ record: KeyRecord) -> KeyInfo {
        KeyInfo(
            id: record.id.description, partner: record.partner, name: record.name,
            scopes: record.scopes.sorted().map(\.description), quota: wire(record.quota),
            createdAtMs: record.createdAt.millisecondsSinceEpoch,
            expiresAtMs: record.expiresAt?.millisecondsSinceEpoch ?? 0,
            revokedAtMs: record.revokedAt?.millisecondsSinceEpoch ?? 0,
            lastUsedAtMs: record.lastUsedAt?.millisecondsSinceEpoch ?? 0,
            rotatedFrom: record.rotatedFrom?.description ?? ""
        )
    }

    /// Wire quotas use 0 for "default"; the store uses nil. Values above Int64.max are refused.
    static func quota(_ wire: FlintAPI.Quota?) throws(RPCError) -> Auth.Quota {
        guard let wire else { return Auth.Quota() }
        func value(_ number: UInt64, _ field: String) throws(RPCError) -> Int64? {
            guard number != 0 else { return nil }
            guard let value = Int64(exactly: number) else {
                throw RPCError(.invalidArgument, "quota.\(field) is too large",
                               details: [.fieldViolation(FieldViolation(field: "quota.\(field)", description: "too large"))])
            }
            return value
        }
        return Auth.Quota(
            requestsPerMinute: try value(wire.requestsPerMinute, "requests_per_minute"),
            requestBurst: try value(wire.requestBurst, "request_burst"),
            tokensPerMinute: try value(wire.tokensPerMinute, "tokens_per_minute"),
            tokenBurst: try value(wire.tokenBurst, "token_burst"),
            maxConcurrentStreams: try value(wire.maxConcurrentStreams, "max_concurrent_streams"),
            dailyTokens: try value(wire.dailyTokens, "daily_tokens")
        )
    }

    static func wire(_ quota: Auth.Quota) -> FlintAPI.Quota {
        func value(_ number: Int64?) -> UInt64 { number.map { UInt64(max(0, $0)) } ?? 0 }
        return FlintAPI.Quota(
            requestsPerMinute: value(quota.requestsPerMinute), requestBurst: value(quota.requestBurst),
            tokensPerMinute: value(quota.tokensPerMinute), tokenBurst: value(quota.tokenBurst),
            maxConcurrentStreams: value(quota.maxConcurrentStreams), dailyTokens: value(quota.dailyTokens)
        )
    }

    static func groupings(_ groups: [UsageGroupBy]) throws(RPCError) -> [UsageQuery.Grouping] {
        var result: [UsageQuery.Grouping] = []
        for group in groups {
            switch group {
            case .day: result.append(.day)
            case .model: result.append(.model)
            case .key: result.append(.key)
            case .partner: result.append(.partner)
            case .method: result.append(.method)
            case .run: result.append(.run)
            case .runPart: result.append(.runPart)
            default:
                throw RPCError(.invalidArgument, "unknown group_by value \(group.rawValue)",
                               details: [.fieldViolation(FieldViolation(field: "group_by", description: "day, model, key, partner, method, run or run_part"))])
            }
        }
        return result
    }

    static func row(_ totals: UsageTotals) -> UsageRow {
        UsageRow(
            dayStartMs: totals.dayStartMs, model: totals.model, keyID: totals.keyID, partner: totals.partner, method: totals.method,
            requests: totals.requests, failedRequests: totals.failedRequests, inputTokens: totals.inputTokens, outputTokens: totals.outputTokens,
            runID: totals.runID, runPart: totals.runPart
        )
    }
}
