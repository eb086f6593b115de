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
            return try await withFailover(model: name, entry, doing: "count tokens") { endpoint in
                try await withTimeLimit(
                    .now.advanced(by: timeout),
                    expiry: { AttemptError.retryable("no answer within \(timeout)") }
                ) {
                    try await self.tokenize(body, endpoint: endpoint, limit: .now.advanced(by: timeout))
                }
            }
        } catch {
            throw Self.publicError(error)
        }
    }

    private func tokenize(_ body: Data, endpoint: BackendEndpoint, limit: ContinuousClock.Instant) async throws -> Int {
        let request = httpRequest(endpoint, path: "/tokenize", body: body)
        let response = try await client.execute(request, deadline: Self.nioDeadline(limit), logger: logger)
        try await checkStatus(response)
        let answer = try await response.body.collect(upTo: limits.maximumBodySize)
        do {
            return try ResponseInterpreter.decode(TokenizeResponse.self, from: Data(answer.readableBytesView), what: "token list").tokens.count
        } catch {
            throw AttemptError.fatal(error)
        }
    }

    /// True when any endpoint of the model answers its health check (llama.cpp: `GET /health`,
    /// 200 once the model is loaded; other kinds: `GET /v1/models`) with 2xx.
    public func health(model: String?) async -> Bool {
        guard let (_, entry) = try? configuration.model(named: model) else { return false }
        for endpoint in endpoints(of: entry) where await probe(endpoint, path: Self.healthPath(of: entry)) {
            return true
        }
        return false
    }

    /// Whether `endpoint` answers `GET path` with 2xx within the control timeout.
    func probe(_ endpoint: BackendEndpoint, path: String) async -> Bool {
        let limit = ContinuousClock.now.advanced(by: limits.controlTimeout)
        let request = httpRequest(endpoint, path: path, body: nil)
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
