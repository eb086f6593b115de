import Completion
import Logging
import ModelServices
import Synchronization
import FlintAPI

extension PreparedCompletion: AdmissionEstimate {}

/// `flint.v1.Inference`: completions (unary and streamed) through the one completion
/// pipeline, token counts, and the model and server tool catalogues. Every method needs
/// the `inference` scope.
struct InferenceService: Sendable {
    let pipeline: CompletionPipeline

    var backend: any ModelBackend { pipeline.backend }

    /// The longest a completion may run, tool loop included, with or without a client deadline.
    static let maxCompletionDuration: Duration = .seconds(600)

    func register(in router: inout Router) {
        let pipeline = self.pipeline
        let prepare: @Sendable (CompleteRequest, ServerCallContext) async throws -> PreparedCompletion = { request, context in
            let prepared = try pipeline.prepare(request, partner: context.principal?.partner)
            try await pipeline.checkImageData(prepared)
            return prepared
        }
        let completion = (duration: Self.maxCompletionDuration, bytes: Int.max)  // requests are bounded by the frame size
        router.register(
            Methods.Inference.complete, PreparedUnaryMethod(prepare: prepare, complete), maxDuration: completion.duration,
            maxRequestBytes: completion.bytes)
        router.register(
            Methods.Inference.streamComplete, PreparedStreamingMethod(prepare: prepare, streamComplete), maxDuration: completion.duration,
            maxRequestBytes: completion.bytes)
        router.register(Methods.Inference.countTokens, UnaryMethod(countTokens), maxRequestBytes: completion.bytes)
        router.register(Methods.Inference.listModels, UnaryMethod(listModels), maxRequestBytes: Self.emptyRequestBytes)
        router.register(Methods.Inference.listTools, UnaryMethod(listTools), maxRequestBytes: Self.emptyRequestBytes)
    }

    /// Largest request of the methods whose request has no fields (unknown ones may come).
    static let emptyRequestBytes = 1 << 10

    @Sendable func complete(_ prepared: PreparedCompletion, _ context: ServerCallContext) async throws -> CompleteResponse {
        let content = Mutex(CompletionContent())
        let summary = try await pipeline.run(prepared, deadline: context.deadline, meter: context.meter, logger: context.logger) { output in
            content.withLock { $0.add(output) }
        }
        return CompleteResponse(
            model: summary.model, content: content.withLock { $0.parts }, stopReason: summary.stopReason,
            stopSequence: summary.stopSequence, usage: summary.usage)
    }

    @Sendable func streamComplete(_ prepared: PreparedCompletion, _ context: ServerCallContext, _ writer: ResponseWriter) async throws {
        let stream = EventSequence(writer: writer)
        let summary = try await pipeline.run(prepared, deadline: context.deadline, meter: context.meter, logger: context.logger) { output in
            try await stream.send(output)
        }
        try await stream.send(.usage(summary.usage), partIndex: 0)
        let stop = Stop(reason: summary.stopReason, stopSequence: summary.stopSequence, usage: summary.usage, model: summary.model)
        try await stream.send(.stop(stop), partIndex: 0)
    }
}

/// Numbers a stream's events 0, 1, 2, … with no gaps.
final class EventSequence: Sendable {
    private let writer: ResponseWriter
    private let next = Atomic<UInt64>(0)

    init(writer: ResponseWriter) {
        self.writer = writer
    }

    func send(_ output: CompletionOutput) async throws {
        switch output {
        case .textDelta(let index, let text): try await send(.textDelta(TextDelta(text: text)), partIndex: index)
        case .reasoningDelta(let index, let text): try await send(.reasoningDelta(ReasoningDelta(text: text)), partIndex: index)
        case .toolCall(let index, let call): try await send(.toolCall(call), partIndex: index)
        case .toolResult(let index, let result): try await send(.toolResult(result), partIndex: index)
        case .observation(let index, let observation): try await send(.observation(observation), partIndex: index)
        case .reasoningStep(let index, let step): try await send(.reasoningStep(step), partIndex: index)
        }
    }

    func send(_ event: CompletionEvent.Event, partIndex: UInt32) async throws {
        let sequence = next.wrappingAdd(1, ordering: .relaxed).oldValue
        try await writer.send(CompletionEvent(sequence: sequence, partIndex: partIndex, event: event))
    }
}
