import CoreMetrics
import ModelServices
import RateLimit
import Synchronization
import FlintAPI

/// Every metric the server exports, defined once here (docs/OPERATIONS.md lists them).
///
/// The metrics are swift-metrics objects made through `factory` (the server's Prometheus
/// registry, see ``MetricsRegistry``), each labelled series made once and kept. Labels are
/// bounded: a method label is a registered method's path or "unknown", a model label one of
/// at most ``maximumModels`` model names; no label ever holds a key, a partner, a request
/// id or a peer address.
public final class FlintMetrics: Sendable {
    /// Model names (and backend series) kept as labels; further ones share "other".
    static let maximumModels = 64
    /// Partner names kept as labels when the operator opts in; further ones share "other".
    static let maximumPartners = 1000
    /// The method label of a path no method is registered at.
    static let unknownMethod = "unknown"

    /// Connections accepted and not yet closed.
    let openConnections: Meter
    /// Calls (streams) running.
    let openStreams: Meter
    private let ledgerQueueDepth: Meter
    private let ledgerDepth: @Sendable () -> Int
    private let methods = AtomicLazyReference<MethodTable>()
    private let factory: any MetricsFactory
    private let unknown: MethodSeries
    private let tokens: KeyedSeries<Counter>
    private let quotaDenials: KeyedSeries<Counter>
    private let backendAttempts: KeyedSeries<Counter>
    private let backendFailovers: KeyedSeries<Counter>
    private let backendHealthy: KeyedSeries<Meter>
    /// Keyed calls and tokens by partner; nil unless the operator opted in.
    private let partners: PartnerSeries?

    /// Metrics made through `factory`; `ledgerDepth` reads the usage ledger's queue when
    /// metrics are collected. Until ``registerMethods(_:)`` every call counts as "unknown".
    /// With `partnerLabels`, keyed calls and their tokens are also counted by partner.
    init(factory: any MetricsFactory, partnerLabels: Bool = false, ledgerDepth: @escaping @Sendable () -> Int) {
        self.factory = factory
        partners = partnerLabels ? PartnerSeries(factory: factory) : nil
        openConnections = Meter(label: "flint_open_connections", factory: factory)
        openStreams = Meter(label: "flint_open_streams", factory: factory)
        ledgerQueueDepth = Meter(label: "flint_ledger_queue_depth", factory: factory)
        self.ledgerDepth = ledgerDepth
        unknown = MethodSeries(method: Self.unknownMethod, factory: factory)
        tokens = KeyedSeries(labels: ["model", "direction"], maximumKeys: 2 * Self.maximumModels) {
            Counter(label: "flint_model_tokens_total", dimensions: $0, factory: factory)
        }
        quotaDenials = KeyedSeries(labels: ["limit", "scope"], maximumKeys: 16) {
            Counter(label: "flint_quota_denials_total", dimensions: $0, factory: factory)
        }
        backendAttempts = KeyedSeries(labels: ["model", "backend", "outcome"], maximumKeys: 4 * Self.maximumModels) {
            Counter(label: "flint_backend_attempts_total", dimensions: $0, factory: factory)
        }
        backendFailovers = KeyedSeries(labels: ["model"], maximumKeys: Self.maximumModels) {
            Counter(label: "flint_backend_failovers_total", dimensions: $0, factory: factory)
        }
        backendHealthy = KeyedSeries(labels: ["model", "backend"], maximumKeys: Self.maximumModels) {
            Meter(label: "flint_backend_healthy", dimensions: $0, factory: factory)
        }
    }

    /// Gives the methods at `paths` (the router's, once it is complete) series of their own;
    /// only the first call counts.
    func registerMethods(_ paths: [String]) {
        let factory = self.factory
        _ = methods.storeIfNil(MethodTable(Dictionary(uniqueKeysWithValues: paths.map { ($0, MethodSeries(method: $0, factory: factory)) })))
    }

    /// The series of the method at `path`: a registered method's, else "unknown".
    func method(_ path: String) -> MethodSeries {
        methods.load()?.series[path] ?? unknown
    }

    /// Counts a finished call and records how long it took.
    func callFinished(_ method: MethodSeries, protocol callProtocol: CallProtocol, code: StatusCode, duration: Duration) {
        method.calls[MethodSeries.index(callProtocol, code)].metric.increment()
        method.duration.metric.recordNanoseconds(duration.nanoseconds)
    }

    /// Adds one model call's tokens.
    func modelTokens(model: String, input: UInt64, output: UInt64) {
        if input > 0 { tokens[model, "input"].increment(by: input) }
        if output > 0 { tokens[model, "output"].increment(by: output) }
    }

