import ModelServices
import Synchronization

/// An in-process model backend that answers each model call with the next turn of a
/// script, and keeps every request it received. For tests of the completion pipeline, the
/// tool loop and the services above it.
public final class ScriptedTurnBackend: StreamOnlyBackend, Sendable {
    /// One model call's answer.
    public enum Turn: Sendable {
        /// Text, streamed in the given pieces.
        case text([String])
        /// Text cut off at max_tokens.
        case truncated([String])
        /// Native tool calls (with optional text before them).
        case toolCalls([ModelToolCall], text: String = "")
        /// The call fails with this error after the given pieces.
        case fail(ModelServiceError, after: [String] = [])
        /// Never answers until cancelled.
        case hang
    }

    /// Tokens each turn reports: a fixed prompt count, one output token per piece.
    public static let promptTokens = 10

    public let models: [ModelDescriptor]
    private let state: Mutex<(turns: [Turn], requests: [ModelRequest])>

    public init(models: [ModelDescriptor], turns: [Turn]) {
        self.models = models
        self.state = Mutex((turns, []))
    }

    /// Every request received, in order.
    public var requests: [ModelRequest] { state.withLock { $0.requests } }

    /// Adds turns to play after the ones left.
    public func append(_ turns: [Turn]) {
        state.withLock { $0.turns += turns }
    }

    /// The turns not played yet.
    public var remainingTurns: Int { state.withLock { $0.turns.count } }

    private func nextTurn(_ request: ModelRequest) -> Turn {
        state.withLock { state in
            state.requests.append(request)
            return state.turns.isEmpty ? .fail(ModelServiceError(.badResponse, "the script has no more turns")) : state.turns.removeFirst()
        }
    }

    public func stream(_ request: ModelRequest, deadline: ContinuousClock.Instant?) -> AsyncThrowingStream<ModelEvent, any Error> {
        let turn = nextTurn(request)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await Self.play(turn, into: continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private static func play(_ turn: Turn, into continuation: AsyncThrowingStream<ModelEvent, any Error>.Continuation) async throws {
        func usage(_ pieces: Int) -> ModelUsage { ModelUsage(promptTokens: promptTokens, completionTokens: pieces) }
        switch turn {
        case .text(let pieces):
            for (index, piece) in pieces.enumerated() { continuation.yield(.textDelta(piece, usageSoFar: usage(index + 1))) }
            continuation.yield(.finished(ModelResult(text: pieces.joined(), stopReason: .end, usage: usage(pieces.count))))
        case .truncated(let pieces):
            for (index, piece) in pieces.enumerated() { continuation.yield(.textDelta(piece, usageSoFar: usage(index + 1))) }
            continuation.yield(.finished(ModelResult(text: pieces.joined(), stopReason: .maxTokens, usage: usage(pieces.count))))
        case .toolCalls(let calls, let text):
            if !text.isEmpty { continuation.yield(.textDelta(text, usageSoFar: usage(1))) }
            let result = ModelResult(text: text, stopReason: .toolCalls, usage: usage(calls.count + (text.isEmpty ? 0 : 1)), toolCalls: calls)
            continuation.yield(.finished(result))
        case .fail(let error, let pieces):
            for (index, piece) in pieces.enumerated() { continuation.yield(.textDelta(piece, usageSoFar: usage(index + 1))) }
            throw error.partialUsage == nil && !pieces.isEmpty ? ModelServiceError(error.code, error.message, partialUsage: usage(pieces.count)) : error
        case .hang:
            try await Task.sleep(for: .seconds(3600))
        }
    }

    public func countTokens(_ text: String, model: String?) async throws -> Int {
        text.utf8.count
    }

    public func health(model: String?) async -> Bool { true }
}

extension ModelDescriptor {
    /// A raw-prompt model with tools through a grammar, like the embedded Gemma.
    public static func scriptedConstrained(name: String = "scripted-raw", isDefault: Bool = true) -> ModelDescriptor {
        ModelDescriptor(
            name: name, contextLength: 8_192, maxOutputTokens: 512, capabilities: ModelCapabilities(tools: true), promptFormat: .raw,
            isDefault: isDefault)
    }

    /// A chat model with native tool calling.
    public static func scriptedNative(name: String = "scripted-chat", isDefault: Bool = false) -> ModelDescriptor {
        ModelDescriptor(
            name: name, contextLength: 8_192, maxOutputTokens: 512, capabilities: ModelCapabilities(tools: true), promptFormat: .chat,
            isDefault: isDefault)
    }

    /// A text-only model.
    public static func scriptedText(name: String = "scripted-text", isDefault: Bool = false) -> ModelDescriptor {
        ModelDescriptor(name: name, contextLength: 8_192, maxOutputTokens: 512, capabilities: ModelCapabilities(), isDefault: isDefault)
    }
}

/// Written tool calls as a constrained model would produce them, split into pieces.
public func writtenCall(_ name: String, _ argumentsJSON: String) -> [String] {
    let text = "<tool_call>{\"name\":\"\(name)\",\"arguments\":\(argumentsJSON)}</tool_call>"
    return stride(from: 0, to: text.count, by: 7).map { start in
        let from = text.index(text.startIndex, offsetBy: start)
        let to = text.index(from, offsetBy: min(7, text.distance(from: from, to: text.endIndex)))
        return String(text[from..<to])
    }
}
