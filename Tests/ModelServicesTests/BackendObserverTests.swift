import FlintTestSupport
import Synchronization
import RateLimit
import Testing

@testable import ModelServices

/// What the HTTP backend tells its observer (the server's metrics): every attempt's
/// outcome, failovers and circuit-breaker health, against scripted backends.
@Suite struct BackendObserverTests {
    enum Event: Equatable {
        case attempted(backend: Int, BackendAttemptOutcome)
        case failedOver
        case health(backend: Int, healthy: Bool)
    }

    final class Recorder: BackendObserver {
        private let recorded = Mutex<[Event]>([])

        var events: [Event] { recorded.withLock { $0 } }

        func attempted(model: String, backend: Int, outcome: BackendAttemptOutcome) {
            #expect(model == "m")
            recorded.withLock { $0.append(.attempted(backend: backend, outcome)) }
        }

        func failedOver(model: String) {
            recorded.withLock { $0.append(.failedOver) }
        }

        func health(model: String, backend: Int, healthy: Bool) {
            recorded.withLock { $0.append(.health(backend: backend, healthy: healthy)) }
        }
    }

    @Test func aFailedFirstBackendIsAFailureAndAFailoverToTheSecond() async throws {
        let recorder = Recorder()
        try await ScriptedHTTPServer.with({ _ in .respond(status: .internalServerError, body: #"{"error":{"message":"down"}}"#) }) { broken in
            try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.llamaCompletion) }) { healthy in
                try await withBackend(urls: [broken.url, healthy.url], observer: recorder) { backend in
                    _ = try await backend.complete(rawPrompt, deadline: nil)
                }
            }
        }
        #expect(
            recorder.events == [
                .attempted(backend: 0, .failure), .health(backend: 0, healthy: true), .failedOver, .attempted(backend: 1, .success),
                .health(backend: 1, healthy: true),
            ])
    }

    @Test func aRefusedRequestIsTheCallersErrorWithoutFailover() async throws {
        let recorder = Recorder()
        try await ScriptedHTTPServer.with({ _ in .respond(status: .badRequest, body: Fixture.error400) }) { rejecting in
            try await withBackend(urls: [rejecting.url, try refusedURL()], observer: recorder) { backend in
                _ = try? await backend.complete(rawPrompt, deadline: nil)
            }
        }
        #expect(recorder.events == [.attempted(backend: 0, .callerError), .health(backend: 0, healthy: true)])
    }

    @Test func anOpenBreakerIsUnhealthyAndItsBackendSkipped() async throws {
        let recorder = Recorder()
        let policy = CircuitBreakerPolicy(failureThreshold: 2, probeInterval: .seconds(5))
        try await ScriptedHTTPServer.with({ _ in .respond(status: .internalServerError, body: #"{"error":{"message":"down"}}"#) }) { broken in
            try await withBackend(urls: [broken.url], limits: .init(circuitBreaker: policy), clock: ManualClock(), observer: recorder) { backend in
                for _ in 0..<3 { _ = try? await backend.complete(rawPrompt, deadline: nil) }
            }
        }
        #expect(
            recorder.events == [
                .attempted(backend: 0, .failure), .health(backend: 0, healthy: true),
                .attempted(backend: 0, .failure), .health(backend: 0, healthy: false),
                .attempted(backend: 0, .skipped),
            ])
    }
}
