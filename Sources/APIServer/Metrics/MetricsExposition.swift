import Prometheus

/// The server's metrics in a Prometheus registry of their own (one per server, so two
/// servers in one process never mix counts), and their text exposition.
public struct MetricsExposition: Sendable {
    let metrics: FlintMetrics
    private let registry: PrometheusCollectorRegistry

    /// Latency buckets of calls: completions and agent runs may take minutes.
    static let callDurationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        .seconds(120), .seconds(300), .seconds(600),
    ]
    /// Time-to-first-token buckets.
    static let firstTokenBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]

    init(partnerLabels: Bool = false, ledgerDepth: @escaping @Sendable () -> Int) {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "flint_rpc_duration_seconds": Self.callDurationBuckets,
            "flint_time_to_first_token_seconds": Self.firstTokenBuckets,
        ]
        self.registry = registry
        self.metrics = FlintMetrics(factory: factory, partnerLabels: partnerLabels, ledgerDepth: ledgerDepth)
    }

    /// Every metric in the Prometheus text format (version 0.0.4).
    func render() -> [UInt8] {
        metrics.collect()
        return registry.emitToBuffer()
    }
}
