/// Told what the HTTP backend does with each call, for the server's metrics. Backends are
/// named by model and position in the model's failover order (0 first), never by URL.
public protocol BackendObserver: Sendable {
    /// One use of a backend, or a skip of it while its circuit breaker is open.
    func attempted(model: String, backend: Int, outcome: BackendAttemptOutcome)
    /// A call left a backend that failed (or was skipped) for the next one in order.
    func failedOver(model: String)
    /// A backend's circuit breaker closed (healthy) or opened.
    func health(model: String, backend: Int, healthy: Bool)
}

/// How one use of a backend went.
public enum BackendAttemptOutcome: String, Sendable, CaseIterable {
    /// It served the call.
    case success
    /// It failed in a way that counts towards its circuit breaker (refused, 5xx, died,
    /// malformed answer), or failed before answering.
    case failure
    /// It answered but refused the caller's request (4xx, unknown model).
    case callerError = "caller_error"
    /// The call was cancelled, or ran out of its own time, while on this backend.
    case cancelled
    /// Skipped without contact: its circuit breaker is open.
    case skipped
}
