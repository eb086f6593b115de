import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Why one URL did not serve a call.
enum AttemptError: Error {
    /// The URL failed before answering: the next URL may serve the call.
    case retryable(String)
    /// The call itself failed; no other URL would do better.
    case fatal(ModelServiceError)
}

extension OpenAICompatibleBackend {
    /// Runs `attempt` on each endpoint of `model` in turn until one serves the call. An
    /// endpoint whose circuit breaker is open is skipped without being contacted; when every
    /// endpoint is skipped so, the call fails fast with `.unavailable`.
    func withFailover<T>(
        model name: String,
        _ model: ModelConfiguration.Model,
        doing work: String,
        _ attempt: (BackendEndpoint) async throws -> T
    ) async throws(ModelServiceError) -> T {
        let endpoints = endpoints(of: model)
        guard !endpoints.isEmpty else {
            throw .unavailable("model '\(name)' is not running yet (it is starting or restarting)")
        }
        var failures: [String] = []
        var rested = 0
        for (index, endpoint) in endpoints.enumerated() {
            let url = endpoint.url
            let backend = (model: name, url: url, index: index)
            if index > 0 { observer?.failedOver(model: name) }
            switch breakers.admit(url) {
            case .allowed:
                break
            case .probeFirst:
                let healthy = await probe(endpoint, path: Self.healthPath(of: model))
                logger.info(
                    "model backend health probe \(healthy ? "passed: one trial call goes through" : "failed: calls keep failing fast")",
                    metadata: ["model.name": "\(name)", "backend.url": "\(url)"])
                guard breakers.probeFinished(url, healthy: healthy) else {
                    observer?.attempted(model: name, backend: index, outcome: .skipped)
                    rested += 1
                    continue
                }
            case .rejected:
                observer?.attempted(model: name, backend: index, outcome: .skipped)
                rested += 1
                continue
            }
            var retriedStaleConnection = false
            while true {
                if Task.isCancelled {
                    record(backend, .neutral, attempt: .cancelled)
                    throw .cancelled("the call was cancelled")
                }
                do {
                    let value = try await attempt(endpoint)
                    record(backend, .success, attempt: .success)
                    return value
                } catch {
                    let classified = Self.attemptError(error)
                    switch classified {
                    case .retryable where !retriedStaleConnection && Self.isStaleConnection(error):
                        retriedStaleConnection = true
                        logger.debug(
                            "pooled connection to the model backend was closed, retrying once",
                            metadata: ["model.name": "\(name)", "backend.url": "\(url)"])
                        continue
                    case .retryable(let reason):
                        recordFailure(of: backend, reason: reason)
                        failures.append("\(url): \(reason)")
                    case .fatal(let error):
                        if Self.isBackendFault(error) {
                            recordFailure(of: backend, reason: error.message)
                        } else if Self.isCallersOwn(error) {
                            record(backend, .success, attempt: .callerError)
                        } else {
                            record(backend, .neutral, attempt: .cancelled)
                        }
                        throw error
                    }
                }
                break
            }
        }
        guard rested < endpoints.count else {
            throw .unavailable(
                "model '\(name)' is unavailable: its backend failed \(breakers.policy.failureThreshold) times in a row, and calls fail fast until it passes a health check")
        }
        throw .unavailable("no backend of model '\(name)' could \(work) (\(failures.joined(separator: "; ")))")
    }

    private func recordFailure(of backend: (model: String, url: String, index: Int), reason: String) {
        record(backend, .failure, attempt: .failure)
        logger.debug(
            "model backend failed", metadata: ["model.name": "\(backend.model)", "backend.url": "\(backend.url)", "error.message": "\(reason)"])
    }

    /// Records how a use of a backend went in its circuit breaker and tells the observer.
    private func record(_ backend: (model: String, url: String, index: Int), _ outcome: CircuitBreakers.Outcome, attempt: BackendAttemptOutcome) {
        breakers.record(backend.url, outcome)
        guard let observer else { return }
        observer.attempted(model: backend.model, backend: backend.index, outcome: attempt)
        observer.health(model: backend.model, backend: backend.index, healthy: breakers.isClosed(backend.url))
    }

