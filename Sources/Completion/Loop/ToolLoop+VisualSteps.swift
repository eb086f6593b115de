import ModelServices
import FlintAPI

extension ToolLoop {
    /// Visual steps by their route: a vision backend with JSON-schema output gives the
    /// regions itself (``runVisionSteps()``); otherwise Flint reads the images
    /// (``runPerceivedSteps(_:)``). Either way: observations first, then the steps citing
    /// them, then the answer, from one model call reserved at admission.
    mutating func runVisualSteps(_ route: VisualStepRoute) async throws -> CompletionSummary {
        switch route {
        case .vision: try await runVisionSteps()
        case .perception(let constraint): try await runPerceivedSteps(constraint)
        }
    }

    /// Visual steps on a vision backend: the images go natively, the model writes steps
    /// with regions held to ``VisionStepFormat``'s schema (`response_format`), and every
    /// region kept becomes an observation.
    private mutating func runVisionSteps() async throws -> CompletionSummary {
        let format = VisionStepFormat(images: prepared.images, convention: prepared.model.capabilities.boxConvention, limits: pipeline.limits.visualSteps)
        var request = prepared.firstRequest
        request.systemPrompt = [format.instructions, request.systemPrompt].compactMap { $0 }.joined(separator: "\n\n")
        request.responseSchema = format.responseSchema
        let outcome = try await call(request, gate: .hold)
        switch format.read(outcome.text) {
        case .success(let reading):
            for observation in reading.book.observations { try await sink(.observation(partIndex: parts.wholePart(), observation)) }
            return try await finish(steps: reading.steps, answer: reading.answer, outcome)
        case .failure(let problem):
            throw failure(problem, outcome)
        }
    }

    /// Visual steps on a model that cannot see (or cannot give boxes): Flint reads every
    /// image (perception), streams what it read as observations, then has the model write
    /// its steps and answer citing those observations' ids — held to a grammar or to the
    /// schema as `response_format`, or read strictly afterwards — and streams each step
    /// with the regions it cites, then the answer. One model call, reserved at admission
    /// (with room for the most the observations can add).
    private mutating func runPerceivedSteps(_ constraint: VisualStepRoute.StepConstraint) async throws -> CompletionSummary {
        guard let perception = pipeline.perception else {
            throw CompletionError.invalid("reasoning.visual_steps", "visual steps need OCR, which this server does not run")
        }
        let limits = pipeline.limits.visualSteps
        let book = try await perceive(with: perception, limits: limits)
        for observation in book.observations { try await sink(.observation(partIndex: parts.wholePart(), observation)) }

        let format = VisualStepFormat(book: book, limits: limits)
        let keepImages = CompletionPreparation.takesImages(prepared.model)
        var request = StepRendering(limits: pipeline.limits).request(
            for: prepared, conversation: VisualStepPrompt.conversation(prepared.messages, book: book, keepImages: keepImages), choice: .none)
        let instructions = constraint == .checkedWhenRead ? format.instructions + " " + format.shapeInstructions : format.instructions
        request.systemPrompt = [instructions, request.systemPrompt].compactMap { $0 }.joined(separator: "\n\n")
        switch constraint {
        case .grammar: request.grammar = format.grammar
        case .responseSchema: request.responseSchema = format.responseSchema
        case .checkedWhenRead: break
        }
        let outcome = try await call(request, gate: .hold)

        switch format.read(outcome.text) {
        case .success(let reading):
            return try await finish(steps: reading.steps, answer: reading.answer, outcome)
        case .failure(let problem):
            throw failure(problem, outcome)
        }
    }

    /// Streams the steps, then the answer.
    private mutating func finish(steps: [ReasoningStep], answer: String, _ outcome: ModelStep.Outcome) async throws -> CompletionSummary {
        for step in steps { try await sink(.reasoningStep(partIndex: parts.wholePart(), step)) }
        try await emitText(answer)
        return summary(ModelStopMapping.stopReason(outcome.stopReason), stopSequence: outcome.stopSequence ?? "")
    }

    /// A model's steps that do not read: cut off by max_tokens, or malformed.
    private func failure(_ problem: VisualStepFormat.Problem, _ outcome: ModelStep.Outcome) -> RPCError {
        guard outcome.stopReason == .maxTokens else { return CompletionError.malformedVisualSteps(problem) }
        return CompletionError.invalid(
            "max_tokens", "max_tokens \(prepared.maxTokens) cut the model's visual steps short; raise it (0 means \(prepared.model.name)'s maximum)")
    }

    /// The request's observations: for each image in order, its most confident regions
    /// first, up to the per-image and per-request bounds.
    private func perceive(with perception: any ImagePerception, limits: VisualStepLimits) async throws -> ObservationBook {
        var book = ObservationBook()
        for (index, image) in prepared.images.enumerated() {
            let regions: [PerceivedRegion]
            do {
                regions = try await perception.perceive(image)
            } catch let failure as ImageReadFailure where failure.isTransient {
                throw RPCError(.unavailable, "image \(index) could not be read now: \(failure.message); retry shortly", retryAfterMs: 1000)
            } catch let failure as ImageReadFailure {
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
