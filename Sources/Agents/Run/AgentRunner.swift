import Completion
import Logging
import FlintAPI
import Timing

/// Runs agent runs: a coordinator call plans the goal as subtasks, sub-agents run them
/// (at most `maxSubAgents` at once, each as soon as its dependencies finished), a synthesis
/// call writes the answer. Every one of those is a call of the one completion pipeline,
/// metered against the run's ``RunBudget``. Knows nothing of RPCs: events go to `send`,
/// usage to a ``RunRecorder``.
public struct AgentRunner: Sendable {
    public let pipeline: CompletionPipeline
    public let limits: AgentRunLimits
    let sleep: @Sendable (Duration) async throws -> Void
    let now: @Sendable () -> ContinuousClock.Instant

    /// `sleep` waits for the wall-clock budget (tests inject one that never or instantly ends).
    public init(
        pipeline: CompletionPipeline, limits: AgentRunLimits = AgentRunLimits(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await CancellableSleep.for($0) },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.pipeline = pipeline
        self.limits = limits
        self.sleep = sleep
        self.now = now
    }

    public func prepare(_ request: RunRequest, partner: String? = nil) throws(RPCError) -> PreparedRun {
        var prepared = try RunPreparation(pipeline: pipeline, limits: limits).prepare(request)
        prepared.partner = partner
        return prepared
    }

    /// Prepares `request` as ``prepare(_:partner:)`` does, then decodes its images (when the
    /// server checks image data), all before any token is reserved.
    public func prepareChecked(_ request: RunRequest, partner: String? = nil) async throws(RPCError) -> PreparedRun {
        let prepared = try prepare(request, partner: partner)
        try await RunPreparation(pipeline: pipeline, limits: limits).checkImageData(request)
        return prepared
    }

    /// Runs `prepared` (as `runID`, the id the final answer carries) to its final answer
    /// within its wall-clock budget, cut to end `deadlineMargin` before `deadline`, sending every event to `send` in sequence order
    /// (the plan first, the final answer last). Throws when the run cannot go on: the
    /// coordinator made no valid plan (INTERNAL, reason INVALID_PLAN), the backend failed,
    /// `send` failed, or the task was cancelled; the usage of every call that ran has been
    /// recorded either way.
    public func run(
        _ prepared: PreparedRun, runID: String = "", deadline: ContinuousClock.Instant?, recorder: any RunRecorder,
        logger: Logger = Logger(label: "flint.agents"),
        send: @escaping @Sendable (AgentEvent) async throws -> Void
    ) async throws -> RunSummary {
        let started = now()
        let clock = now
        var prepared = prepared
        if let deadline { prepared.maxWall = min(prepared.maxWall, max(.zero, deadline - started - limits.deadlineMargin)) }
        let budget = RunBudget(
            limits: RunBudget.Limits(
                tokens: prepared.tokenBudget, modelCalls: prepared.maxModelCalls, toolCalls: prepared.maxToolCalls,
                synthesisTokens: prepared.tokenBudget / limits.synthesisShareDivisor, minOutputTokens: limits.minOutputTokens),
            elapsed: { clock() - started })
        let events = RunEventSequencer()
        let run = AgentRun(
            runner: self, prepared: prepared, runID: runID, budget: budget, events: events, recorder: recorder, deadline: deadline, logger: logger)
        return try await withThrowingTaskGroup(of: RunSummary?.self) { group in
            group.addTask {
                try await events.deliver(to: send)
                return nil
            }
            group.addTask {
                defer { events.finish() }
                return try await run.orchestrate()
            }
            var summary: RunSummary?
            while let value = try await group.next() {
                if let value { summary = value }
            }
            guard let summary else { throw CancellationError() }
            return summary
        }
    }
}

/// How a run ended.
public struct RunSummary: Sendable, Equatable {
    public var answer: FinalAnswer
    /// Reservations still open at the end: always 0 (every call settles exactly once).
    public var openReservations: Int
}
