import Agents
import Completion
import Wire

extension PreparedRun: AdmissionEstimate {}

/// `flint.v1.Agents`: agent runs through ``AgentRunner``. Needs the `agents` scope.
/// Admission reserves the run's whole token budget from the caller's token quota; the
/// call's meter settles it once, with the tokens every model call of the run used.
struct AgentsService: Sendable {
    let runner: AgentRunner

    /// The longest a run may take: its wall-clock cap, and time to write the answer.
    static var maxRunDuration: Duration { AgentRunLimits().maxWallCap + .seconds(30) }

    func register(in router: inout Router) {
        let runner = self.runner
        router.register(
            "/flint.v1.Agents/Run",
            PreparedStreamingMethod<RunRequest, PreparedRun, AgentEvent>(prepare: { try runner.prepare($0) }, run),
            scope: .agents, maxDuration: Self.maxRunDuration, maxRequestBytes: Int.max)  // requests are bounded by the frame size
    }

    @Sendable func run(_ prepared: PreparedRun, _ context: ServerCallContext, _ writer: ResponseWriter) async throws {
        _ = try await runner.run(prepared, deadline: context.deadline, recorder: CallMeterRecorder(meter: context.meter), logger: context.logger) { event in
            try await writer.send(event)
        }
    }
}

/// Bills a run's model calls to its RPC's call meter.
struct CallMeterRecorder: RunRecorder {
    let meter: CallMeter

    func record(part: String, model: String, inputTokens: UInt64, outputTokens: UInt64, partial: Bool) {
        meter.record(model: model, inputTokens: inputTokens, outputTokens: outputTokens, partial: partial)
    }
}
