import Completion
import FlintTestSupport
import ModelServices
import ServerTools
import Synchronization
import Testing
import FlintAPI

/// Visual steps on a model that cannot see: perception, observations, grammar-held steps
/// whose every citation resolves to an observation's box, then the answer.
@Suite struct VisualStepsTests {
    /// Perception that reads each image as the regions scripted for its index, and keeps
    /// the images it was given.
    final class ScriptedPerception: ImagePerception {
        let regions: [[PerceivedRegion]]
        private let seen = Mutex([ImagePart]())

        init(_ regions: [[PerceivedRegion]]) {
            self.regions = regions
        }

        var images: [ImagePart] { seen.withLock { $0 } }

        func perceive(_ image: PreparedImage) async throws -> [PerceivedRegion] {
            seen.withLock { $0.append(image.part) }
            guard Int(image.index) < regions.count else { throw ImageReadFailure("not an image") }
            return regions[Int(image.index)]
        }
    }

    static let receipt = ImagePart(data: TestImages.png(width: 40, height: 60), mediaType: "image/png")
    static let total = Box(x0: 100, y0: 800, x1: 900, y1: 860)
    static let receiptRegions = [
        PerceivedRegion(box: .whole, text: "PNG image, 400×600 pixels, portrait", confidence: 1, source: "image"),
        PerceivedRegion(box: Box(x0: 100, y0: 100, x1: 600, y1: 150), text: "COFFEE 3.50", confidence: 0.9, source: "ocr"),
        PerceivedRegion(box: total, text: "TOTAL 12.50", confidence: 0.95, source: "ocr"),
    ]

    static func request(maxTokens: UInt32 = 0, images: [ImagePart] = [receipt], tools: [String] = []) -> CompleteRequest {
        CompleteRequest(
            messages: [Message(role: .user, parts: images.map { .image($0) } + [.text(TextPart(text: "What is the total?"))])],
            maxTokens: maxTokens, temperature: 0, reasoning: ReasoningOptions(visualSteps: true), serverTools: tools)
    }

    static func pipeline(_ backend: ScriptedTurnBackend, perception: (any ImagePerception)?) -> CompletionPipeline {
        CompletionPipeline(
            backend: backend, serverTools: ServerToolRegistry.builtIn(), limits: CompletionLimits(), perception: perception,
            sleep: { _ in try await Task.sleep(for: .seconds(3600)) })
    }

    static let answer = #"{"steps":[{"cites":["o3","o3"],"text":"The TOTAL line says 12.50."},{"cites":["o3","o2"],"text":"So the total is 12.50."}],"answer":"12.50"}"#

