import Foundation
import Glibc
import Synchronization
import FlintAPI

/// How `apiclient complete` shows what the model writes.
struct CompletionPrinter: Sendable {
    let json: Bool
    let verbose: Bool
    private let output = StandardOutput()
    private let reasoningLine = ReasoningLine()

    init(json: Bool, verbose: Bool) {
        self.json = json
        self.verbose = verbose
    }

    func event(_ event: CompletionEvent) {
        if json {
            line(Self.object(event))
            return
        }
        switch event.event {
        case .textDelta(let delta):
            endThinking()
            output.write(delta.text)
        case .reasoningDelta(let delta):
            thinking(delta.text)
        case .toolCall(let call):
            output.line(Self.describe(call))
        case .toolResult(let result):
            output.line(Self.describe(result))
        case .observation(let observation):
            output.line(VisualReasoningFormatting.describe(observation))
        case .reasoningStep(let step):
            output.line(VisualReasoningFormatting.describe(step))
        case .stop(let stop):
            output.write("\n")
            if verbose { report(stop.usage, reason: stop.reason) }
        default:
            break
        }
    }

    func complete(_ response: CompleteResponse) {
        let text = response.content.compactMap { part -> String? in
            if case .text(let text) = part { return text.text }
            return nil
        }.joined()
        if json {
            var object: [String: Any] = [
                "model": response.model, "text": text, "stop_reason": Self.name(response.stopReason),
                "content": response.content.map(Self.object),
            ]
            if let usage = response.usage { object["usage"] = Self.usage(usage) }
            line(object)
        } else {
            for part in response.content {
                switch part {
                case .text(let part):
                    endThinking()
                    output.write(part.text)
                case .reasoning(let part): thinking(part.text)
                case .toolCall(let call): output.line(Self.describe(call))
                case .toolResult(let result): output.line(Self.describe(result))
                case .observation(let observation): output.line(VisualReasoningFormatting.describe(observation))
                case .reasoningStep(let step): output.line(VisualReasoningFormatting.describe(step))
                default: continue
                }
            }
            output.write("\n")
            if verbose { report(response.usage, reason: response.stopReason) }
        }
    }

    /// `→ calculator {"expression":"17*23"} [call_1, server]`
    static func describe(_ call: ToolCall) -> String {
        "→ \(call.name) \(call.argumentsJSON) [\(call.id)\(call.serverTool ? ", server" : ", yours to run")]"
    }

    /// `← call_1 {"value":"391"}` (or `← call_1 error: …`)
    static func describe(_ result: ToolResult) -> String {
        "← \(result.toolCallID)\(result.isError ? " error:" : "") \(text(of: result))"
    }

    static func text(of result: ToolResult) -> String {
        result.content.compactMap { part -> String? in
            if case .text(let text) = part { return text.text }
            return nil
        }.joined(separator: "\n")
    }

    static func object(_ part: ContentPart) -> [String: Any] {
        switch part {
        case .text(let text): ["type": "text", "text": text.text]
        case .toolCall(let call): ["type": "tool_call"].merging(object(call)) { $1 }
        case .toolResult(let result): ["type": "tool_result"].merging(object(result)) { $1 }
        case .image: ["type": "image"]
        case .reasoning(let reasoning): ["type": "reasoning", "text": reasoning.text]
        case .observation(let observation): ["type": "observation"].merging(VisualReasoningFormatting.object(observation)) { $1 }
        case .reasoningStep(let step): ["type": "reasoning_step"].merging(VisualReasoningFormatting.object(step)) { $1 }
        }
    }

    static func object(_ call: ToolCall) -> [String: Any] {
        ["id": call.id, "name": call.name, "arguments": call.argumentsJSON, "server_tool": call.serverTool]
    }

    static func object(_ result: ToolResult) -> [String: Any] {
        ["tool_call_id": result.toolCallID, "is_error": result.isError, "text": text(of: result)]
    }

