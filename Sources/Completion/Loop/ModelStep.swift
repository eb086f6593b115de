import Foundation
import ModelServices
import ToolSchema

/// One model call of a completion: the backend's stream, with text passed on as it
/// arrives when it is an answer, held back when it is (or may be) written tool calls.
/// Complete and StreamComplete both run through here, so both get the same content.
struct ModelStep {
    /// What the step's text may be, and so when it can be passed on.
    enum TextGate: Equatable {
        /// Always an answer: pass every delta on.
        case stream
        /// Never an answer (the turn must call a tool): hold it all.
        case hold
        /// Either: an answer never starts with "<" and calls always do, so the first
        /// character decides.
        case decideAtFirstCharacter
    }

    /// What the model produced.
    struct Outcome {
        var text: String
        /// Whether `text` was passed on (it is an answer).
        var streamed: Bool
        /// Native tool calls, or the written calls parsed from held text.
        var calls: [ModelToolCall]
        /// Held text that should have been calls but does not parse.
        var malformed: String?
        var stopReason: ModelStopReason
        var stopSequence: String?
        var usage: ModelUsage
    }

    let backend: any ModelBackend
    let request: ModelRequest
    let gate: TextGate
    let deadline: ContinuousClock.Instant?

    /// What a step passes on as it arrives.
    enum Piece {
        /// A delta of the answer.
        case text(String)
        /// A piece of the backend's reasoning, when the request asks for it (as it arrives,
        /// whatever the gate: reasoning is never a tool call).
        case reasoning(String)
    }

    /// Runs the call; `onPiece` gets each passed-on delta. A failure of the backend is
    /// thrown as ``ModelServiceError`` with the usage so far; `spent` always holds it.
    func run(spent: inout ModelUsage, onPiece: (Piece) async throws -> Void) async throws -> Outcome {
        func onText(_ text: String) async throws { try await onPiece(.text(text)) }
        var text = ""
        var streaming = gate == .stream
        var result: ModelResult?
        for try await event in backend.stream(request, deadline: deadline) {
            switch event {
            case .textDelta(let delta, let usage):
                spent = usage
                text += delta
                if !streaming, gate == .decideAtFirstCharacter, let first = text.first {
                    streaming = first != "<"
                    if streaming { try await onText(text) }
                } else if streaming {
                    try await onText(delta)
                }
            case .reasoningDelta(let delta, let usage):
                spent = usage
                if request.reasoning { try await onPiece(.reasoning(delta)) }
            case .finished(let finished):
                spent = finished.usage
                result = finished
            }
        }
        // The stream ends without `finished` only when this task was cancelled.
        guard let result else { throw CancellationError() }
        return outcome(result, text: text, streamed: streaming)
    }

    private func outcome(_ result: ModelResult, text: String, streamed: Bool) -> Outcome {
        var outcome = Outcome(
            text: text, streamed: streamed, calls: result.toolCalls, stopReason: result.stopReason,
            stopSequence: result.stopSequence, usage: result.usage)
        // Only a constrained model writes its calls as text.
        guard !streamed, gate != .stream, request.grammar != nil else { return outcome }
        switch Self.parseCalls(text, stopReason: result.stopReason) {
        case .toolCalls(let parsed):
            outcome.calls = parsed.map { ModelToolCall(id: "", name: $0.name, argumentsJSON: $0.arguments.serialized()) }
        case .text:
            // Held text that is an answer after all (empty output, say).
            outcome.malformed = gate == .hold ? "the output is not a tool call" : nil
        case .malformed(let reason):
            outcome.malformed = reason
        }
        return outcome
    }

    /// Written calls. When the output was cut off by max_tokens while writing a further
    /// call, the calls before it are whole and count; the cut-off one is not a call.
    static func parseCalls(_ text: String, stopReason: ModelStopReason) -> ParsedOutput {
        let parsed = ToolCallSyntax.parse(text)
        guard case .malformed = parsed, stopReason == .maxTokens, let end = text.range(of: ToolCallSyntax.close, options: .backwards) else {
            return parsed
        }
        let whole = ToolCallSyntax.parse(String(text[..<end.upperBound]))
        if case .toolCalls = whole { return whole }
        return parsed
    }
}
