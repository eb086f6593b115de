import FlintTestSupport
import Foundation
import NIOHTTP1
import RateLimit
import Synchronization
import Testing

@testable import ModelServices

/// Circuit breaking against scripted backends, on a manual clock: after 5 consecutive
/// failures calls fail fast without contacting the backend, until a health probe passes.
@Suite struct CircuitBreakerTests {
    static let policy = CircuitBreakerPolicy(failureThreshold: 5, probeInterval: .seconds(5))

    /// A backend for model `m` at `urls` whose breakers run on `clock`.
    static func withBreakingBackend<T>(
        urls: [String], clock: ManualClock, _ body: (OpenAICompatibleBackend) async throws -> T
    ) async throws -> T {
        try await withBackend(urls: urls, limits: .init(circuitBreaker: policy), clock: clock, body)
    }

    /// One call, alternately unary and streamed; its error (nil on success).
    static func call(_ backend: OpenAICompatibleBackend, _ index: Int) async -> ModelServiceError? {
        if index % 2 == 0 {
            do {
                _ = try await backend.complete(rawPrompt, deadline: nil)
                return nil
            } catch {
                return error as? ModelServiceError
            }
        }
        let (_, error) = await collect(backend.stream(rawPrompt, deadline: nil))
        return error as? ModelServiceError
    }

