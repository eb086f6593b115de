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
    /// Runs `attempt` on each of `urls` in turn until one serves the call.
    func withFailover<T>(
        model: String,
        urls: [String],
        doing work: String,
        _ attempt: (String) async throws -> T
    ) async throws(ModelServiceError) -> T {
        var failures: [String] = []
        for url in urls {
            var retriedStaleConnection = false
            while true {
                if Task.isCancelled { throw .cancelled("the call was cancelled") }
                do {
                    return try await attempt(url)
                } catch {
                    switch Self.attemptError(error) {
                    case .retryable where !retriedStaleConnection && Self.isStaleConnection(error):
                        retriedStaleConnection = true
                        logger.debug(
                            "pooled connection to the model backend was closed, retrying once",
                            metadata: ["model.name": "\(model)", "backend.url": "\(url)"])
                        continue
                    case .retryable(let reason):
                        logger.debug(
                            "model backend failed, trying the next URL",
                            metadata: ["model.name": "\(model)", "backend.url": "\(url)", "error.message": "\(reason)"])
                        failures.append("\(url): \(reason)")
                    case .fatal(let error):
                        throw error
                    }
                }
                break
            }
        }
        throw .unavailable("no backend of model '\(model)' could \(work) (\(failures.joined(separator: "; ")))")
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
