import Foundation
import Wire

/// How `apiclient complete` shows what the model writes.
struct CompletionPrinter: Sendable {
    let json: Bool
    let verbose: Bool

    func event(_ event: CompletionEvent) {
        if json {
            line(Self.object(event))
            return
        }
        switch event.event {
        case .textDelta(let delta):
            FileHandle.standardOutput.write(Data(delta.text.utf8))
        case .stop(let stop):
            print("")
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
            var object: [String: Any] = ["model": response.model, "text": text, "stop_reason": Self.name(response.stopReason)]
            if let usage = response.usage { object["usage"] = Self.usage(usage) }
            line(object)
        } else {
            print(text)
            if verbose { report(response.usage, reason: response.stopReason) }
        }
    }

    /// Ends a partly written line before an error message.
    func finishLine() {
        if !json { print("") }
    }

    private func report(_ usage: Usage?, reason: StopReason) {
        let tokens = usage.map { "\($0.inputTokens) input + \($0.outputTokens) output tokens" } ?? "no usage reported"
        FileHandle.standardError.write(Data("usage: \(tokens); stop: \(Self.name(reason))\n".utf8))
    }

    private func line(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    static func object(_ event: CompletionEvent) -> [String: Any] {
        var object: [String: Any] = ["sequence": event.sequence]
        switch event.event {
        case .textDelta(let delta): object["type"] = "text_delta"; object["text"] = delta.text
        case .reasoningDelta(let delta): object["type"] = "reasoning_delta"; object["text"] = delta.text
        case .usage(let usage): object["type"] = "usage"; object["usage"] = Self.usage(usage)
        case .stop(let stop):
            object["type"] = "stop"
            object["stop_reason"] = name(stop.reason)
            object["model"] = stop.model
            if let usage = stop.usage { object["usage"] = Self.usage(usage) }
        case .toolCall: object["type"] = "tool_call"
        case .toolResult: object["type"] = "tool_result"
        case nil: object["type"] = "unknown"
        }
        return object
    }

    static func usage(_ usage: Usage) -> [String: Any] {
        ["input_tokens": usage.inputTokens, "output_tokens": usage.outputTokens, "partial": usage.partial]
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
