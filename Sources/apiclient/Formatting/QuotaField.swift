import FlintAPI

/// The six limits of a ``Quota``, named as the flags that set them.
enum QuotaField: CaseIterable {
    case requestsPerMinute
    case requestBurst
    case tokensPerMinute
    case tokenBurst
    case maxConcurrentStreams
    case dailyTokens

    /// The flag without its dashes, also the row label of tables: `rpm`.
    var flag: String {
        switch self {
        case .requestsPerMinute: "rpm"
        case .requestBurst: "rpm-burst"
        case .tokensPerMinute: "tpm"
        case .tokenBurst: "tpm-burst"
        case .maxConcurrentStreams: "max-streams"
        case .dailyTokens: "daily-tokens"
        }
    }

    /// The proto field name, also the JSON key: `requests_per_minute`.
    var protoName: String {
        switch self {
        case .requestsPerMinute: "requests_per_minute"
        case .requestBurst: "request_burst"
        case .tokensPerMinute: "tokens_per_minute"
        case .tokenBurst: "token_burst"
        case .maxConcurrentStreams: "max_concurrent_streams"
        case .dailyTokens: "daily_tokens"
        }
    }

    var keyPath: WritableKeyPath<Quota, UInt64> {
        switch self {
        case .requestsPerMinute: \.requestsPerMinute
        case .requestBurst: \.requestBurst
        case .tokensPerMinute: \.tokensPerMinute
        case .tokenBurst: \.tokenBurst
        case .maxConcurrentStreams: \.maxConcurrentStreams
        case .dailyTokens: \.dailyTokens
        }
    }
}

extension Quota {
    /// The fields set (not 0), as `rpm 100, daily-tokens 500000`; nil when all use defaults.
    var setFieldsText: String? {
        let set = QuotaField.allCases.filter { self[keyPath: $0.keyPath] != 0 }
        guard !set.isEmpty else { return nil }
        return set.map { "\($0.flag) \(self[keyPath: $0.keyPath])" }.joined(separator: ", ")
    }

    /// The JSON object: every proto field, 0 meaning "the default".
    var json: [String: UInt64] {
        Dictionary(uniqueKeysWithValues: QuotaField.allCases.map { ($0.protoName, self[keyPath: $0.keyPath]) })
    }
}
