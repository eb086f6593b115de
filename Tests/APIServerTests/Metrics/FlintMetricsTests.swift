import FlintAPI
import Foundation
import ModelServices
import NIOHTTP1
import RateLimit
import Testing

@testable import APIServer

/// The metric definitions and their Prometheus text, without a server.
@Suite("Flint metrics")
struct FlintMetricsTests {
    static func exposition(paths: [String] = [Methods.Health.check.path], ledgerDepth: Int = 0) -> MetricsExposition {
        let exposition = MetricsExposition { ledgerDepth }
        exposition.metrics.registerMethods(paths)
        return exposition
    }

    static func parsed(_ exposition: MetricsExposition) throws -> PrometheusText {
        try PrometheusText(String(decoding: exposition.render(), as: UTF8.self))
    }

    @Test("calls count by method, protocol and code; an unregistered path counts as unknown; a code past 16 as UNKNOWN")
    func callsByLabels() throws {
        let exposition = Self.exposition()
        let metrics = exposition.metrics
        let health = metrics.method(Methods.Health.check.path)
        metrics.callFinished(health, protocol: .flint1, code: .ok, duration: .milliseconds(3))
        metrics.callFinished(health, protocol: .flint1, code: .ok, duration: .milliseconds(30))
        metrics.callFinished(health, protocol: .grpc, code: .unavailable, duration: .seconds(2))
        metrics.callFinished(metrics.method("/secret/key_abc"), protocol: .flint1, code: StatusCode(rawValue: 99), duration: .zero)
        let text = try Self.parsed(exposition)
        #expect(text.value("flint_rpc_calls_total", ["method": Methods.Health.check.path, "protocol": "flint/1", "code": "OK"]) == 2)
        #expect(text.value("flint_rpc_calls_total", ["method": Methods.Health.check.path, "protocol": "grpc", "code": "UNAVAILABLE"]) == 1)
        #expect(text.value("flint_rpc_calls_total", ["method": "unknown", "protocol": "flint/1", "code": "UNKNOWN"]) == 1)
        #expect(text.all("flint_rpc_calls_total").count == 3)
        #expect(!text.samples.contains { $0.labels.values.contains("/secret/key_abc") })
    }

    @Test("call latency is a histogram in seconds with buckets up to the longest completion")
    func latencyHistogram() throws {
        let exposition = Self.exposition()
        let health = exposition.metrics.method(Methods.Health.check.path)
        exposition.metrics.callFinished(health, protocol: .flint1, code: .ok, duration: .milliseconds(3))
        exposition.metrics.callFinished(health, protocol: .flint1, code: .ok, duration: .milliseconds(700))
        let text = try Self.parsed(exposition)
        let labels = ["method": Methods.Health.check.path]
        #expect(text.value("flint_rpc_duration_seconds_count", labels) == 2)
        #expect(abs((text.value("flint_rpc_duration_seconds_sum", labels) ?? 0) - 0.703) < 1e-9)
        #expect(text.value("flint_rpc_duration_seconds_bucket", labels.merging(["le": "0.005"]) { $1 }) == 1)
        #expect(text.value("flint_rpc_duration_seconds_bucket", labels.merging(["le": "0.5"]) { $1 }) == 1)
        #expect(text.value("flint_rpc_duration_seconds_bucket", labels.merging(["le": "1.0"]) { $1 }) == 2)
        #expect(text.value("flint_rpc_duration_seconds_bucket", labels.merging(["le": "600.0"]) { $1 }) == 2)
    }

    @Test("quota denials count by limit and scope; tokens by model and direction")
    func denialsAndTokens() throws {
        let exposition = Self.exposition()
        let metrics = exposition.metrics
        metrics.quotaDenied(Denial(scope: .partner, kind: .daily, reason: .dailyCapReached, limit: 10, burst: nil, requested: 5, retryAfterMs: 1000))
        metrics.quotaDenied(Denial(scope: .key, kind: .tokens, reason: .exhausted, limit: 10, burst: 10, requested: 5, retryAfterMs: 1000))
        metrics.quotaDenied(Denial(scope: .key, kind: .tokens, reason: .exhausted, limit: 10, burst: 10, requested: 5, retryAfterMs: 1000))
        metrics.authFailuresThrottled()
        metrics.modelTokens(model: "gemma", input: 12, output: 0)
        metrics.modelTokens(model: "gemma", input: 3, output: 7)
        let text = try Self.parsed(exposition)
        #expect(text.value("flint_quota_denials_total", ["limit": "daily_tokens", "scope": "partner"]) == 1)
        #expect(text.value("flint_quota_denials_total", ["limit": "tokens_per_minute", "scope": "key"]) == 2)
        #expect(text.value("flint_quota_denials_total", ["limit": "failed_authentications", "scope": "address"]) == 1)
        #expect(text.value("flint_model_tokens_total", ["model": "gemma", "direction": "input"]) == 15)
        #expect(text.value("flint_model_tokens_total", ["model": "gemma", "direction": "output"]) == 7)
    }

