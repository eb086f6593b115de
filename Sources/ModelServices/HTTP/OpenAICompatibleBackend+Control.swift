import AsyncHTTPClient
import Foundation
import NIOCore

extension OpenAICompatibleBackend {
    /// llama.cpp models: the exact count from the backend's `/tokenize`, with the special
    /// tokens a completion adds (`<bos>`), so it equals the prompt usage of a raw prompt.
    /// Other kinds: ``TokenEstimate``.
    public func countTokens(_ text: String, model: String?) async throws -> Int {
        let (name, entry) = try configuration.model(named: model)
        guard entry.kind == .llamaCpp else { return TokenEstimate.tokens(in: text) }
        let body: Data
        do {
            body = try JSONEncoder().encode(TokenizeBody(content: text))
        } catch {
            throw ModelServiceError.invalidRequest("the text cannot be encoded as JSON: \(error)")
        }
        let timeout = limits.controlTimeout
        do {
            return try await withFailover(model: name, urls: entry.urls, doing: "count tokens") { url in
                try await withTimeLimit(
                    .now.advanced(by: timeout),
                    expiry: { AttemptError.retryable("no answer within \(timeout)") }
                ) {
                    try await self.tokenize(body, url: url, limit: .now.advanced(by: timeout))
                }
            }
        } catch {
            throw Self.publicError(error)
        }
    }

    private func tokenize(_ body: Data, url: String, limit: ContinuousClock.Instant) async throws -> Int {
        let request = httpRequest(baseURL: url, path: "/tokenize", body: body)
        let response = try await client.execute(request, deadline: Self.nioDeadline(limit), logger: logger)
        try await checkStatus(response)
        let answer = try await response.body.collect(upTo: limits.maximumBodySize)
        do {
            return try ResponseInterpreter.decode(TokenizeResponse.self, from: Data(answer.readableBytesView), what: "token list").tokens.count
        } catch {
            throw AttemptError.fatal(error)
        }
    }

    /// True when any URL of the model answers `GET /health` (llama.cpp: 200 once the model
    /// is loaded) or `GET /v1/models` (other kinds) with 2xx.
    public func health(model: String?) async -> Bool {
        guard let (_, entry) = try? configuration.model(named: model) else { return false }
        let path = entry.kind == .llamaCpp ? "/health" : "/v1/models"
        for url in entry.urls where await probe(url: url, path: path) {
            return true
        }
        return false
    }

    private func probe(url: String, path: String) async -> Bool {
        let limit = ContinuousClock.now.advanced(by: limits.controlTimeout)
        let request = httpRequest(baseURL: url, path: path, body: nil)
        let client = self.client
        let logger = self.logger
        return
            (try? await withTimeLimit(limit, expiry: { CancellationError() }) {
                let response = try await client.execute(request, deadline: Self.nioDeadline(limit), logger: logger)
                _ = try await response.body.collect(upTo: 1 << 20)
                return (200..<300).contains(Int(response.status.code))
            }) ?? false
    }
}