    @Test("observations stream first, then each step with the boxes it cites, then the answer")
    func stepsCiteObservations() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text([String(Self.answer.prefix(40)), String(Self.answer.dropFirst(40))])])
        let perception = ScriptedPerception([Self.receiptRegions])
        let result = try await run(Self.pipeline(backend, perception: perception), Self.request())

        let observations = result.outputs.compactMap { if case .observation(_, let observation) = $0 { observation } else { nil } }
        #expect(observations.map(\.id) == ["o1", "o2", "o3"])
        #expect(observations[2] == Observation(id: "o3", imageIndex: 0, box: Self.total, text: "TOTAL 12.50", confidence: 0.95, source: "ocr"))
        let steps = result.outputs.compactMap { if case .reasoningStep(_, let step) = $0 { step } else { nil } }
        #expect(steps.map(\.index) == [0, 1])
        #expect(steps[0].refs == [RegionRef(observationID: "o3", imageIndex: 0, box: Self.total)])
        #expect(steps[1].refs.map(\.observationID) == ["o3", "o2"])
        #expect(steps[1].refs[1].box == Box(x0: 100, y0: 100, x1: 600, y1: 150))
        #expect(result.outputs.last == .textDelta(partIndex: 5, text: "12.50"))
        #expect(result.outputs.map(\.partIndex) == [0, 1, 2, 3, 4, 5])
        #expect(perception.images == [Self.receipt])

        // The model read the observations, was told the shape, and was held to a grammar
        // whose citations are exactly the observations' ids.
        let sent = try #require(backend.requests.first)
        let prompt = PromptRendering.rawPrompt(for: sent)
        #expect(prompt.contains("[Image 0: PNG image, 400×600 pixels, portrait. Text read in it, line by line:]\no2: COFFEE 3.50\no3: TOTAL 12.50\n"))
        #expect(prompt.contains("each step cites the ids of the lines it uses"))
        // The image's facts are context, not a region: only the OCR lines can be cited.
        let grammar = try #require(sent.grammar)
        for id in ["o2", "o3"] { #expect(grammar.contains(#"\"\#(id)\""#)) }
        for id in ["o1", "o4"] { #expect(!grammar.contains(#"\"\#(id)\""#)) }
        #expect(result.summary.usage.modelCalls == 1)
    }

    @Test("Complete's content is the fold of the same outputs StreamComplete sends")
    func unaryEqualsStreaming() async throws {
        var contents: [[ContentPart]] = []
        for _ in 0..<2 {
            let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text([Self.answer])])
            let result = try await run(Self.pipeline(backend, perception: ScriptedPerception([Self.receiptRegions])), Self.request())
            var content = CompletionContent()
            for output in result.outputs { content.add(output) }
            contents.append(content.parts)
        }
        #expect(contents[0] == contents[1])
        #expect(contents[0].count == 6)
        guard case .text(let text) = contents[0].last else { Issue.record("the answer is not last"); return }
        #expect(text.text == "12.50")
    }

    @Test("admission reserves room for the most the observations can add")
    func reservationCoversObservations() throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [])
        let plain = try Self.pipeline(backend, perception: ScriptedPerception([])).prepare(
            CompleteRequest(messages: [userText("What is the total?")], maxTokens: 100))
        let visual = try Self.pipeline(backend, perception: ScriptedPerception([])).prepare(Self.request(maxTokens: 100))
        let limits = VisualStepLimits()
        #expect(visual.estimatedTokens >= plain.estimatedTokens + UInt64(limits.maxListingBytes))
        #expect(VisualStepFormat(book: ObservationBook(), limits: limits).instructions.utf8.count <= VisualStepFormat.instructionBytes)
    }

    @Test("the prompt of the most observations the bounds allow stays within what admission reserved")
    func largestListingFitsTheReservation() async throws {
        let limits = VisualStepLimits()
        let hostile = String(repeating: "\"\\", count: 400)
        let regions = (0..<limits.maxObservationsPerImage + 10).map { index in
            PerceivedRegion(box: Box(x0: 1000, y0: 1000, x1: 1000, y1: 1000), text: hostile, confidence: Float(index) / 100, source: "ocr")
        }
        let images = Array(repeating: Self.receipt, count: limits.maxImages)
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text([#"{"steps":[{"text":"a","cites":["o1"]}],"answer":"b"}"#])])
        let pipeline = Self.pipeline(backend, perception: ScriptedPerception(Array(repeating: regions, count: limits.maxImages)))
        let prepared = try pipeline.prepare(Self.request(maxTokens: 10, images: images))
        let result = try await run(pipeline, Self.request(maxTokens: 10, images: images))
        #expect(result.outputs.filter { if case .observation = $0 { true } else { false } }.count == limits.maxObservations)
        let sent = try #require(backend.requests.first)
        let reserved = prepared.estimatedTokens - 10
        #expect(TokenEstimate.reservation(forPromptBytes: PromptRendering.rawPrompt(for: sent).utf8.count) <= reserved)
    }

    @Test("the most confident lines are kept when an image has more than the bound, in reading order")
    func keepsTheMostConfident() async throws {
        var limits = CompletionLimits()
        limits.visualSteps.maxObservationsPerImage = 2
        let regions = [
            PerceivedRegion(box: .whole, text: "low", confidence: 0.1, source: "ocr"),
            PerceivedRegion(box: .whole, text: "high", confidence: 0.9, source: "ocr"),
            PerceivedRegion(box: .whole, text: "mid", confidence: 0.5, source: "ocr"),
        ]
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text([#"{"steps":[{"cites":["o2"],"text":"a"}],"answer":"b"}"#])])
        let pipeline = CompletionPipeline(
            backend: backend, serverTools: ServerToolRegistry.builtIn(), limits: limits, perception: ScriptedPerception([regions]))
        let result = try await run(pipeline, Self.request())
        let texts = result.outputs.compactMap { if case .observation(_, let observation) = $0 { observation.text } else { nil } }
        #expect(texts == ["high", "mid"])
    }

    @Test("output cut short by max_tokens is INVALID_ARGUMENT naming max_tokens")
    func truncatedSteps() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.truncated([String(Self.answer.prefix(50))])])
        let error = await #expect(throws: RPCError.self) {
            try await run(Self.pipeline(backend, perception: ScriptedPerception([Self.receiptRegions])), Self.request())
        }
        #expect(error?.code == .invalidArgument)
        guard case .fieldViolation(let violation)? = error?.details.first else { Issue.record("no field named"); return }
        #expect(violation.field == "max_tokens")
    }

    @Test("an image perception cannot read is INVALID_ARGUMENT naming it, before any model call")
    func unreadableImage() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text([Self.answer])])
        let error = await #expect(throws: RPCError.self) {
            try await run(Self.pipeline(backend, perception: ScriptedPerception([])), Self.request())
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("messages[0].parts[0].image (image_index 0)") == true)
        #expect(backend.requests.isEmpty)
    }

    @Test(arguments: [
        ("no images", request(images: []), "reasoning.visual_steps"),
        ("with server tools", request(tools: ["calculator"]), "server_tools"),
    ])
    func refusedRequests(_ name: String, request: CompleteRequest, field: String) {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [])
        #expect(refusalField(Self.pipeline(backend, perception: ScriptedPerception([])), request) == field, "\(name)")
    }

    @Test("without perception, or on a model that cannot be held to a grammar, visual steps are refused by name")
    func refusedModels() {
        let constrained = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [])
        #expect(refusalField(Self.pipeline(constrained, perception: nil), Self.request()) == "messages[0].parts[0]")
        var withoutImages = Self.request()
        withoutImages.messages = [userText("What is the total?")]
        #expect(refusalField(Self.pipeline(constrained, perception: nil), withoutImages) == "reasoning.visual_steps")
        let chat = ScriptedTurnBackend(models: [.scriptedNative(isDefault: true)], turns: [])
        #expect(refusalField(Self.pipeline(chat, perception: ScriptedPerception([])), Self.request()) == "reasoning.visual_steps")
    }

    private func refusalField(_ pipeline: CompletionPipeline, _ request: CompleteRequest) -> String? {
        do {
            _ = try pipeline.prepare(request)
            return nil
        } catch {
            guard case .fieldViolation(let violation)? = error.details.first else { return "no field" }
            return violation.field
        }
    }
}

