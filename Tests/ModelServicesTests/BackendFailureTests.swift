import FlintTestSupport
import Foundation
import NIOHTTP1
import Synchronization
import Testing

@testable import ModelServices

/// Failover, typed errors, deadlines and cancellation, against scripted HTTP backends.
@Suite struct BackendFailureTests {
    // MARK: Failover

    @Test func aRefusedFirstURLFailsOverToTheSecond() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.llamaCompletion) }) { server in
            try await withBackend(urls: [try refusedURL(), server.url]) { backend in
                let result = try await backend.complete(rawPrompt, deadline: nil)
                #expect(result.text == " Paris.")
            }
        }
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: Fixture.llamaStream) }) { server in
            try await withBackend(urls: [try refusedURL(), server.url]) { backend in
                let (events, error) = await collect(backend.stream(rawPrompt, deadline: nil))
                #expect(error == nil)
                #expect(events.finished?.text == " Paris.")
            }
        }
    }

    @Test func a500FailsOverAndEveryFailureIsReported() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(status: .internalServerError, body: #"{"error":{"message":"slot crashed"}}"#) }) { broken in
            try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.llamaCompletion) }) { healthy in
                try await withBackend(urls: [broken.url, healthy.url]) { backend in
                    let result = try await backend.complete(rawPrompt, deadline: nil)
                    #expect(result.text == " Paris.")
                }
            }
            try await withBackend(urls: [broken.url]) { backend in
                let error = await serviceError { _ = try await backend.complete(rawPrompt, deadline: nil) }
                #expect(error?.code == .unavailable)
                #expect(error?.message.contains("HTTP 500: slot crashed") == true)
            }
        }
    }

    @Test func allURLsDownIsUnavailableWithinTwoSeconds() async throws {
        try await withBackend(urls: [try refusedURL(), try refusedURL(), try refusedURL()]) { backend in
            let start = ContinuousClock.now
            let error = await serviceError { _ = try await backend.complete(rawPrompt, deadline: nil) }
            #expect(error?.code == .unavailable)
            #expect(error?.partialUsage == nil)
            let (_, streamError) = await collect(backend.stream(rawPrompt, deadline: nil))
            #expect((streamError as? ModelServiceError)?.code == .unavailable)
            #expect(start.duration(to: .now) < .seconds(2))
        }
    }

    @Test func aStreamFailsOverWhenTheFirstURLSendsNothingInTime() async throws {
        try await ScriptedHTTPServer.with({ _ in .neverAnswer }) { silent in
            try await ScriptedHTTPServer.with({ _ in .stream(chunks: Fixture.llamaStream) }) { healthy in
                try await withBackend(urls: [silent.url, healthy.url], timeouts: .init(firstByte: .seconds(1))) { backend in
                    let start = ContinuousClock.now
                    let (events, error) = await collect(backend.stream(rawPrompt, deadline: .now.advanced(by: .seconds(10))))
                    #expect(error == nil)
                    #expect(events.finished?.text == " Paris.")
                    let elapsed = start.duration(to: .now)
                    #expect(elapsed >= .seconds(1) && elapsed < .seconds(5), "\(elapsed)")
                    #expect(await silent.wait { $0.abandonedResponses == 1 })
                }
            }
        }
    }

    @Test func aConnectionClosedBeforeAnyAnswerIsRetriedOnceOnTheSameURL() async throws {
        let requests = Mutex(0)
        let script: @Sendable (RecordedRequest) -> ScriptedBehaviour = { _ in
            requests.withLock { count in
                count += 1
                return count == 1 ? .closeWithoutAnswer : .respond(body: Fixture.llamaCompletion)
            }
        }
        try await ScriptedHTTPServer.with(script) { server in
            try await withBackend(urls: [server.url]) { backend in
                let result = try await backend.complete(rawPrompt, deadline: nil)
                #expect(result.text == " Paris.")
                #expect(server.requests.count == 2)
            }
        }
        try await ScriptedHTTPServer.with({ _ in .closeWithoutAnswer }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let error = await serviceError { _ = try await backend.complete(rawPrompt, deadline: nil) }
                #expect(error?.code == .unavailable)
                #expect(server.requests.count == 2, "one retry, not more")
            }
        }
    }

    @Test func noFailoverAfterTheFirstByte() async throws {
        let chunks = [Fixture.llamaChunk(" Par", predicted: 1), Fixture.llamaChunk("is", predicted: 2)]
        try await ScriptedHTTPServer.with({ _ in .streamThenDie(chunks: chunks) }) { dying in
            try await ScriptedHTTPServer.with({ _ in .stream(chunks: Fixture.llamaStream) }) { spare in
                try await withBackend(urls: [dying.url, spare.url]) { backend in
                    let (events, error) = await collect(backend.stream(rawPrompt, deadline: nil))
                    #expect(events.deltas == [" Par", "is"])
                    let failure = try #require(error as? ModelServiceError)
                    #expect(failure.code == .unavailable)
                    #expect(failure.partialUsage == ModelUsage(promptTokens: 6, completionTokens: 2))
                    #expect(spare.requests.isEmpty)
                }
            }
        }
    }

    @Test func aDeathMidStreamWithoutBackendCountsCountsDeltas() async throws {
        try await ScriptedHTTPServer.with({ _ in .streamThenDie(chunks: [Fixture.chatChunk("a"), Fixture.chatChunk("b")]) }) { dying in
            try await withBackend(urls: [dying.url], kind: .openAI, format: .chat) { backend in
                let (_, error) = await collect(backend.stream(ModelRequest(prompt: "x", maxTokens: 9), deadline: nil))
                let failure = try #require(error as? ModelServiceError)
                #expect(failure.code == .unavailable)
                #expect(failure.partialUsage?.completionTokens == 2)
                #expect(failure.partialUsage?.isEstimate == true)
            }
        }
    }

    // MARK: Backend errors

    @Test func a400IsInvalidRequestWithTheBackendsMessageAndNoFailover() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(status: .badRequest, body: Fixture.error400) }) { rejecting in
            try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.llamaCompletion) }) { spare in
                try await withBackend(urls: [rejecting.url, spare.url]) { backend in
                    let error = await serviceError { _ = try await backend.complete(rawPrompt, deadline: nil) }
                    #expect(error?.code == .invalidRequest)
                    #expect(error?.message.contains("the request exceeds the available context size") == true)
                    let (_, streamError) = await collect(backend.stream(rawPrompt, deadline: nil))
                    #expect((streamError as? ModelServiceError)?.code == .invalidRequest)
                    #expect(spare.requests.isEmpty)
                }
            }
        }
    }

    @Test func aLongErrorMessageIsTrimmed() async throws {
        let long = String(repeating: "very long\n", count: 500)
        try await ScriptedHTTPServer.with({ _ in .respond(status: .unprocessableEntity, contentType: "text/plain", body: long) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let error = await serviceError { _ = try await backend.complete(rawPrompt, deadline: nil) }
                #expect(error?.code == .invalidRequest)
                #expect((error?.message.count ?? 0) < 400)
                #expect(error?.message.contains("\n") == false)
            }
        }
    }

    @Test(arguments: ["{not json", #"{"choices":"no"}"#, #"{"content":5}"#, "", "<html><body>502 Bad Gateway</body></html>"])
    func malformedJSONIsBadResponse(body: String) async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(body: body) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let error = await serviceError { _ = try await backend.complete(rawPrompt, deadline: nil) }
                #expect(error?.code == .badResponse)
            }
        }
    }

    @Test func aMalformedStreamChunkIsBadResponseWithPartialUsage() async throws {
        let chunks = [Fixture.llamaChunk(" Par", predicted: 1), "data: {\"content\": oops}\n\n", Fixture.llamaFinal("eos", predicted: 2)]
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: chunks) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let (events, error) = await collect(backend.stream(rawPrompt, deadline: nil))
                #expect(events.deltas == [" Par"])
                let failure = try #require(error as? ModelServiceError)
                #expect(failure.code == .badResponse)
                #expect(failure.message.contains("JSON"))
                #expect(failure.partialUsage == ModelUsage(promptTokens: 6, completionTokens: 1))
            }
        }
    }

    @Test func anEndlessLineIsBadResponseAndTheRequestIsDropped() async throws {
        try await ScriptedHTTPServer.with({ _ in .endlessLine }) { server in
            let limits = OpenAICompatibleBackend.Limits(maximumLineLength: 256 << 10)
            try await withBackend(urls: [server.url], limits: limits) { backend in
                let (_, error) = await collect(backend.stream(rawPrompt, deadline: .now.advanced(by: .seconds(10))))
                let failure = try #require(error as? ModelServiceError)
                #expect(failure.code == .badResponse)
                #expect(failure.message.contains("longer than 262144 bytes"))
                #expect(await server.wait { $0.abandonedResponses == 1 })
            }
        }
    }

    @Test func aJSONAnswerToAStreamIsBadResponse() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.llamaCompletion) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let (_, error) = await collect(backend.stream(rawPrompt, deadline: nil))
                #expect((error as? ModelServiceError)?.code == .badResponse)
            }
        }
    }

    @Test(arguments: ["<html><body>502 Bad Gateway</body></html>\n\n", "hello\nworld\n\n"])
    func aStreamThatIsNotAnEventStreamIsBadResponseAndNothingIsForwarded(garbage: String) async throws {
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: [garbage, Fixture.llamaChunk("late", predicted: 1)]) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let (events, error) = await collect(backend.stream(rawPrompt, deadline: nil))
                #expect(events.isEmpty)
                let failure = try #require(error as? ModelServiceError)
                #expect(failure.code == .badResponse, "\(failure)")
                #expect(failure.message.contains("not an event stream"))
            }
        }
    }

    @Test func anErrorEventInTheStreamIsReported() async throws {
        let chunks = [Fixture.llamaChunk("a", predicted: 1), #"data: {"error":{"code":500,"message":"decode failed"}}"# + "\n\n"]
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: chunks) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let (_, error) = await collect(backend.stream(rawPrompt, deadline: nil))
                let failure = try #require(error as? ModelServiceError)
                #expect(failure.code == .unavailable)
                #expect(failure.message.contains("decode failed"))
                #expect(failure.partialUsage?.completionTokens == 1)
            }
        }
    }

    // MARK: Requests refused here

    @Test func anUnknownModelIsNotFound() async throws {
        try await withBackend(urls: ["http://127.0.0.1:9"]) { backend in
            let error = await serviceError { _ = try await backend.complete(ModelRequest(model: "gpt-9", prompt: "x"), deadline: nil) }
            #expect(error?.code == .notFound)
            #expect(error?.message.contains("gpt-9") == true)
            let (_, streamError) = await collect(backend.stream(ModelRequest(model: "gpt-9", prompt: "x"), deadline: nil))
            #expect((streamError as? ModelServiceError)?.code == .notFound)
            let countError = await serviceError { _ = try await backend.countTokens("x", model: "gpt-9") }
            #expect(countError?.code == .notFound)
        }
    }

    @Test(arguments: [
        ModelRequest(maxTokens: 4),
        ModelRequest(prompt: "x", maxTokens: 513),
        ModelRequest(prompt: "x", maxTokens: 0),
        ModelRequest(prompt: "x", temperature: 2.5),
        ModelRequest(prompt: "x", temperature: .nan),
        ModelRequest(prompt: "x", topP: 0),
        ModelRequest(prompt: "x", stopSequences: [""]),
        ModelRequest(prompt: "x", stopSequences: Array(repeating: "s", count: 9)),
    ])
    func invalidRequestsAreRefusedBeforeAnyHTTP(request: ModelRequest) async throws {
        try await withBackend(urls: ["http://127.0.0.1:9"]) { backend in
            let error = await serviceError { _ = try await backend.complete(request, deadline: nil) }
            #expect(error?.code == .invalidRequest)
        }
    }

    // MARK: Deadlines and cancellation

    @Test func aBackendThatNeverAnswersHitsTheDeadlineAndTheRequestIsCancelled() async throws {
        try await ScriptedHTTPServer.with({ _ in .neverAnswer }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let start = ContinuousClock.now
                let deadline = start.advanced(by: .milliseconds(500))
                let error = await serviceError { _ = try await backend.complete(rawPrompt, deadline: deadline) }
                let elapsed = start.duration(to: .now)
                #expect(error?.code == .deadlineExceeded)
                #expect(elapsed >= .milliseconds(490) && elapsed < .milliseconds(2500), "\(elapsed)")
                #expect(await server.wait { $0.abandonedResponses == 1 })
                let abandonedAt = try #require(server.lastAbandonedAt)
                #expect(abandonedAt < deadline.advanced(by: .seconds(1)), "the request is cancelled within 1 s")

                let streamStart = ContinuousClock.now
                let streamDeadline = streamStart.advanced(by: .milliseconds(500))
                let (_, streamError) = await collect(backend.stream(rawPrompt, deadline: streamDeadline))
                #expect((streamError as? ModelServiceError)?.code == .deadlineExceeded)
                #expect(streamStart.duration(to: .now) < .milliseconds(2500))
                #expect(await server.wait { $0.abandonedResponses == 2 })
                let streamAbandonedAt = try #require(server.lastAbandonedAt)
                #expect(streamAbandonedAt < streamDeadline.advanced(by: .seconds(1)), "the request is cancelled within 1 s")
            }
        }
    }

    @Test func theModelsTotalTimeoutBoundsACallWithoutDeadline() async throws {
        try await ScriptedHTTPServer.with({ _ in .neverAnswer }) { server in
            try await withBackend(urls: [server.url], timeouts: .init(firstByte: .seconds(10), total: .milliseconds(300))) { backend in
                let error = await serviceError { _ = try await backend.complete(rawPrompt, deadline: nil) }
                #expect(error?.code == .deadlineExceeded)
            }
        }
    }

    @Test(arguments: [Duration.milliseconds(20), .milliseconds(300)])
    func aDeadlineMidStreamReportsTheUsageSoFar(dripInterval: Duration) async throws {
        try await ScriptedHTTPServer.with({ _ in .streamForever(chunk: Fixture.llamaChunk("x", predicted: 1), interval: dripInterval) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let deadline = ContinuousClock.now.advanced(by: .seconds(1))
                let (events, error) = await collect(backend.stream(rawPrompt, deadline: deadline))
                #expect(!events.isEmpty)
                let failure = try #require(error as? ModelServiceError)
                #expect(failure.code == .deadlineExceeded)
                #expect(failure.partialUsage == ModelUsage(promptTokens: 6, completionTokens: 1))
                #expect(await server.wait { $0.abandonedResponses == 1 })
                let abandonedAt = try #require(server.lastAbandonedAt)
                #expect(abandonedAt < deadline.advanced(by: .seconds(1)), "the request is cancelled within 1 s")
            }
        }
    }

    @Test func aConsumerThatStopsTakingEventsStopsTheReadingOfTheAnswer() async throws {
        let chunk = Fixture.llamaChunk(String(repeating: "x", count: 4_000), predicted: 1)
        try await ScriptedHTTPServer.with({ _ in .flood(chunk: chunk) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                var events = backend.stream(rawPrompt, deadline: nil).makeAsyncIterator()
                _ = try await events.next()
                // Take nothing more: the server's writes must stop once the socket buffers
                // are full (loopback buffers here grow to 32 MB), not run on into a buffer of
                // ours (which would take gigabytes within the wait).
                let plateau = try await steadyValue(of: { server.floodedChunks }, within: .seconds(20))
                #expect(plateau < 40_000, "\(plateau) chunks of 4 KB written while the consumer took one")
                // The stream is intact: taking events again goes on where it stopped.
                for _ in 0..<100 {
                    guard case .textDelta(let text, _) = try await events.next() else {
                        Issue.record("the paused stream did not go on")
                        return
                    }
                    #expect(text.count == 4_000)
                }
            }
        }
    }

    @Test func manyConcurrentStreamsToOneURLAreAllServed() async throws {
        // Each answer takes longer than the connect timeout (1 s), so a call waiting for a
        // pooled connection behind the first few would fail.
        let chunks = (1...3).map { Fixture.llamaChunk("x", predicted: $0) } + [Fixture.llamaFinal("limit", predicted: 3)]
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: chunks, interval: .milliseconds(500)) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let failures = await withTaskGroup(of: (any Error)?.self) { group in
                    for _ in 0..<24 {
                        group.addTask { await collect(backend.stream(rawPrompt, deadline: nil)).error }
                    }
                    return await group.reduce(into: [String]()) { if let error = $1 { $0.append("\(error)") } }
                }
                #expect(failures.isEmpty, "\(failures.count) of 24 concurrent streams failed: \(failures.first ?? "")")
                #expect(server.requests.count == 24)
            }
        }
    }

    @Test func cancellingTheConsumerClosesTheConnectionAtOnce() async throws {
        try await ScriptedHTTPServer.with({ _ in .streamForever(chunk: Fixture.chatChunk("tok")) }) { server in
            try await withBackend(urls: [server.url], kind: .openAI, format: .chat) { backend in
                let seen = Mutex(ModelStreamAccumulator())
                let consumer = Task {
                    for try await event in backend.stream(ModelRequest(prompt: "x", maxTokens: 500), deadline: nil) {
                        seen.withLock { $0.add(event) }
                    }
                }
                #expect(await server.wait { _ in seen.withLock { $0.deltaCount } >= 3 })
                let cancelledAt = ContinuousClock.now
                consumer.cancel()
                #expect(await server.wait(timeout: .seconds(2)) { $0.abandonedResponses == 1 })
                #expect(cancelledAt.duration(to: .now) < .seconds(2))
                _ = try? await consumer.value
                let partial = seen.withLock { $0.partialResult(stopReason: .cancelled) }
                #expect(partial.stopReason == .cancelled)
                #expect(partial.usage.completionTokens >= 3)
                #expect(partial.text.hasPrefix("toktoktok"))
            }
        }
    }

    @Test func leavingTheLoopEarlyClosesTheConnection() async throws {
        try await ScriptedHTTPServer.with({ _ in .streamForever(chunk: Fixture.llamaChunk("x", predicted: 1)) }) { server in
            try await withBackend(urls: [server.url]) { backend in
                var deltas = 0
                for try await _ in backend.stream(rawPrompt, deadline: nil) {
                    deltas += 1
                    if deltas == 3 { break }
                }
                #expect(await server.wait(timeout: .seconds(2)) { $0.abandonedResponses == 1 })
            }
        }
    }

    @Test func cancellingAUnaryCallIsCancelled() async throws {
        try await ScriptedHTTPServer.with({ _ in .neverAnswer }) { server in
            try await withBackend(urls: [server.url]) { backend in
                let call = Task { try await backend.complete(rawPrompt, deadline: nil) }
                #expect(await server.wait { $0.requests.count == 1 })
                call.cancel()
                let error = await serviceError { _ = try await call.value }
                #expect(error?.code == .cancelled)
                #expect(await server.wait { $0.abandonedResponses == 1 })
            }
        }
    }
}
