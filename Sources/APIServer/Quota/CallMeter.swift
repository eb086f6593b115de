import Auth
import Completion
import Foundation
import Ledger
import RateLimit
import Synchronization
import Timing
import FlintAPI

/// One call's quota and usage bookkeeping.
///
/// The connection calls ``admitRequest()`` as soon as the caller is authenticated, before
/// the request message is read or decoded: every keyed call costs a request and holds a
/// stream slot, whatever it sends. The method wrapper then reserves the prepared
/// request's estimate with ``reserve(tokens:)``, and so does every model call after the
/// first (a tool loop step);
/// each model call adds its real counts with ``record(model:inputTokens:outputTokens:partial:)``;
/// the connection calls ``finish(status:)`` when the call ends, however it ends, which
/// settles the reservation (admission and every extension) and writes one usage record.
public final class CallMeter: CompletionMeter {
    private struct State {
        var reservation: Reservation?
        var headers = ResponseHeaders()
        var model = ""
        var inputTokens: UInt64 = 0
        var outputTokens: UInt64 = 0
        var partial = false
        var finished = false
        /// Set for an agent run: its id, and its parts' tokens in the order they first ran.
        var runID: String?
        var runParts: [(part: String, model: String, input: UInt64, output: UInt64, partial: Bool)] = []
    }

    /// Who is calling; nil for calls that need no key.
    public let principal: Principal?
    private let method: String
    private let started = ContinuousClock.now
    private let quotas: QuotaServices
    private let metrics: FlintMetrics
    private let state = Mutex(State())

    init(principal: Principal?, method: String, quotas: QuotaServices, metrics: FlintMetrics) {
        self.principal = principal
        self.method = method
        self.quotas = quotas
        self.metrics = metrics
    }

    /// Reserves one request and a stream slot against the key's and partner's limits, or
    /// throws RESOURCE_EXHAUSTED naming the limit. No-op for calls without a key.
    func admitRequest() throws(RPCError) {
        guard let principal else { return }
        let (keyLimits, partnerLimits) = try limits(for: principal)
        let result = quotas.limiter.admit(
            key: principal.keyID.description, partner: principal.partner,
            keyLimits: keyLimits, partnerLimits: partnerLimits, estimatedTokens: 0
        )
        switch result {
        case .success(let reservation):
            state.withLock {
                $0.reservation = reservation
                $0.headers = QuotaMapping.headers(reservation.status)
            }
        case .failure(let denial):
            let status = quotas.limiter.status(key: principal.keyID.description, partner: principal.partner, keyLimits: keyLimits, partnerLimits: partnerLimits)
            state.withLock { $0.headers = QuotaMapping.headers(status) }
            throw denied(denial)
        }
    }

    /// The response headers: the caller's remaining quota after admission.
    public var responseHeaders: ResponseHeaders { state.withLock { $0.headers } }

    /// Reserves `tokens` more for a model call of this call (the request's estimate, or a
    /// later step), against the key's and partner's token and daily limits, or throws
    /// RESOURCE_EXHAUSTED naming the limit (INVALID_ARGUMENT when no bucket could ever
    /// hold that many). The request it belongs to stays spent.
    public func reserve(tokens: UInt64) throws(RPCError) {
        guard let principal, let reservation = state.withLock({ $0.reservation }) else { return }
        let (keyLimits, partnerLimits) = try limits(for: principal)
        switch quotas.limiter.extend(reservation, byTokens: tokens, keyLimits: keyLimits, partnerLimits: partnerLimits) {
        case .success(let status):
            // The request bucket is as admission left it; only the token bucket moved.
            state.withLock { $0.headers.tokens = QuotaMapping.headers(status).tokens }
        case .failure(let denial): throw denied(denial)
        }
    }

    /// The error for `denial`, counted as a quota denial when it is one (a call that can
    /// never fit is an invalid argument, not a denial).
    private func denied(_ denial: Denial) -> RPCError {
        let error = QuotaMapping.error(denial)
        if error.code == .resourceExhausted { metrics.quotaDenied(denial) }
        return error
    }

    /// Adds one model call's tokens, as the backend counted them, to the call's usage.
    public func record(model: String, inputTokens: UInt64, outputTokens: UInt64, partial: Bool = false) {
        metrics.modelTokens(model: model, input: inputTokens, output: outputTokens)
        state.withLock {
            $0.model = model
            $0.inputTokens += inputTokens
            $0.outputTokens += outputTokens
            $0.partial = $0.partial || partial
        }
    }

    /// Makes this call an agent run's: the ledger gets the call's record (the request,
    /// no tokens) and one record per part with that part's tokens, all under `id`.
    public func startRun(id: String) {
        state.withLock { $0.runID = id }
    }

    /// Adds one model call of an agent run's `part` ("plan", a subtask id, "synthesis"):
    /// to the call's usage, as ``record(model:inputTokens:outputTokens:partial:)``, and to the part's.
    public func record(part: String, model: String, inputTokens: UInt64, outputTokens: UInt64, partial: Bool) {
        record(model: model, inputTokens: inputTokens, outputTokens: outputTokens, partial: partial)
        state.withLock { state in
            if let index = state.runParts.firstIndex(where: { $0.part == part }) {
                state.runParts[index].input += inputTokens
                state.runParts[index].output += outputTokens
                state.runParts[index].partial = state.runParts[index].partial || partial
            } else {
                state.runParts.append((part, model, inputTokens, outputTokens, partial))
            }
        }
    }

    /// Settles the reservation with the reported usage and records the call. Idempotent.
    func finish(status: StatusCode) {
        let snapshot = state.withLock { state -> State? in
            guard !state.finished else { return nil }
            state.finished = true
            return state
        }
        guard let snapshot, let principal else { return }
        metrics.partnerCall(partner: principal.partner, code: status, inputTokens: snapshot.inputTokens, outputTokens: snapshot.outputTokens)
        if let reservation = snapshot.reservation {
            quotas.limiter.settle(reservation, actualTokens: snapshot.inputTokens + snapshot.outputTokens)
        }
        let call = UsageRecord(
            finishedAtMs: Int64(Date().timeIntervalSince1970 * 1000),
            keyID: principal.keyID.description, partner: principal.partner, method: method, model: snapshot.model,
            inputTokens: snapshot.inputTokens, outputTokens: snapshot.outputTokens, statusCode: status.rawValue,
            latencyMs: (ContinuousClock.now - started).wholeMilliseconds, partial: snapshot.partial || status == .cancelled
        )
        guard let runID = snapshot.runID else {
            quotas.ledger.record(call)
            return
        }
        var request = call
        (request.inputTokens, request.outputTokens, request.runID) = (0, 0, runID)
        quotas.ledger.record(request)
        for part in snapshot.runParts {
            var record = call
            (record.model, record.inputTokens, record.outputTokens) = (part.model, part.input, part.output)
            (record.runID, record.runPart, record.partial) = (runID, part.part, part.partial || call.partial)
            quotas.ledger.record(record)
        }
    }

    private func limits(for principal: Principal) throws(RPCError) -> (QuotaLimits, QuotaLimits) {
        do {
            return (try quotas.policy.keyLimits(principal.keyQuota), try quotas.policy.partnerLimits(principal.partnerQuota))
        } catch {
            throw RPCError(.internalError, "the stored quota is invalid: \(error.message)")
        }
    }
}

/// The quota machinery every call shares.
struct QuotaServices: Sendable {
    var limiter: RateLimiter
    var policy: QuotaPolicy
    var ledger: UsageLedger
}