/// Reading the model's text: only real observations can be cited.
@Suite struct VisualStepFormatTests {
    static var book: ObservationBook {
        var book = ObservationBook()
        book.add(imageIndex: 0, box: .whole, text: "PNG 10×10", confidence: 1, source: "image")
        book.add(imageIndex: 1, box: Box(x0: 1, y0: 2, x1: 3, y1: 4), text: "TOTAL", confidence: 0.5, source: "ocr")
        book.add(imageIndex: 0, box: Box(x0: 10, y0: 20, x1: 30, y1: 40), text: "TEA", confidence: 0.7, source: "ocr")
        return book
    }

    @Test(arguments: [
        #"{"steps":[{"text":"a","cites":["o9"]}],"answer":"b"}"#,
        #"{"steps":[{"text":"a","cites":["o1"]}],"answer":"b"}"#,
        #"{"steps":[{"text":"a","cites":[]}],"answer":"b"}"#,
        #"{"steps":[],"answer":"b"}"#,
        #"{"steps":[{"text":"a","cites":["o2"],"box":[1,2,3,4]}],"answer":"b"}"#,
        #"{"answer":"b"}"#,
        #"{"steps":[{"text":"a","cites":["o2"]}],"answer":"b""#,
        "The total is 12.50.",
    ])
    func refusesWhatIsNotAReading(_ text: String) {
        let format = VisualStepFormat(book: Self.book, limits: VisualStepLimits())
        guard case .failure = format.read(text) else {
            Issue.record("read \(text)")
            return
        }
    }

    @Test func resolvesCitationsAcrossImages() throws {
        let format = VisualStepFormat(book: Self.book, limits: VisualStepLimits())
        let reading = try format.read(#"{"steps":[{"cites":["o2","o3"],"text":"a"}],"answer":"b"}"#).get()
        #expect(reading.steps == [ReasoningStep(index: 0, text: "a", refs: [
            RegionRef(observationID: "o2", imageIndex: 1, box: Box(x0: 1, y0: 2, x1: 3, y1: 4)),
            RegionRef(observationID: "o3", imageIndex: 0, box: Box(x0: 10, y0: 20, x1: 30, y1: 40)),
        ])])
        #expect(reading.answer == "b")
    }

    @Test("with nothing observed, the answer comes without steps")
    func emptyBook() throws {
        let format = VisualStepFormat(book: ObservationBook(), limits: VisualStepLimits())
        let reading = try format.read(#"{"steps":[],"answer":"nothing to read"}"#).get()
        #expect(reading.steps.isEmpty)
        #expect(reading.answer == "nothing to read")
        guard case .failure = format.read(#"{"steps":[{"text":"a","cites":["o1"]}],"answer":"b"}"#) else {
            Issue.record("a step citing nothing real was read")
            return
        }
    }

    @Test func tooManyStepsAreRefused() {
        var limits = VisualStepLimits()
        limits.maxSteps = 1
        let format = VisualStepFormat(book: Self.book, limits: limits)
        let two = #"{"steps":[{"text":"a","cites":["o3"]},{"text":"b","cites":["o2"]}],"answer":"c"}"#
        guard case .failure(.violatesSchema) = format.read(two) else {
            Issue.record("two steps read with a limit of one")
            return
        }
    }
}
