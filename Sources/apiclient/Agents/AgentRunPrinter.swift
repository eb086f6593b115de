import Foundation
import Synchronization
import FlintAPI

/// How `apiclient agents run` shows a run: live (a block of lines redrawn on a terminal),
/// plain (one line per step, for pipes and logs) or JSON (one object per event).
final class AgentRunPrinter: Sendable {
    enum Mode: Sendable {
        case live, plain, json
    }

    let mode: Mode
    private let output = StandardOutput()
    private let state = Mutex(AgentRunProgress())

    init(mode: Mode) {
        self.mode = mode
    }

    func event(_ event: AgentEvent) {
        if mode == .json {
            line(AgentEventJSON.object(event))
            return
        }
        let now = ContinuousClock.now
        let (drawn, lines, skip) = state.withLock { progress -> (Int, [String], Bool) in
            let drawn = progress.drawnLines
            let lines = progress.apply(event)
            // Text deltas only move a token count: redraw for them at most 10 times a second.
            if case .subtaskDelta(let delta) = event.event, case .text = delta.delta, let last = progress.drawnAt, now - last < .milliseconds(100) {
                return (drawn, lines, true)
            }
            if mode == .live { (progress.drawnLines, progress.drawnAt) = (progress.liveLines.count, now) }
            return (drawn, lines, false)
        }
        if skip { return }
        switch mode {
        case .plain:
            for text in lines { output.line(text) }
        case .live:
            if case .finalAnswer = event.event {
                redraw(erasing: drawn, with: state.withLock { $0.liveLines })
                for text in lines { output.line(text) }
            } else {
                redraw(erasing: drawn, with: state.withLock { $0.liveLines })
            }
        case .json:
            break
        }
    }

    /// Moves up over the block drawn last time, clears it, draws `lines`.
    private func redraw(erasing drawn: Int, with lines: [String]) {
        let up = drawn > 0 ? "\u{1B}[\(drawn)F" : ""
        output.write(up + "\u{1B}[J" + lines.map { $0 + "\n" }.joined())
    }

    private func line(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        output.write(String(decoding: data, as: UTF8.self) + "\n")
    }
}

/// What the run has shown so far: the plan, each subtask's sub-agent, state and tokens,
/// the latest budget update.
struct AgentRunProgress: Sendable {
    struct Row: Sendable {
        var subtask: Subtask
        var agent = ""
        var state = "waiting"
        /// Text deltas seen while running (about one token each), then the subtask's usage.
        var tokens: UInt64 = 0
    }

    var rows: [Row] = []
    var budget: BudgetUpdate?
    /// The live block on screen: its height, and when it was drawn.
    var drawnLines = 0
    var drawnAt: ContinuousClock.Instant?

    /// Takes in `event`; returns the plain lines it makes.
    mutating func apply(_ event: AgentEvent) -> [String] {
        switch event.event {
        case .plan(let plan):
            rows = plan.subtasks.map { Row(subtask: $0) }
            if plan.subtasks.isEmpty { return ["plan: no subtasks"] }
            return ["plan:"] + plan.subtasks.map { subtask in
                "  \(subtask.id): \(subtask.description)" + (subtask.dependsOn.isEmpty ? "" : " (after \(subtask.dependsOn.joined(separator: ", ")))")
            }
        case .subtaskStarted(let started):
            update(started.subtaskID) { $0.agent = started.subAgentID; $0.state = "running" }
            return ["\(started.subtaskID) started (\(started.subAgentID))"]
        case .subtaskDelta(let delta):
            switch delta.delta {
            case .text, .reasoning:
                update(delta.subtaskID) { $0.tokens += 1 }
                return []
            case .toolCall(let call): return ["\(delta.subtaskID) \(CompletionPrinter.describe(call))"]
            case .toolResult(let result): return ["\(delta.subtaskID) \(CompletionPrinter.describe(result))"]
            case nil: return []
            }
        case .subtaskFinished(let finished):
            let tokens = finished.usage.map { $0.inputTokens + $0.outputTokens } ?? 0
            let state = Self.name(finished.outcome)
            update(finished.subtaskID) { $0.state = state; $0.tokens = tokens }
            return ["\(finished.subtaskID) \(state): \(tokens) tokens"]
        case .budgetUpdate(let update):
            budget = update
            return []
        case .finalAnswer(let answer):
            let usage = answer.usage.map {
                "usage: \($0.inputTokens) input + \($0.outputTokens) output tokens, \($0.modelCalls) model calls, \($0.toolCalls) tool runs"
            } ?? "usage: none reported"
            let exhausted = answer.budgetExhausted ? " (a budget ran out; the answer is built from what finished)" : ""
            return ["answer:", answer.text, usage + exhausted] + (answer.runID.isEmpty ? [] : ["run: \(answer.runID)"])
        case .usage, nil:
            return []
        }
    }

