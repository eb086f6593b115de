import ModelServices
import Wire

extension ToolLoop {
    /// Visual steps on a model that cannot see: Flint reads every image (perception),
    /// streams what it read as observations, then has the model write its steps and
    /// answer held to a grammar whose citations can only be those observations' ids, and
    /// streams each step with the regions it cites, then the answer. One model call,
    /// reserved at admission (with room for the most the observations can add).
    mutating func runVisualSteps() async throws -> CompletionSummary {
        guard let perception = pipeline.perception else {
            throw CompletionError.invalid("reasoning.visual_steps", "visual steps need OCR, which this server does not run")
        }
        let limits = pipeline.limits.visualSteps
        let book = try await perceive(with: perception, limits: limits)
        for observation in book.observations { try await sink(.observation(partIndex: parts.wholePart(), observation)) }

        let format = VisualStepFormat(book: book, limits: limits)
        var request = StepRendering(limits: pipeline.limits).request(
            for: prepared, conversation: VisualStepPrompt.conversation(prepared.messages, book: book), choice: .none)
        request.systemPrompt = [format.instructions, request.systemPrompt].compactMap { $0 }.joined(separator: "\n\n")
        request.grammar = format.grammar
        let outcome = try await call(request, gate: .hold)

        switch format.read(outcome.text) {
        case .success(let reading):
            for step in reading.steps { try await sink(.reasoningStep(partIndex: parts.wholePart(), step)) }
            try await emitText(reading.answer)
            return summary(ModelStopMapping.stopReason(outcome.stopReason), stopSequence: outcome.stopSequence ?? "")
        case .failure where outcome.stopReason == .maxTokens:
            throw CompletionError.invalid(
                "max_tokens", "max_tokens \(prepared.maxTokens) cut the model's visual steps short; raise it (0 means \(prepared.model.name)'s maximum)")
        case .failure(let problem):
            throw CompletionError.malformedVisualSteps(problem)
        }
    }

    /// The request's observations: for each image in order, its most confident regions
    /// first, up to the per-image and per-request bounds.
    private func perceive(with perception: any ImagePerception, limits: VisualStepLimits) async throws -> ObservationBook {
        var book = ObservationBook()
        for (index, image) in prepared.images.enumerated() {
            let regions: [PerceivedRegion]
            do {
                regions = try await perception.perceive(image)
            } catch let failure as PerceptionFailure where failure.isTransient {
                throw RPCError(.unavailable, "image \(index) could not be read now: \(failure.message); retry shortly", retryAfterMs: 1000)
            } catch let failure as PerceptionFailure {
                throw CompletionError.invalid(image.path, "\(image.path) (image_index \(index)) could not be read: \(failure.message)")
            }
            let room = min(limits.maxObservationsPerImage, limits.maxObservations - book.observations.count)
            let kept = regions.enumerated().sorted { ($0.element.confidence, -$0.offset) > ($1.element.confidence, -$1.offset) }.prefix(max(0, room))
            for (_, region) in kept.sorted(by: { $0.offset < $1.offset }) {
                let text = VisualStepPrompt.observationText(region.text, maxBytes: limits.maxObservationTextBytes)
                guard !text.isEmpty, region.box.isValid else { continue }
                book.add(imageIndex: UInt32(index), box: region.box, text: text, confidence: region.confidence, source: region.source)
            }
        }
        return book
    }
}