    private func thinking(_ text: String) {
        reasoningLine.write(text)
    }

    private func endThinking() {
        reasoningLine.end()
    }

    /// Ends a partly written line before an error message.
    func finishLine() {
        if !json { output.write("\n") }
    }

    private func report(_ usage: Usage?, reason: StopReason) {
        let tokens = usage.map { "\($0.inputTokens) input + \($0.outputTokens) output tokens, \($0.modelCalls) model calls, \($0.toolCalls) tool runs" } ?? "no usage reported"
        FileHandle.standardError.write(Data("usage: \(tokens); stop: \(Self.name(reason))\n".utf8))
    }

    private func line(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        output.write(String(decoding: data, as: UTF8.self) + "\n")
    }

    static func object(_ event: CompletionEvent) -> [String: Any] {
        var object: [String: Any] = ["sequence": event.sequence, "part_index": event.partIndex]
        switch event.event {
        case .textDelta(let delta): object["type"] = "text_delta"; object["text"] = delta.text
        case .reasoningDelta(let delta): object["type"] = "reasoning_delta"; object["text"] = delta.text
        case .usage(let usage): object["type"] = "usage"; object["usage"] = Self.usage(usage)
        case .stop(let stop):
            object["type"] = "stop"
            object["stop_reason"] = name(stop.reason)
            object["model"] = stop.model
            if let usage = stop.usage { object["usage"] = Self.usage(usage) }
        case .toolCall(let call): object["type"] = "tool_call"; object["tool_call"] = Self.object(call)
        case .toolResult(let result): object["type"] = "tool_result"; object["tool_result"] = Self.object(result)
        case .observation(let observation): object["type"] = "observation"; object["observation"] = VisualReasoningFormatting.object(observation)
        case .reasoningStep(let step): object["type"] = "reasoning_step"; object["reasoning_step"] = VisualReasoningFormatting.object(step)
        case nil: object["type"] = "unknown"
        }
        return object
    }

    static func usage(_ usage: Usage) -> [String: Any] {
        [
            "input_tokens": usage.inputTokens, "output_tokens": usage.outputTokens, "partial": usage.partial,
            "model_calls": usage.modelCalls, "tool_calls": usage.toolCalls,
        ]
    }

    static func name(_ reason: StopReason) -> String {
        switch reason {
        case .endTurn: "end_turn"
        case .maxTokens: "max_tokens"
        case .stopSequence: "stop_sequence"
        case .toolUse: "tool_use"
        case .toolStepLimit: "tool_step_limit"
        default: "unspecified"
        }
    }
}

/// Standard output, written at once (no stdio buffer, so text deltas and whole lines stay
/// in order), knowing whether it stands at the start of a line. When the reader has gone
/// (`apiclient complete --json | head -5`), the program exits quietly, as Unix tools do.
final class StandardOutput: Sendable {
    private let atLineStart = Mutex(true)

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        Self.writeAll(Array(text.utf8))
        atLineStart.withLock { $0 = text.hasSuffix("\n") }
    }

    /// Writes every byte to file descriptor 1; exits with status 0 if the reader closed it.
    static func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                return
            }
            offset += written
        }
    }

    /// `text` on a line of its own.
    func line(_ text: String) {
        let fresh = atLineStart.withLock { $0 }
        write((fresh ? "" : "\n") + text + "\n")
    }
}

/// The model's reasoning on stderr, so stdout stays the answer: `thinking: ` before the
/// first piece, the pieces as they come, a line end before the answer.
final class ReasoningLine: Sendable {
    /// Whether reasoning is being printed and the answer has not begun.
    private let open = Mutex(false)

    func write(_ text: String) {
        let first = open.withLock { open in
            defer { open = true }
            return !open
        }
        FileHandle.standardError.write(Data(((first ? "thinking: " : "") + text).utf8))
    }

    func end() {
        let wasOpen = open.withLock { open in
            defer { open = false }
            return open
        }
        if wasOpen { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