    /// The live block: a line per subtask, then the budget bar.
    var liveLines: [String] {
        let width = rows.map(\.subtask.id.count).max() ?? 0
        let lines = rows.map { row in
            let id = row.subtask.id.padding(toLength: max(width, 2), withPad: " ", startingAt: 0)
            let agent = (row.agent.isEmpty ? "-" : row.agent).padding(toLength: 9, withPad: " ", startingAt: 0)
            let state = row.state.padding(toLength: 16, withPad: " ", startingAt: 0)
            return "\(id)  \(agent)  \(state)  \(row.tokens) tokens"
        }
        return lines + [budget.map(Self.bar) ?? "budget: waiting for the plan"]
    }

    private mutating func update(_ id: String, _ change: (inout Row) -> Void) {
        if let index = rows.firstIndex(where: { $0.subtask.id == id }) { change(&rows[index]) }
    }

    /// `budget [██████░░░░░░░░░░░░░░] 6120/20000 tokens (800 reserved) · 5 model calls · 1 tool runs · 12.3 s`
    static func bar(_ update: BudgetUpdate) -> String {
        let cells = 20
        let total = max(1, update.tokensBudget)
        let used = Int(min(UInt64(cells), update.tokensUsed * UInt64(cells) / total))
        let reserved = Int(min(UInt64(cells - used), update.tokensReserved * UInt64(cells) / total))
        let bar = String(repeating: "█", count: used) + String(repeating: "▒", count: reserved) + String(repeating: "░", count: cells - used - reserved)
        let seconds = String(format: "%.1f", Double(update.elapsedMs) / 1000)
        return "budget [\(bar)] \(update.tokensUsed)/\(update.tokensBudget) tokens (\(update.tokensReserved) reserved) · "
            + "\(update.modelCalls) model calls · \(update.toolCalls) tool runs · \(seconds) s"
    }

    static func name(_ outcome: SubtaskOutcome) -> String {
        switch outcome {
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .budgetExhausted: "budget exhausted"
        case .cancelled: "cancelled"
        default: "failed"
        }
    }
}

/// Agent events as `--json` prints them: `sequence`, `type`, then the event's fields.
enum AgentEventJSON {
    static func object(_ event: AgentEvent) -> [String: Any] {
        var object: [String: Any] = ["sequence": event.sequence]
        switch event.event {
        case .plan(let plan):
            object["type"] = "plan"
            object["subtasks"] = plan.subtasks.map { ["id": $0.id, "description": $0.description, "depends_on": $0.dependsOn] }
        case .subtaskStarted(let started):
            object["type"] = "subtask_started"
            object["subtask_id"] = started.subtaskID
            object["sub_agent_id"] = started.subAgentID
        case .subtaskDelta(let delta):
            object["type"] = "subtask_delta"
            object["subtask_id"] = delta.subtaskID
            object["sub_agent_id"] = delta.subAgentID
            switch delta.delta {
            case .text(let text): object["text"] = text
            case .reasoning(let reasoning): object["reasoning"] = reasoning
            case .toolCall(let call): object["tool_call"] = CompletionPrinter.object(call)
            case .toolResult(let result): object["tool_result"] = CompletionPrinter.object(result)
            case nil: break
            }
        case .subtaskFinished(let finished):
            object["type"] = "subtask_finished"
            object["subtask_id"] = finished.subtaskID
            object["sub_agent_id"] = finished.subAgentID
            object["outcome"] = AgentRunProgress.name(finished.outcome).replacingOccurrences(of: " ", with: "_")
            object["result"] = finished.result
            if let usage = finished.usage { object["usage"] = CompletionPrinter.usage(usage) }
        case .budgetUpdate(let update):
            object["type"] = "budget_update"
            object["tokens_budget"] = update.tokensBudget
            object["tokens_reserved"] = update.tokensReserved
            object["tokens_used"] = update.tokensUsed
            object["model_calls"] = update.modelCalls
            object["tool_calls"] = update.toolCalls
            object["elapsed_ms"] = update.elapsedMs
        case .usage(let usage):
            object["type"] = "usage"
            object["usage"] = CompletionPrinter.usage(usage)
        case .finalAnswer(let answer):
            object["type"] = "final_answer"
            object["text"] = answer.text
            object["budget_exhausted"] = answer.budgetExhausted
            object["run_id"] = answer.runID
            if let usage = answer.usage { object["usage"] = CompletionPrinter.usage(usage) }
        case nil:
            object["type"] = "unknown"
        }
        return object
    }
}