    /// The backend's own failure (it died, broke the protocol or answered 5xx mid-call),
    /// which counts towards its circuit breaker.
    static func isBackendFault(_ error: ModelServiceError) -> Bool {
        error.code == .unavailable || error.code == .badResponse
    }

    /// A refusal of the caller's request: the backend answered, so it is up.
    static func isCallersOwn(_ error: ModelServiceError) -> Bool {
        error.code == .invalidRequest || error.code == .notFound
    }

    /// The health check of a model's backend: llama-server's `/health` (200 once the model
    /// is loaded), `/v1/models` for other kinds.
    static func healthPath(of model: ModelConfiguration.Model) -> String {
        model.kind == .llamaCpp ? "/health" : "/v1/models"
    }

    /// A pooled keep-alive connection the server closed just as it was reused: the request
    /// never reached the server, so the same URL gets one more try. (Servers close idle
    /// connections after a few seconds; a reuse can race with that close.)
    static func isStaleConnection(_ error: any Error) -> Bool {
        switch error {
        case let error as ChannelError:
            return error == .ioOnClosedChannel || error == .alreadyClosed || error == .outputClosed
        case let error as HTTPClientError:
            return error == .remoteConnectionClosed
        case let error as IOError:
            return error.errnoCode == EPIPE || error.errnoCode == ECONNRESET
        default:
            return false
        }
    }

    /// Classifies an error of one attempt. Errors of the HTTP client (refused, reset, timed
    /// out) are retryable; cancellation of the calling task is not.
    static func attemptError(_ error: any Error) -> AttemptError {
        switch error {
        case let error as AttemptError:
            return error
        case let error as ModelServiceError:
            return .fatal(error)
        case is CancellationError:
            return .fatal(.cancelled("the call was cancelled"))
        case is NIOTooManyBytesError:
            return .fatal(.badResponse("the backend's answer is larger than the limit"))
        default:
            if Task.isCancelled { return .fatal(.cancelled("the call was cancelled")) }
            return .retryable(describeTransportError(error))
        }
    }

    /// Any error as a ``ModelServiceError`` for callers.
    static func publicError(_ error: any Error) -> ModelServiceError {
        switch error {
        case let error as ModelServiceError: error
        case AttemptError.fatal(let error): error
        case AttemptError.retryable(let reason): .unavailable(reason)
        case is CancellationError: .cancelled("the call was cancelled")
        default: .unavailable(describeTransportError(error))
        }
    }

    static func describeTransportError(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            return trimmed("\(error)", limit: 200)
        }
        return trimmed(String(describing: error), limit: 200)
    }

    /// Returns for a 2xx answer; throws for others: 4xx other than 408 and 429 is fatal
    /// `.invalidRequest` with the backend's message, the rest retryable.
    func checkStatus(_ response: HTTPClientResponse) async throws(AttemptError) {
        let code = Int(response.status.code)
        guard !(200..<300).contains(code) else { return }
        let body = try? await response.body.collect(upTo: 64 << 10)
        let message = body.map { Self.errorMessage(in: Data($0.readableBytesView)) } ?? "no readable message"
        switch code {
        case 408, 429:
            throw .retryable("HTTP \(code): \(message)")
        case 400..<500:
            throw .fatal(.invalidRequest("the backend rejected the request (HTTP \(code)): \(message)"))
        default:
            throw .retryable("HTTP \(code): \(message)")
        }
    }

    /// The message of an error answer: `error.message`, `message`, `detail`, or the text.
    static func errorMessage(in body: Data) -> String {
        if let decoded = try? JSONDecoder().decode(ErrorResponse.self, from: body),
            let message = decoded.error?.message ?? decoded.message ?? decoded.detail
        {
            return trimmed(message)
        }
        let text = trimmed(String(decoding: body.prefix(1024), as: UTF8.self))
        return text.isEmpty ? "no message" : text
    }
}
