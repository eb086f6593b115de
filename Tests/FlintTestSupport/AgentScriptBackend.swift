import ModelServices
import Synchronization

/// An in-process chat model (native tool calls) for tests of agent runs: it tells the
/// run's calls apart (the plan call offers `submit_plan`; a sub-agent's user message names
/// "Your subtask"; anything else is the synthesis) and answers each from a seeded script.
/// Like a real backend it never writes more than `max_tokens` and never reports more
/// prompt tokens than the prompt has bytes; it keeps what it reported, and how many of its
/// streams are open, so a test can hold the run to both.
public final class AgentScriptBackend: StreamOnlyBackend, Sendable {
    /// The coordinator's answer to one plan call.
    public enum PlanAnswer: Sendable {
        /// A `submit_plan` call with these arguments.
        case plan(json: String)
        /// Text instead of the call.
        case junk(String)
    }

    public struct Script: Sendable {
        /// Answers to the plan calls, in order; when they run out, junk.
        public var plans: [PlanAnswer]
        /// Output tokens (one per piece) of a text answer, before max_tokens cuts it.
        public var answerTokens: ClosedRange<Int>
        /// Chance that a sub-agent's first call calls the calculator (when it is offered).
        public var toolCallChance: Double
        /// Chance that a sub-agent's call fails (the backend answers badly).
        public var failureChance: Double
        /// Sub-agent calls never answer until cancelled.
        public var hangSubtasks: Bool
        /// The synthesis call fails (the backend answers badly).
        public var failSynthesis: Bool
        /// Most `Task.yield()`s before each piece: the interleavings of the fan-out vary.
        public var maxYields: Int
        public var seed: UInt64

        public init(
            plans: [PlanAnswer], answerTokens: ClosedRange<Int> = 1...40, toolCallChance: Double = 0, failureChance: Double = 0,
            hangSubtasks: Bool = false, failSynthesis: Bool = false, maxYields: Int = 3, seed: UInt64 = 1
        ) {
            self.plans = plans
            self.answerTokens = answerTokens
            self.toolCallChance = toolCallChance
            self.failureChance = failureChance
            self.hangSubtasks = hangSubtasks
            self.failSynthesis = failSynthesis
            self.maxYields = maxYields
            self.seed = seed
        }
    }

    /// What the backend did, for the test's checks.
    public struct Tally: Sendable, Equatable {
        public var planCalls = 0
        public var subtaskCalls = 0
        public var synthesisCalls = 0
        public var inputTokens: UInt64 = 0
        public var outputTokens: UInt64 = 0
        /// Streams started and not yet ended (finished, failed or closed by the caller).
        public var openStreams = 0
        /// Calls whose max_tokens was missing or below 1.
        public var callsWithoutMaxTokens = 0
        /// The last plan call's messages, joined: what the coordinator was told.
        public var lastPlanPrompt = ""
        /// Every call's messages, joined, in the order the calls came.
        public var prompts: [String] = []
    }

    private struct State {
        var plans: [PlanAnswer]
        var random: SeededGenerator
        var tally = Tally()
    }

    public let models: [ModelDescriptor]
    private let script: Script
    private let state: Mutex<State>

    public init(model: ModelDescriptor = .scriptedNative(isDefault: true), script: Script) {
        self.models = [model]
        self.script = script
        self.state = Mutex(State(plans: script.plans, random: SeededGenerator(seed: script.seed)))
    }

    public var tally: Tally { state.withLock { $0.tally } }

    private enum Answer {
        case text(pieces: Int, yields: [Int])
        case toolCall(name: String, arguments: String)
        case fail
        case hang
    }

