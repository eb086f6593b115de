import Completion
import FlintTestSupport
import ModelServices
import ServerTools
import Testing
import FlintAPI

/// Visual steps on chat backends: which route each kind of model takes (the one predicate
/// ListModels shares), a vision model's boxes in each convention converted and checked, and
/// the perception path on a vision model nothing holds to the shape.
@Suite struct VisionStepsTests {
    static func model(_ name: String, images: Bool, structured: Bool, format: PromptFormat = .chat, tools: Bool = false, boxes: BoxConvention = .xyxyThousandths)
        -> ModelDescriptor
    {
        ModelDescriptor(
            name: name, contextLength: 8_192, maxOutputTokens: 512,
            capabilities: ModelCapabilities(images: images, tools: tools, structuredOutput: structured, boxConvention: boxes), promptFormat: format,
            isDefault: true)
    }

    static func route(_ model: ModelDescriptor, perceive: Bool) -> Result<VisualStepRoute, VisualStepsUnavailable> {
        let preparation = CompletionPreparation(models: [model], serverTools: ServerToolRegistry.builtIn(), limits: CompletionLimits(), canPerceive: perceive)
        #expect((preparation.visualStepsRefusal(model) == nil) == ((try? preparation.visualStepsRoute(model)) != nil))
        return Result { () throws(VisualStepsUnavailable) in try preparation.visualStepsRoute(model) }
    }

    @Test func eachKindOfModelHasItsRoute() throws {
        let vision = Self.model("v", images: true, structured: true)
        let plainVision = Self.model("pv", images: true, structured: false)
        let schemaText = Self.model("st", images: false, structured: true)
        let chatText = Self.model("ct", images: false, structured: false)
        #expect(try Self.route(vision, perceive: false).get() == .vision)
        #expect(try Self.route(vision, perceive: true).get() == .vision)
        #expect(try Self.route(plainVision, perceive: true).get() == .perception(.checkedWhenRead))
        #expect(try Self.route(schemaText, perceive: true).get() == .perception(.responseSchema))
        #expect(try Self.route(.scriptedConstrained(), perceive: true).get() == .perception(.grammar))
        guard case .failure(let noOCR) = Self.route(plainVision, perceive: false), case .failure(let neither) = Self.route(chatText, perceive: true) else {
            Issue.record("refusals were routes")
            return
        }
        #expect(noOCR.reason.contains("OCR") && noOCR.reason.contains("structuredOutput"))
        #expect(neither.reason.contains("ct") && neither.reason.contains("grammar") && neither.reason.contains("structuredOutput"))
    }

    /// A 400×200 PNG, prepared for a vision model.
    static func preparedImages(_ model: ModelDescriptor) throws -> [PreparedImage] {
        let preparation = CompletionPreparation(models: [model], serverTools: ServerToolRegistry.builtIn(), limits: CompletionLimits())
        let image = ImagePart(data: TestImages.png(width: 400, height: 200), mediaType: "image/png")
        let request = CompleteRequest(
            messages: [Message(role: .user, parts: [.image(image), .text(TextPart(text: "?"))])], reasoning: ReasoningOptions(visualSteps: true))
        return try preparation.prepare(request).images
    }

    static func answer(_ box: String) -> String {
        #"{"steps":[{"regions":[{"image":0,"box":\#(box),"label":"the square"}],"text":"There."}],"answer":"yes"}"#
    }

    /// Each convention's way of writing the box x 100–300, y 50–150 of the 400×200 image
    /// (Flint's 250,250–750,750), and boxes it must refuse.
    @Test(arguments: [
        (BoxConvention.xyxyThousandths, "[250,250,750,750]", ["[250,250,1001,750]", "[750,250,250,750]", "[250,250,250,750]"]),
        (.yxyxThousandths, "[250,250,750,750]", ["[250,250,750,1200]", "[750,250,250,750]"]),
        (.xyxyPixels(maxSide: nil), "[100,50,300,150]", ["[100,50,401,150]", "[100,150,300,50]"]),
        (.xyxyPixels(maxSide: 100), "[25,12.5,75,37.5]", ["[25,12.5,75,51]", "[75,12.5,25,37.5]"]),
        (.xyxyUnit, "[0.25,0.25,0.75,0.75]", ["[0.25,0.25,1.5,0.75]", "[0.75,0.25,0.25,0.75]"]),
    ])
    func boxesAreConvertedAndChecked(convention: BoxConvention, good: String, bad: [String]) throws {
        let model = Self.model("v", images: true, structured: true, boxes: convention)
        let format = VisionStepFormat(images: try Self.preparedImages(model), convention: convention, limits: VisualStepLimits())
        let reading = try format.read(Self.answer(good)).get()
        let box = Box(x0: 250, y0: 250, x1: 750, y1: 750)
        #expect(reading.book.observations == [Observation(id: "m1", imageIndex: 0, box: box, text: "the square", confidence: 0, source: "model")])
        #expect(reading.steps == [ReasoningStep(index: 0, text: "There.", refs: [RegionRef(observationID: "m1", imageIndex: 0, box: box)])])
        #expect(reading.answer == "yes")
        for box in bad {
            let refused = try format.read(Self.answer(box)).get()
            #expect(refused.book.observations.isEmpty, "\(box)")
            #expect(refused.steps.first?.refs == [], "\(box)")
            #expect(refused.steps.first?.text.contains("left out: box \(box) (\(convention.name))") == true, "\(refused.steps)")
        }
        #expect(format.instructions.utf8.count <= VisualStepFormat.instructionBytes)
    }