    /// Counts a keyed call by its partner, when partner labels are on.
    func partnerCall(partner: String, code: StatusCode, inputTokens: UInt64, outputTokens: UInt64) {
        guard let partners else { return }
        partners.calls[partner, "\(code)"].increment()
        if inputTokens > 0 { partners.tokens[partner, "input"].increment(by: inputTokens) }
        if outputTokens > 0 { partners.tokens[partner, "output"].increment(by: outputTokens) }
    }

    /// Counts a call refused by a quota limit.
    func quotaDenied(_ denial: Denial) {
        quotaDenials[Self.limitLabel(denial.kind), denial.scope.rawValue].increment()
    }

    /// Counts a keyed call refused because its address failed authentication too often.
    func authFailuresThrottled() {
        quotaDenials["failed_authentications", "address"].increment()
    }

    /// Sets the gauges read at collection time (the ledger's queue).
    func collect() {
        ledgerQueueDepth.set(ledgerDepth())
    }

    static func limitLabel(_ kind: QuotaKind) -> String {
        switch kind {
        case .requests: "requests_per_minute"
        case .tokens: "tokens_per_minute"
        case .concurrency: "concurrent_streams"
        case .daily: "daily_tokens"
        }
    }
}

extension FlintMetrics: BackendObserver {
    public func attempted(model: String, backend: Int, outcome: BackendAttemptOutcome) {
        backendAttempts[model, String(backend), outcome.rawValue].increment()
    }

    public func failedOver(model: String) {
        backendFailovers[model].increment()
    }

    public func health(model: String, backend: Int, healthy: Bool) {
        backendHealthy[model, String(backend)].set(healthy ? 1 : 0)
    }
}

/// The series labelled by partner, for an operator who opts in (`--metrics-partner-labels`).
final class PartnerSeries: Sendable {
    let calls: KeyedSeries<Counter>
    let tokens: KeyedSeries<Counter>

    init(factory: any MetricsFactory) {
        calls = KeyedSeries(labels: ["partner", "code"], maximumKeys: 4 * FlintMetrics.maximumPartners) {
            Counter(label: "flint_partner_calls_total", dimensions: $0, factory: factory)
        }
        tokens = KeyedSeries(labels: ["partner", "direction"], maximumKeys: 2 * FlintMetrics.maximumPartners) {
            Counter(label: "flint_partner_tokens_total", dimensions: $0, factory: factory)
        }
    }
}

/// The transport a call came over: the `protocol` label of `flint_rpc_calls_total`.
public enum CallProtocol: Int, CaseIterable, Sendable {
    /// Flint's own framing (ALPN `flint/1`, or no ALPN).
    case flint1
    /// Standard gRPC over HTTP/2.
    case grpc

    var label: String {
        switch self {
        case .flint1: "flint/1"
        case .grpc: "grpc"
        }
    }
}

/// The registered methods' series by path, fixed once the router is complete.
final class MethodTable: Sendable {
    let series: [String: MethodSeries]

    init(_ series: [String: MethodSeries]) {
        self.series = series
    }
}

/// One method's series: calls by protocol and status, latency, time to first message.
final class MethodSeries: Sendable {
    /// Status codes with a series of their own (gRPC's 0...16); any other counts as UNKNOWN.
    private static let codes = 17

    let calls: [LazySeries<Counter>]
    let duration: LazySeries<Timer>
    let firstMessage: LazySeries<Timer>

    init(method: String, factory: any MetricsFactory) {
        calls = CallProtocol.allCases.flatMap { callProtocol in
            (0..<Self.codes).map { raw in
                LazySeries {
                    Counter(
                        label: "flint_rpc_calls_total",
                        dimensions: [("method", method), ("protocol", callProtocol.label), ("code", "\(StatusCode(rawValue: UInt32(raw)))")],
                        factory: factory)
                }
            }
        }
        duration = LazySeries { Timer(label: "flint_rpc_duration_seconds", dimensions: [("method", method)], factory: factory) }
        firstMessage = LazySeries { Timer(label: "flint_time_to_first_token_seconds", dimensions: [("method", method)], factory: factory) }
    }

    static func index(_ callProtocol: CallProtocol, _ code: StatusCode) -> Int {
        let raw = code.rawValue < codes ? Int(code.rawValue) : Int(StatusCode.unknown.rawValue)
        return callProtocol.rawValue * codes + raw
    }
}

extension Duration {
    /// This duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole + attoseconds / 1_000_000_000
    }
}
