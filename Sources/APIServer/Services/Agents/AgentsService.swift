import Agents
import Completion
import FlintAPI

extension PreparedRun: AdmissionEstimate {}

/// `flint.v1.Agents`: agent runs through ``AgentRunner``. Needs the `agents` scope.
/// Admission reserves the run's whole token budget from the caller's token quota; the
/// call's meter settles it once, with the tokens every model call of the run used.
struct AgentsService: Sendable {
    let runner: AgentRunner

    /// The longest a run's call may take: the wall-clock cap, and time to write the answer.
    var maxRunDuration: Duration { runner.limits.maxWallCap + .seconds(30) }

    func register(in router: inout Router) {
        let runner = self.runner
        router.register(
            Methods.Agents.run,
            PreparedStreamingMethod(prepare: { request, context in try await runner.prepareChecked(request, partner: context.principal?.partner) }, run),
            maxDuration: maxRunDuration, maxRequestBytes: Int.max)  // requests are bounded by the frame size
    }

    @Sendable func run(_ prepared: PreparedRun, _ context: ServerCallContext, _ writer: ResponseWriter) async throws {
        let runID = Self.newRunID()
        context.meter.startRun(id: runID)
        var logger = context.logger
        logger[metadataKey: "agents.run_id"] = "\(runID)"
        _ = try await runner.run(prepared, runID: runID, deadline: context.deadline, recorder: CallMeterRecorder(meter: context.meter), logger: logger) {
            event in try await writer.send(event)
        }
    }

    /// A run id: "run_" and 20 random characters of [a-z0-9].
    static func newRunID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return "run_" + String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// Bills a run's model calls to its RPC's call meter, part by part.
struct CallMeterRecorder: RunRecorder {
    let meter: CallMeter

    func record(part: String, model: String, inputTokens: UInt64, outputTokens: UInt64, partial: Bool) {
        meter.record(part: part, model: model, inputTokens: inputTokens, outputTokens: outputTokens, partial: partial)
    }
}