    static let failing: [ScriptedBehaviour] = [
        .respond(status: .internalServerError, body: #"{"error":{"message":"backend secret text"}}"#),
        .closeWithoutAnswer,
    ]

    @Test(arguments: failing)
    func underTotalFailureEachClientCallMakesAtMostOnePointTwoBackendAttempts(behaviour: ScriptedBehaviour) async throws {
        try await ScriptedHTTPServer.with({ _ in behaviour }) { first in
            try await ScriptedHTTPServer.with({ _ in behaviour }) { second in
                try await Self.withBreakingBackend(urls: [first.url, second.url], clock: ManualClock()) { backend in
                    let calls = 100
                    var errors: [ModelServiceError] = []
                    for index in 0..<calls {
                        errors.append(try #require(await Self.call(backend, index)))
                    }
                    #expect(errors.allSatisfy { $0.code == .unavailable })
                    let attempts = first.requests.count + second.requests.count
                    #expect(Double(attempts) / Double(calls) <= 1.2, "\(attempts) backend attempts for \(calls) calls")
                    // Each URL was tried until its 5th failure, then never again. A closed
                    // connection is retried once when it was a pooled one, which depends on
                    // timing, so such a failure is one or two requests.
                    let perFailure = behaviour.isCloseWithoutAnswer ? 1...2 : 1...1
                    #expect((5 * perFailure.lowerBound...5 * perFailure.upperBound).contains(first.requests.count))
                    #expect((5 * perFailure.lowerBound...5 * perFailure.upperBound).contains(second.requests.count))
                    let fast = try #require(errors.last)
                    #expect(fast.message.contains("fail fast"), "\(fast)")
                    #expect(!fast.message.contains("127.0.0.1") && !fast.message.contains("backend secret text"), "\(fast)")
                }
            }
        }
    }

    @Test func aRefusingBackendFailsFastAfterFiveFailures() async throws {
        try await Self.withBreakingBackend(urls: [try refusedURL()], clock: ManualClock()) { backend in
            for index in 0..<5 {
                let error = await Self.call(backend, index)
                #expect(error?.code == .unavailable)
                #expect(error?.message.contains("fail fast") == false)
            }
            let error = await Self.call(backend, 5)
            #expect(error?.code == .unavailable)
            #expect(error?.message.contains("fail fast") == true, "\(String(describing: error))")
        }
    }

    @Test func theBreakerClosesOnlyAfterAHealthProbePassesAndATrialSucceeds() async throws {
        let healthy = Atomic(false)
        let script: @Sendable (RecordedRequest) -> ScriptedBehaviour = { request in
            guard healthy.load(ordering: .relaxed) else { return .respond(status: .serviceUnavailable, body: "{}") }
            return request.path == "/health" ? .respond(body: #"{"status":"ok"}"#) : .respond(body: Fixture.llamaCompletion)
        }
        try await ScriptedHTTPServer.with(script) { server in
            let clock = ManualClock()
            try await Self.withBreakingBackend(urls: [server.url], clock: clock) { backend in
                for index in 0..<5 { #expect(await Self.call(backend, index)?.code == .unavailable) }
                #expect(server.requests.count == 5)
                // Open: no contact at all before the probe interval has passed.
                clock.advance(byMs: 4_999)
                #expect(await Self.call(backend, 0)?.message.contains("fail fast") == true)
                #expect(server.requests.count == 5)
                // Due: one probe, which fails, so the call fails fast and nothing else is sent.
                clock.advance(byMs: 1)
                #expect(await Self.call(backend, 0)?.message.contains("fail fast") == true)
                #expect(server.requests.map(\.path) == Array(repeating: "/completion", count: 5) + ["/health"])
                #expect(await Self.call(backend, 1)?.message.contains("fail fast") == true)
                #expect(server.requests.count == 6, "the next probe waits for another interval")
                // Healthy again: the probe passes and the call goes through as the trial.
                healthy.store(true, ordering: .relaxed)
                clock.advance(byMs: 5_000)
                #expect(await Self.call(backend, 0) == nil)
                #expect(server.requests.suffix(2).map(\.path) == ["/health", "/completion"])
                // Closed: calls go straight to the backend.
                #expect(await Self.call(backend, 0) == nil)
                #expect(server.requests.suffix(3).map(\.path) == ["/health", "/completion", "/completion"])
            }
        }
    }

    @Test func aFailedTrialOpensTheBreakerForAnotherInterval() async throws {
        let probes = Atomic(0)
        let script: @Sendable (RecordedRequest) -> ScriptedBehaviour = { request in
            guard request.path == "/health" else { return .respond(status: .internalServerError, body: "{}") }
            probes.add(1, ordering: .relaxed)
            return .respond(body: #"{"status":"ok"}"#)
        }
        try await ScriptedHTTPServer.with(script) { server in
            let clock = ManualClock()
            try await Self.withBreakingBackend(urls: [server.url], clock: clock) { backend in
                for index in 0..<5 { _ = await Self.call(backend, index) }
                clock.advance(byMs: 5_000)
                // The probe passes, the trial fails: open again, no second trial at once.
                #expect(await Self.call(backend, 0)?.message.contains("fail fast") == false)
                #expect(probes.load(ordering: .relaxed) == 1)
                #expect(server.requests.count == 7)
                #expect(await Self.call(backend, 0)?.message.contains("fail fast") == true)
                #expect(server.requests.count == 7)
            }
        }
    }

    @Test func onlyOneTrialRunsAtATime() async throws {
        let healthy = Atomic(false)
        let script: @Sendable (RecordedRequest) -> ScriptedBehaviour = { request in
            guard healthy.load(ordering: .relaxed) else { return .respond(status: .internalServerError, body: "{}") }
            return request.path == "/health" ? .respond(body: #"{"status":"ok"}"#) : .neverAnswer
        }
        try await ScriptedHTTPServer.with(script) { server in
            let clock = ManualClock()
            try await Self.withBreakingBackend(urls: [server.url], clock: clock) { backend in
                for index in 0..<5 { _ = await Self.call(backend, index) }
                healthy.store(true, ordering: .relaxed)
                clock.advance(byMs: 5_000)
                let trial = Task { try await backend.complete(rawPrompt, deadline: .now.advanced(by: .seconds(20))) }
                #expect(await server.wait { $0.requests.last?.path == "/completion" && $0.requests.count == 7 })
                for index in 0..<4 {
                    #expect(await Self.call(backend, index)?.message.contains("fail fast") == true)
                }
                #expect(server.requests.count == 7, "no call but the trial reached the backend")
                trial.cancel()
                #expect(await serviceError { _ = try await trial.value }?.code == .cancelled)
                // A cancelled trial proves nothing: the next call probes and tries again at once.
                let next = Task { try await backend.complete(rawPrompt, deadline: .now.advanced(by: .seconds(20))) }
                #expect(await server.wait { $0.requests.count == 9 })
                #expect(server.requests.suffix(2).map(\.path) == ["/health", "/completion"])
                next.cancel()
                _ = try? await next.value
            }
        }
    }

    @Test func theCallersOwnErrorsDoNotOpenTheBreaker() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(status: .badRequest, body: Fixture.error400) }) { server in
            try await Self.withBreakingBackend(urls: [server.url], clock: ManualClock()) { backend in
                for index in 0..<12 {
                    #expect(await Self.call(backend, index)?.code == .invalidRequest)
                }
                #expect(server.requests.count == 12)
            }
        }
    }

    @Test func aSuccessResetsTheCountOfConsecutiveFailures() async throws {
        let requests = Atomic(0)
        let script: @Sendable (RecordedRequest) -> ScriptedBehaviour = { _ in
            let count = requests.add(1, ordering: .relaxed).newValue
            return count % 5 == 0 ? .respond(body: Fixture.llamaCompletion) : .respond(status: .badGateway, body: "{}")
        }
        try await ScriptedHTTPServer.with(script) { server in
            try await Self.withBreakingBackend(urls: [server.url], clock: ManualClock()) { backend in
                for _ in 0..<20 {
                    _ = try? await backend.complete(rawPrompt, deadline: nil)
                }
                #expect(server.requests.count == 20, "4 failures then a success, never 5 in a row")
            }
        }
    }
}

extension ScriptedBehaviour {
    var isCloseWithoutAnswer: Bool {
        if case .closeWithoutAnswer = self { return true }
        return false
    }
}
