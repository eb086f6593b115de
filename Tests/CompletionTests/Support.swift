import Completion
import FlintTestSupport
import ModelServices
import ServerTools
import Synchronization
import ToolSchema
import FlintAPI

/// A meter that records what the pipeline reserved and used; `denyAfter` reservations
/// are refused.
final class RecordingMeter: CompletionMeter {
    struct Record: Equatable {
        var input: UInt64
        var output: UInt64
        var partial: Bool
    }

    private let state = Mutex((reservations: [UInt64](), records: [Record]()))
    let denyAfter: Int

    init(denyAfter: Int = .max) {
        self.denyAfter = denyAfter
    }

    var reservations: [UInt64] { state.withLock { $0.reservations } }
    var records: [Record] { state.withLock { $0.records } }

    func reserve(tokens: UInt64) throws(RPCError) {
        let count = state.withLock { state in
            state.reservations.append(tokens)
            return state.reservations.count
        }
        if count > denyAfter {
            throw RPCError(.resourceExhausted, "tokens per minute exhausted", retryAfterMs: 1_234)
        }
    }

    func record(model: String, inputTokens: UInt64, outputTokens: UInt64, partial: Bool) {
        state.withLock { $0.records.append(Record(input: inputTokens, output: outputTokens, partial: partial)) }
    }
}

/// What one pipeline run produced.
struct RunResult {
    var outputs: [CompletionOutput]
    var summary: CompletionSummary
}

/// A pipeline over `backend` with the built-in tools plus `extraTools`.
func pipeline(_ backend: ScriptedTurnBackend, extraTools: [any ServerTool] = [], limits: CompletionLimits = CompletionLimits()) -> CompletionPipeline {
    CompletionPipeline(
        backend: backend, serverTools: try! ServerToolRegistry(tools: ServerToolRegistry.builtIn().tools + extraTools), limits: limits,
        sleep: { _ in try await Task.sleep(for: .seconds(3600)) })
}

/// Prepares and runs `request`, collecting the output.
func run(_ pipeline: CompletionPipeline, _ request: CompleteRequest, meter: RecordingMeter = RecordingMeter()) async throws -> RunResult {
    let prepared = try pipeline.prepare(request)
    let outputs = Mutex([CompletionOutput]())
    let summary = try await pipeline.run(prepared, deadline: nil, meter: meter) { output in outputs.withLock { $0.append(output) } }
    return RunResult(outputs: outputs.withLock { $0 }, summary: summary)
}

func userText(_ text: String) -> Message {
    Message(role: .user, parts: [.text(TextPart(text: text))])
}

let lookupSchema = #"{"type":"object","properties":{"id":{"type":"string","minLength":3}},"required":["id"],"additionalProperties":false}"#

extension CompletionOutput {
    var toolCall: ToolCall? {
        if case .toolCall(_, let call) = self { return call }
        return nil
    }

    var toolResult: ToolResult? {
        if case .toolResult(_, let result) = self { return result }
        return nil
    }

    var text: String? {
        if case .textDelta(_, let text) = self { return text }
        return nil
    }
}

extension ToolResult {
    var text: String {
        content.compactMap { part -> String? in
            if case .text(let text) = part { return text.text }
            return nil
        }.joined()
    }
}

/// A server tool that waits until it is cancelled, and says when it started and stopped.
final class HangingTool: ServerTool {
    let name = "hang"
    let description = "Never finishes."
    let parametersSchema = #"{"type":"object","properties":{}}"#
    let limits = ServerToolLimits(timeout: .seconds(3600), maxOutputBytes: 100)
    let started = Atomic<Int>(0)
    let cancelled = Atomic<Int>(0)

    func run(_ arguments: JSONValue, context _: ServerToolContext) async throws(ServerToolFailure) -> String {
        started.add(1, ordering: .relaxed)
        do {
            try await Task.sleep(for: .seconds(3600))
        } catch {
            cancelled.add(1, ordering: .relaxed)
        }
        return "{}"
    }
}