    private func answer(_ request: ModelRequest) -> Answer {
        state.withLock { state in
            if (request.maxTokens ?? 0) < 1 { state.tally.callsWithoutMaxTokens += 1 }
            state.tally.prompts.append(request.messages.map(\.text).joined(separator: "\n"))
            func text() -> Answer {
                let pieces = Int.random(in: script.answerTokens, using: &state.random)
                return .text(pieces: pieces, yields: (0...pieces).map { _ in Int.random(in: 0...script.maxYields, using: &state.random) })
            }
            if request.tools.contains(where: { $0.name == "submit_plan" }) {
                state.tally.planCalls += 1
                state.tally.lastPlanPrompt = request.messages.map(\.text).joined(separator: "\n")
                let next = state.plans.isEmpty ? .junk("no plan") : state.plans.removeFirst()
                switch next {
                case .plan(let json): return .toolCall(name: "submit_plan", arguments: json)
                case .junk(let words): return .text(pieces: max(1, words.count), yields: Array(repeating: 0, count: max(1, words.count) + 1))
                }
            }
            let isSubtask = request.messages.contains { $0.role == .user && $0.text.contains("Your subtask") }
            guard isSubtask else {
                state.tally.synthesisCalls += 1
                return script.failSynthesis ? .fail : text()
            }
            state.tally.subtaskCalls += 1
            if script.hangSubtasks { return .hang }
            if Double.random(in: 0..<1, using: &state.random) < script.failureChance { return .fail }
            let offered = request.tools.contains { $0.name == "calculator" }
            let answered = request.messages.contains { $0.role == .tool }
            if offered, !answered, Double.random(in: 0..<1, using: &state.random) < script.toolCallChance {
                return .toolCall(name: "calculator", arguments: #"{"expression":"6*7"}"#)
            }
            return text()
        }
    }

    public func stream(_ request: ModelRequest, deadline: ContinuousClock.Instant?) -> AsyncThrowingStream<ModelEvent, any Error> {
        let answer = answer(request)
        let promptTokens = Self.promptTokens(request)
        let maxTokens = max(0, request.maxTokens ?? 0)
        state.withLock { $0.tally.openStreams += 1 }
        // Counted as closed once: before the stream ends (so a caller that saw its end sees
        // it closed), or when the caller lets go of it.
        let open = Mutex(true)
        let close: @Sendable () -> Void = {
            guard open.withLock({ isOpen in defer { isOpen = false }; return isOpen }) else { return }
            self.state.withLock { $0.tally.openStreams -= 1 }
        }
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.play(answer, promptTokens: promptTokens, maxTokens: maxTokens, into: continuation)
                    close()
                    continuation.finish()
                } catch {
                    close()
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in
                task.cancel()
                close()
            }
        }
    }

    /// A quarter of the prompt's bytes: never more than the one token per byte a run reserves.
    private static func promptTokens(_ request: ModelRequest) -> Int {
        let bytes = PromptRendering.chatMessages(for: request).reduce(0) { $0 + $1.text.utf8.count }
        return bytes / 4 + 1
    }

    private func play(
        _ answer: Answer, promptTokens: Int, maxTokens: Int, into continuation: AsyncThrowingStream<ModelEvent, any Error>.Continuation
    ) async throws {
        func report(_ output: Int) -> ModelUsage {
            ModelUsage(promptTokens: promptTokens, completionTokens: output)
        }
        func bill(_ usage: ModelUsage) {
            state.withLock {
                $0.tally.inputTokens += UInt64(usage.promptTokens)
                $0.tally.outputTokens += UInt64(usage.completionTokens)
            }
        }
        switch answer {
        case .text(let pieces, let yields):
            let produced = min(pieces, maxTokens)
            for index in 0..<produced {
                for _ in 0..<yields[index] { await Task.yield() }
                try Task.checkCancellation()
                continuation.yield(.textDelta("w\(index) ", usageSoFar: report(index + 1)))
            }
            let usage = report(produced)
            bill(usage)
            let text = (0..<produced).map { "w\($0) " }.joined()
            continuation.yield(.finished(ModelResult(text: text, stopReason: produced < pieces ? .maxTokens : .end, usage: usage)))
        case .toolCall(let name, let arguments):
            let usage = report(min(1, maxTokens))
            bill(usage)
            continuation.yield(
                .finished(ModelResult(text: "", stopReason: .toolCalls, usage: usage, toolCalls: [ModelToolCall(id: "c1", name: name, argumentsJSON: arguments)])))
        case .fail:
            bill(report(0))
            throw ModelServiceError(.badResponse, "scripted failure", partialUsage: report(0))
        case .hang:
            try await Task.sleep(for: .seconds(3600))
        }
    }

    public func countTokens(_ text: String, model: String?) async throws -> Int {
        text.utf8.count
    }

    public func health(model: String?) async -> Bool { true }
}