    @Test("partner series only when the operator opts in")
    func partnerLabelsAreOptIn() throws {
        let off = Self.exposition()
        off.metrics.partnerCall(partner: "acme", code: .ok, inputTokens: 5, outputTokens: 2)
        #expect(!String(decoding: off.render(), as: UTF8.self).contains("acme"))
        let on = MetricsExposition(partnerLabels: true) { 0 }
        on.metrics.partnerCall(partner: "acme", code: .ok, inputTokens: 5, outputTokens: 2)
        on.metrics.partnerCall(partner: "acme", code: .resourceExhausted, inputTokens: 0, outputTokens: 0)
        let text = try Self.parsed(on)
        #expect(text.value("flint_partner_calls_total", ["partner": "acme", "code": "OK"]) == 1)
        #expect(text.value("flint_partner_calls_total", ["partner": "acme", "code": "RESOURCE_EXHAUSTED"]) == 1)
        #expect(text.value("flint_partner_tokens_total", ["partner": "acme", "direction": "input"]) == 5)
        #expect(text.value("flint_partner_tokens_total", ["partner": "acme", "direction": "output"]) == 2)
    }

    @Test("model labels are bounded: names past the limit share 'other', other labels kept")
    func boundedModelLabels() throws {
        let exposition = Self.exposition()
        for index in 0..<(FlintMetrics.maximumModels + 10) {
            exposition.metrics.modelTokens(model: "model-\(index)", input: 1, output: 1)
        }
        let text = try Self.parsed(exposition)
        let series = text.all("flint_model_tokens_total")
        // 64 models, one series each way; the 10 past the bound share "other", still by direction.
        #expect(series.count == 2 * FlintMetrics.maximumModels + 2)
        #expect(series.map(\.value).reduce(0, +) == Double(2 * (FlintMetrics.maximumModels + 10)))
        #expect(text.value("flint_model_tokens_total", ["model": "other", "direction": "input"]) == 10)
        #expect(text.value("flint_model_tokens_total", ["model": "other", "direction": "output"]) == 10)
        #expect(text.value("flint_model_tokens_total", ["model": "model-\(FlintMetrics.maximumModels)", "direction": "input"]) == nil)
    }

    @Test("backend attempts, failovers and health, gauges, and the ledger depth read at collection")
    func backendAndGauges() throws {
        let exposition = Self.exposition(ledgerDepth: 42)
        let metrics = exposition.metrics
        metrics.attempted(model: "gemma", backend: 0, outcome: .failure)
        metrics.failedOver(model: "gemma")
        metrics.attempted(model: "gemma", backend: 1, outcome: .success)
        metrics.health(model: "gemma", backend: 0, healthy: false)
        metrics.health(model: "gemma", backend: 1, healthy: true)
        metrics.openConnections.increment()
        metrics.openConnections.increment()
        metrics.openConnections.decrement()
        metrics.openStreams.increment()
        let text = try Self.parsed(exposition)
        #expect(text.value("flint_backend_attempts_total", ["model": "gemma", "backend": "0", "outcome": "failure"]) == 1)
        #expect(text.value("flint_backend_attempts_total", ["model": "gemma", "backend": "1", "outcome": "success"]) == 1)
        #expect(text.value("flint_backend_failovers_total", ["model": "gemma"]) == 1)
        #expect(text.value("flint_backend_healthy", ["model": "gemma", "backend": "0"]) == 0)
        #expect(text.value("flint_backend_healthy", ["model": "gemma", "backend": "1"]) == 1)
        #expect(text.value("flint_open_connections") == 1)
        #expect(text.value("flint_open_streams") == 1)
        #expect(text.value("flint_ledger_queue_depth") == 42)
        #expect(text.types["flint_open_connections"] == "gauge")
    }

    @Test("two servers' metrics never mix")
    func separateRegistries() throws {
        let first = Self.exposition()
        let second = Self.exposition()
        first.metrics.callFinished(first.metrics.method(Methods.Health.check.path), protocol: .flint1, code: .ok, duration: .zero)
        #expect(try Self.parsed(second).all("flint_rpc_calls_total").isEmpty)
        #expect(try Self.parsed(first).all("flint_rpc_calls_total").count == 1)
    }

    @Test("the listener's answers: /metrics with a query, other paths 404, other methods 405")
    func answers() {
        func answer(_ method: HTTPMethod, _ uri: String) -> HTTPResponseStatus {
            MetricsRequestHandler.answer(to: HTTPRequestHead(version: .http1_1, method: method, uri: uri)) { Array("body".utf8) }.0
        }
        #expect(answer(.GET, "/metrics") == .ok)
        #expect(answer(.GET, "/metrics?name=x") == .ok)
        #expect(answer(.HEAD, "/metrics") == .ok)
        #expect(answer(.GET, "/metricsx") == .notFound)
        #expect(answer(.GET, "/") == .notFound)
        #expect(answer(.DELETE, "/metrics") == .methodNotAllowed)
    }
}
