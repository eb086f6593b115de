import APIServer
import Auth
import Dispatch
import Synchronization
import FlintAPI

/// Methods only tests register: calls that take time, to hold streams open.
enum TestMethods {
    static let sleep = MethodDescriptor<HealthCheckRequest, HealthCheckResponse>(service: "flint.test.Sleep", method: "Sleep", streaming: .unary, key: .none)
    static let inference = MethodDescriptor<HealthCheckRequest, HealthCheckResponse>(
        service: "flint.test.Inference", method: "Echo", streaming: .unary, key: .scope("inference"))
    static var sleepPath: String { sleep.path }
    static var inferencePath: String { inference.path }

    /// A method needing the `inference` scope that reports `service.count` tokens of use.
    static func registerInference(in router: inout Router) {
        router.register(inference, PreparedUnaryMethod(prepare: { (request: HealthCheckRequest, _) in TenTokens(request: request) }) { prepared, context in
            context.meter.record(model: "test-model", inputTokens: 3, outputTokens: 4)
            return HealthCheckResponse(status: .serving, serverVersion: prepared.request.service)
        })
    }

    /// A request that reserves 10 tokens at admission.
    struct TenTokens: AdmissionEstimate {
        var request: HealthCheckRequest
        var estimatedTokens: UInt64 { 10 }
    }

    /// Sleeps the number of milliseconds in the request's `service` field, then answers.
    /// Counts calls that started in `started` and calls that were cancelled in `cancelled`.
    static func register(in router: inout Router, cancelled: Counter, started: Counter = Counter(), maxDuration: Duration = Router.defaultMaxDuration) {
        router.register(sleep, UnaryMethod { (request: HealthCheckRequest, _) in
            started.increment()
            do {
                try await Task.sleep(for: .milliseconds(Int(request.service) ?? 0))
            } catch {
                cancelled.increment()
                throw error
            }
            return HealthCheckResponse(status: .serving)
        }, maxDuration: maxDuration)
    }
}

extension TestMethods {
    static let slowToStop = MethodDescriptor<HealthCheckRequest, HealthCheckResponse>(
        service: "flint.test.SlowToStop", method: "Hold", streaming: .unary, key: .none)

    /// Holds its stream until cancelled, then takes `stoppingMs` more (ignoring cancellation,
    /// as a backend finishing a write would) before it ends. Counts calls that started in
    /// `started` and calls that reached their end in `ended`.
    static func registerSlowToStop(in router: inout Router, started: Counter, ended: Counter, stoppingMs: Int) {
        router.register(slowToStop, UnaryMethod { (_: HealthCheckRequest, _) in
            started.increment()
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(stoppingMs)) { continuation.resume() }
            }
            ended.increment()
            return HealthCheckResponse(status: .serving)
        })
    }
}

final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func increment() { value.add(1, ordering: .relaxed) }
    var count: Int { value.load(ordering: .relaxed) }

    /// Waits (polling, at most `limit`) until the count reaches `target`.
    func wait(for target: Int, limit: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + limit
        while count < target, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    }
}