    @Test func theReservationCoversTheInstructionsOnTopOfTheImagesAndMaxTokens() throws {
        let model = Self.model("v", images: true, structured: true)
        let preparation = CompletionPreparation(models: [model], serverTools: ServerToolRegistry.builtIn(), limits: CompletionLimits())
        let image = ImagePart(data: TestImages.png(width: 400, height: 200), mediaType: "image/png")
        var request = CompleteRequest(messages: [Message(role: .user, parts: [.image(image), .text(TextPart(text: "?"))])], maxTokens: 100)
        let plain = try preparation.prepare(request)
        request.reasoning = ReasoningOptions(visualSteps: true)
        let visual = try preparation.prepare(request)
        #expect(visual.visualSteps == .vision)
        #expect(plain.estimatedTokens > 100 + UInt64(visual.images[0].tokens))
        #expect(visual.estimatedTokens == plain.estimatedTokens + TokenEstimate.reservation(forPromptBytes: VisualStepFormat.instructionBytes))
    }

    @Test func anAnswerOutsideTheSchemaDoesNotRead() throws {
        let model = Self.model("v", images: true, structured: true)
        let format = VisionStepFormat(images: try Self.preparedImages(model), convention: .xyxyThousandths, limits: VisualStepLimits())
        for text in [
            Self.answer("[1,2,3]"), #"{"steps":[{"regions":[{"image":1,"box":[1,2,3,4],"label":"x"}],"text":"t"}],"answer":"a"}"#,
            #"{"steps":[],"answer":"a"}"#, "not json",
        ] {
            guard case .failure = format.read(text) else {
                Issue.record("\(text) read")
                continue
            }
        }
        #expect(format.responseSchema.name == "visual_steps")
    }

    @Test("a vision model without structured output gets each image and its OCR listing, and is read strictly afterwards")
    func perceptionOnAVisionModelWithoutStructuredOutput() async throws {
        let model = Self.model("pv", images: true, structured: false)
        let backend = ScriptedTurnBackend(
            models: [model],
            turns: [.text([#"{"steps":[{"cites":["o3"],"text":"TOTAL."}],"answer":"12.50"}"#]), .text([#"{"steps":[{"cites":["o9"],"text":"x"}],"answer":"a"}"#])])
        let perception = VisualStepsTests.ScriptedPerception([VisualStepsTests.receiptRegions])
        let result = try await run(VisualStepsTests.pipeline(backend, perception: perception), VisualStepsTests.request())
        let steps = result.outputs.compactMap { if case .reasoningStep(_, let step) = $0 { step } else { nil } }
        #expect(steps == [ReasoningStep(index: 0, text: "TOTAL.", refs: [RegionRef(observationID: "o3", imageIndex: 0, box: VisualStepsTests.total)])])
        let sent = try #require(backend.requests.first)
        #expect(sent.grammar == nil && sent.responseSchema == nil)
        #expect(sent.systemPrompt?.contains(#"{"steps":[{"cites":["o2"]"#) == true)
        #expect((sent.systemPrompt?.utf8.count ?? .max) <= VisualStepFormat.instructionBytes)
        let user = try #require(sent.messages.last)
        #expect(user.images.count == 1)
        #expect(user.text.contains("o3: TOTAL 12.50"))

        let error = await #expect(throws: RPCError.self) { _ = try await run(VisualStepsTests.pipeline(backend, perception: perception), VisualStepsTests.request()) }
        #expect(error?.code == .internalError && error?.message.contains("visual steps did not read") == true, "\(String(describing: error))")
    }
}
