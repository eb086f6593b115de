/// Why a documents call failed, in words a partner may read: a bound or a field of its own
/// request, never another partner's data and never SQL.
public enum DocumentError: Error, Equatable, Sendable {
    /// A field of the request is not acceptable: its name and why.
    case invalid(field: String, String)
    /// The query is not valid FTS5 syntax (or names a column that is not searched).
    case invalidQuery(String)
    /// One of the partner's own bounds would be passed.
    case limitReached(String)
    /// The store failed; the detail is in the server's log.
    case storage
}
