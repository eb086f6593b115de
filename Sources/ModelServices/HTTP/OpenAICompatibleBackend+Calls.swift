import AsyncAlgorithms
import AsyncHTTPClient
import Foundation
import NIOCore

extension OpenAICompatibleBackend {
    public func complete(_ request: ModelRequest, deadline: ContinuousClock.Instant?) async throws -> ModelResult {
        let call = try BackendCall(request, configuration: configuration, stream: false)
        let limit = ContinuousClock.Instant.earliest(deadline, orIn: call.model.timeouts.total)
        let expiry = Self.deadlineError(call, started: .now)
        do {
            return try await withTimeLimit(limit, expiry: { expiry(nil) }) {
                try await self.withFailover(model: call.modelName, call.model, doing: "complete the request") { endpoint in
                    try await self.completeAttempt(call, endpoint: endpoint, limit: limit)
                }
            }
        } catch {
            throw Self.publicError(error)
        }
    }

    private func completeAttempt(_ call: BackendCall, endpoint: BackendEndpoint, limit: ContinuousClock.Instant) async throws -> ModelResult {
        let request = httpRequest(endpoint, path: call.path, body: call.body)
        let response = try await client.execute(request, deadline: Self.nioDeadline(limit), logger: logger)
        try await checkStatus(response)
        let body = try await response.body.collect(upTo: limits.maximumBodySize)
        do {
            return try ResponseInterpreter.result(of: Data(body.readableBytesView), call: call)
        } catch {
            throw AttemptError.fatal(error)
        }
    }

    /// Streams the answer. The HTTP body is read only as fast as the caller takes events:
    /// each event is handed over through a channel without a buffer, so a caller that stops
    /// reading stops the reading of the backend's answer (and TCP then pauses the backend),
    /// until the call's deadline ends it. Dropping the stream cancels the request, unless
    /// the answer has finished (then the rest of the body is drained, so the connection can
    /// be reused).
    public func stream(_ request: ModelRequest, deadline: ContinuousClock.Instant?) -> AsyncThrowingStream<ModelEvent, any Error> {
        let call: BackendCall
        do {
            call = try BackendCall(request, configuration: configuration, stream: true)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
        let events = BackendEventChannel()
        let task = Task {
            do {
                try await self.runStream(call, deadline: deadline, sink: events)
                events.channel.finish()
            } catch {
                events.channel.fail(Self.publicError(error))
            }
        }
        let reader = BackendEventReader(events: events, task: task)
        return AsyncThrowingStream(unfolding: { try await reader.next() })
    }

    private func runStream(
        _ call: BackendCall,
        deadline: ContinuousClock.Instant?,
        sink: BackendEventChannel
    ) async throws {
        let limit = ContinuousClock.Instant.earliest(deadline, orIn: call.model.timeouts.total)
        let progress = StreamProgress()
        let expiry = Self.deadlineError(call, started: .now)
        try await withTimeLimit(limit, expiry: { expiry(progress.usage) }) {
            try await self.withFailover(model: call.modelName, call.model, doing: "stream an answer") { endpoint in
                progress.beginAttempt()
                let firstByte = call.model.timeouts.firstByte
                let firstByteLimit = ContinuousClock.now.advanced(by: firstByte)
                guard firstByteLimit < limit else {
                    return try await self.streamAttempt(call, endpoint: endpoint, limit: limit, progress: progress, sink: sink)
                }
                return try await withTimeLimit(
                    firstByteLimit,
                    isDisarmed: { progress.receivedFirstByte },
                    expiry: { AttemptError.retryable("no answer within the first-byte timeout of \(firstByte)") }
                ) {
                    try await self.streamAttempt(call, endpoint: endpoint, limit: limit, progress: progress, sink: sink)
                }
            }
        }
    }

    /// One URL's try at a stream. Before the first byte every failure is retryable; after
    /// it every failure is fatal and carries the usage so far.
    private func streamAttempt(
        _ call: BackendCall,
        endpoint: BackendEndpoint,
        limit: ContinuousClock.Instant,
        progress: StreamProgress,
        sink: BackendEventChannel
    ) async throws {
        let request = httpRequest(endpoint, path: call.path, body: call.body, acceptsEventStream: true)
        let response = try await client.execute(request, deadline: Self.nioDeadline(limit), logger: logger)
        try await checkStatus(response)
        if let contentType = response.headers.first(name: "content-type"), !contentType.lowercased().contains("text/event-stream") {
            throw AttemptError.fatal(.badResponse("the backend answered a stream with content type '\(trimmed(contentType, limit: 80))'"))
        }
        var parser = ServerSentEventParser(maximumLineLength: limits.maximumLineLength, maximumEventSize: limits.maximumEventSize)
        var interpreter = StreamInterpreter(call: call)
        var receivedEvent = false
        do {
            for try await buffer in response.body {
                if !progress.receivedFirstByte { progress.markFirstByte(usage: interpreter.usageSoFar) }
                if interpreter.isFinished { continue }  // drain, so the connection can be reused
                let events = try parser.parse(buffer.readableBytesView)
                if events.isEmpty, !receivedEvent, parser.foreignLines > 0 {
                    throw AttemptError.fatal(.badResponse("the backend's answer to a stream is not an event stream"))
                }
                receivedEvent = receivedEvent || !events.isEmpty
                for event in events {
                    let outputs = try interpreter.interpret(event)
                    progress.update(interpreter.usageSoFar)
                    for output in outputs {
                        switch output {
                        case .delta(let text, let usage):
                            await sink.channel.send(.textDelta(text, usageSoFar: usage))
                        case .reasoning(let text, let usage):
                            await sink.channel.send(.reasoningDelta(text, usageSoFar: usage))
                        case .finished(let result):
                            await sink.deliverFinished(result)
                        }
                    }
                }
            }
        } catch {
            throw Self.streamFailure(error, progress: progress, usage: interpreter.usageSoFar)
        }
        if interpreter.isFinished { return }
        if let result = interpreter.endOfStream() {
            await sink.deliverFinished(result)
            return
        }
        guard progress.receivedFirstByte else {
            throw AttemptError.retryable("the backend closed the connection without answering")
        }
        throw AttemptError.fatal(.unavailable("the backend closed the stream before it finished", partialUsage: interpreter.usageSoFar))
    }

    private static func streamFailure(_ error: any Error, progress: StreamProgress, usage: ModelUsage) -> AttemptError {
        let started = progress.receivedFirstByte
        switch error {
        case let error as ServerSentEventParser.ParseError:
            return .fatal(.badResponse(error.description, partialUsage: usage))
        case let error as ModelServiceError:
            return .fatal(error.withPartialUsage(started ? usage : nil))
        default:
            switch attemptError(error) {
            case .fatal(let fatal):
                return .fatal(fatal.withPartialUsage(started ? usage : nil))
            case .retryable(let reason) where started:
                return .fatal(.unavailable("the connection to the backend was lost mid-stream: \(reason)", partialUsage: usage))
            case .retryable(let reason):
                return .retryable(reason)
            }
        }
    }

    /// Builds the deadline error of a call, with the usage spent by then.
    private static func deadlineError(_ call: BackendCall, started: ContinuousClock.Instant) -> @Sendable (ModelUsage?) -> ModelServiceError {
        let name = call.modelName
        return { usage in
            let elapsed = started.duration(to: .now)
            return .deadlineExceeded("model '\(name)' did not finish before the deadline (after \(elapsed))", partialUsage: usage)
        }
    }
}
