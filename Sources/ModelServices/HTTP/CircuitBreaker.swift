import RateLimit
import Synchronization

/// When a backend URL is rested: after ``failureThreshold`` consecutive failures (refused or
/// lost connections, 5xx, first-byte timeouts, malformed answers, deaths mid-stream — not
/// 4xx answers, which are the caller's, nor cancelled calls) calls to it fail fast with
/// `.unavailable`, without contacting it. Once ``probeInterval`` has passed, the next call
/// probes the URL's health check; if it answers, that one call goes through as a trial
/// (one at a time) and its success closes the breaker, its failure opens it again for
/// another interval.
public struct CircuitBreakerPolicy: Hashable, Sendable {
    /// Consecutive failures that open the breaker. Default 5.
    public var failureThreshold: Int
    /// How long an open breaker waits before the next health probe. Default 5 s.
    public var probeInterval: Duration

    public init(failureThreshold: Int = 5, probeInterval: Duration = .seconds(5)) {
        precondition(failureThreshold >= 1 && probeInterval > .zero && probeInterval <= .seconds(3600))
        self.failureThreshold = failureThreshold
        self.probeInterval = probeInterval
    }
}

/// The circuit breakers of a backend's URLs, on an injected clock.
final class CircuitBreakers: Sendable {
    /// Whether a call may use a URL now.
    enum Admission: Equatable {
        /// Closed: go ahead.
        case allowed
        /// Open and due for a probe, which this call runs: report it with ``probeFinished(_:healthy:)``.
        case probeFirst
        /// Open (or another call is probing or on trial): fail fast.
        case rejected
    }

    /// How one use of a URL went.
    enum Outcome {
        case success
        case failure
        /// Neither: the call was cancelled or ran out of its own time.
        case neutral
    }

    private enum State {
        case closed(failures: Int)
        case open(probeAtMs: Int64)
        /// A call is probing the health check, or (after a healthy probe) is the trial.
        case trial
    }

    /// Breakers kept at most; beyond it closed ones are forgotten (a URL that comes and
    /// goes, like the embedded server's port at each start, cannot grow the table).
    static let maximumURLs = 256

    let policy: CircuitBreakerPolicy
    private let clock: any MonotonicClock
    private let states = Mutex<[String: State]>([:])

    init(policy: CircuitBreakerPolicy, clock: any MonotonicClock) {
        self.policy = policy
        self.clock = clock
    }

    private var probeIntervalMs: Int64 {
        let parts = policy.probeInterval.components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }

    func admit(_ url: String) -> Admission {
        let now = clock.nowMs
        return states.withLock { states in
            switch states[url] ?? .closed(failures: 0) {
            case .closed:
                return .allowed
            case .open(let probeAtMs) where now >= probeAtMs:
                states[url] = .trial
                return .probeFirst
            case .open, .trial:
                return .rejected
            }
        }
    }

    /// The result of the probe ``admit(_:)`` asked for; true when the call may go on as the trial.
    func probeFinished(_ url: String, healthy: Bool) -> Bool {
        if !healthy { reopen(url) }
        return healthy
    }

    /// Records how a use of `url` (admitted, or the trial) went.
    func record(_ url: String, _ outcome: Outcome) {
        let now = clock.nowMs
        let interval = probeIntervalMs
        states.withLock { states in
            let state = states[url] ?? .closed(failures: 0)
            switch (state, outcome) {
            case (_, .success):
                states[url] = nil
            case (.closed(let failures), .failure):
                if states[url] == nil, states.count >= Self.maximumURLs {
                    states = states.filter { if case .closed = $0.value { false } else { true } }
                }
                states[url] = failures + 1 >= policy.failureThreshold ? .open(probeAtMs: now + interval) : .closed(failures: failures + 1)
            case (.trial, .failure):
                states[url] = .open(probeAtMs: now + interval)
            case (.trial, .neutral):
                states[url] = .open(probeAtMs: now)  // the next call tries again at once
            case (.open, _), (.closed, .neutral):
                break
            }
        }
    }

    /// Whether calls go to `url` as usual (its breaker is closed).
    func isClosed(_ url: String) -> Bool {
        states.withLock { states in
            switch states[url] ?? .closed(failures: 0) {
            case .closed: true
            case .open, .trial: false
            }
        }
    }

    private func reopen(_ url: String) {
        let probeAt = clock.nowMs + probeIntervalMs
        states.withLock { $0[url] = .open(probeAtMs: probeAt) }
    }
}
