/// Whose limit: the API key's own, or its partner's across all the partner's keys.
public enum QuotaScope: String, Hashable, Sendable, Codable, CaseIterable {
    case key
    case partner
}

/// Which limit.
public enum QuotaKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// The request bucket (requests per minute, burst).
    case requests
    /// The model-token bucket (input + output tokens per minute, burst).
    case tokens
    /// The cap on concurrent streams.
    case concurrency
    /// The daily token cap (UTC day).
    case daily
}
