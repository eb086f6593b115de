import Completion
import FlintTestSupport
import Images
import ModelServices
import Testing
import FlintAPI

/// Images in preparation: each inspected before any other check of the parts, refused by
/// path and limit, numbered in one order (tool results' included), counted in the
/// reservation, and rendered into the model request in place.
@Suite struct ImagePreparationTests {
    static let vision = ModelDescriptor(
        name: "vision", contextLength: 100_000, maxOutputTokens: 100, capabilities: ModelCapabilities(images: true, tools: true), isDefault: true)
    static let pipeline = CompletionPipeline(
        backend: ScriptedTurnBackend(models: [vision, .scriptedText()], turns: []), serverTools: .builtIn(), limits: CompletionLimits())

    static func image(_ bytes: [UInt8], _ type: String = "image/png") -> ContentPart { .image(ImagePart(data: bytes, mediaType: type)) }
    static let small = image(TestImages.png(width: 56, height: 28))

    func refusal(_ request: CompleteRequest) -> RPCError? {
        PreparationTests().refusal(request, using: Self.pipeline)
    }

    func field(of error: RPCError?) -> String? {
        error?.violatedFields.first
    }

    static func ask(_ parts: [ContentPart]) -> CompleteRequest {
        CompleteRequest(messages: [Message(role: .user, parts: [.text(TextPart(text: "Look:"))] + parts)])
    }

    @Test(arguments: [
        ([UInt8](), "image/png", "no bytes"),
        (Array("not an image".utf8), "image/png", "not a PNG file"),
        (TestImages.png(width: 2, height: 2), "image/jpeg", "media_type says image/jpeg"),
        (Array(TestImages.png(width: 2, height: 2).dropLast(5)), "image/png", "truncated"),
        (TestImages.largePNG(width: 9_000, height: 10), "image/png", "1 to 8000 px"),
        (TestImages.gif(width: 4, height: 4, frames: [(0, 0, 4, 4), (0, 0, 2, 2)]), "image/gif", "animated"),
        (TestImages.png(width: 2, height: 2) + Array("PK\u{3}\u{4}".utf8), "image/png", "appended"),
    ])
    func badImagesAreRefusedByPathWithTheReason(bytes: [UInt8], type: String, reason: String) {
        let error = refusal(Self.ask([Self.small, Self.image(bytes, type)]))
        #expect(error?.code == .invalidArgument)
        #expect(field(of: error) == "messages[0].parts[2].image")
        #expect(error?.message.contains("image_index 1") == true)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test func theTwentyFirstImageIsRefused() {
        #expect(refusal(Self.ask(Array(repeating: Self.small, count: 20))) == nil)
        let error = refusal(Self.ask(Array(repeating: Self.small, count: 21)))
        #expect(field(of: error) == "messages[0].parts[21].image")
        #expect(error?.message.contains("at most 20 images") == true)
    }

    @Test func moreThan32MiBOfImagesIsRefused() {
        let big = Self.image(TestImages.paddedPNG(totalBytes: 5 << 20))
        #expect(refusal(Self.ask(Array(repeating: big, count: 6))) == nil)
        let error = refusal(Self.ask(Array(repeating: big, count: 7)))
        #expect(field(of: error) == "messages[0].parts[7].image")
        #expect(error?.message.contains("\(32 << 20) bytes") == true)
    }

    @Test func imagesAreInspectedBeforeATextOnlyModelRefusesThem() {
        var request = Self.ask([Self.image([0x00])])
        request.model = "scripted-text"
        let corrupt = refusal(request)
        #expect(field(of: corrupt) == "messages[0].parts[1].image")
        request = Self.ask([Self.small])
        request.model = "scripted-text"
        let refused = refusal(request)
        #expect(field(of: refused) == "messages[0].parts[1]")
        #expect(refused?.message.contains("does not take images") == true)
    }

    @Test func imagesBelongToUserMessages() {
        let request = CompleteRequest(messages: [Message(role: .user, parts: [.text(TextPart(text: "hi"))]), Message(role: .assistant, parts: [Self.small])])
        #expect(field(of: refusal(request)) == "messages[1].parts[0]")
    }

    /// A conversation with a user image, a client tool's result carrying two images, and
    /// another user image: image_index runs over all four in order.
    static func conversationWithToolImages() -> CompleteRequest {
        let lookup = ToolDefinition(name: "snapshot", parametersJSONSchema: #"{"type":"object"}"#)
        let first = TestImages.png(width: 28, height: 28)
        let fromTool = [TestImages.gif(width: 100, height: 50), TestImages.jpeg(width: 2_000, height: 1_000, orientation: 6)]
        let last = TestImages.webpLossless(width: 10, height: 10)
        return CompleteRequest(
            model: "vision",
            messages: [
                Message(role: .user, parts: [.text(TextPart(text: "Take a snapshot of ")), image(first), .text(TextPart(text: " please."))]),
                Message(role: .assistant, parts: [.toolCall(ToolCall(id: "c1", name: "snapshot", argumentsJSON: "{}"))]),
                Message(
                    role: .user,
                    parts: [
                        .toolResult(
                            ToolResult(
                                toolCallID: "c1",
                                content: [
                                    .text(TextPart(text: "two shots")), .image(ImagePart(data: fromTool[0], mediaType: "image/gif")),
                                    .image(ImagePart(data: fromTool[1], mediaType: "image/jpeg")),
                                ])),
                        .text(TextPart(text: "And this one:")), image(last, "image/webp"),
                    ]),
            ],
            tools: [lookup], maxTokens: 10)
    }

    @Test func imageIndexCountsEveryImageInOrderToolResultsIncluded() throws {
        let prepared = try Self.pipeline.prepare(Self.conversationWithToolImages())
        #expect(prepared.images.map(\.index) == [0, 1, 2, 3])
        #expect(
            prepared.images.map(\.path) == [
                "messages[0].parts[1].image", "messages[2].parts[0].tool_result.content[1].image", "messages[2].parts[0].tool_result.content[2].image",
                "messages[2].parts[2].image",
            ])
        #expect(prepared.images.map(\.info.format) == [.png, .gif, .jpeg, .webp])
        // The JPEG is turned a quarter: displayed 1000×2000, scaled to 448×896: 16·32 tokens.
        #expect(prepared.images.map(\.tokens) == [1, 4 * 2, 16 * 32, 1])
        #expect(prepared.images[2].info.displayedWidth == 1_000)
    }

    @Test func theReservationCoversTheImagesAndCountsThemOnce() throws {
        let prepared = try Self.pipeline.prepare(Self.conversationWithToolImages())
        let imageTokens = prepared.images.reduce(0) { $0 + $1.tokens }
        #expect(prepared.firstRequest.imageTokens == imageTokens)
        var textOnly = Self.conversationWithToolImages()
        textOnly.messages = textOnly.messages.map { message in
            var stripped = message
            stripped.parts = message.parts.compactMap { part -> ContentPart? in
                switch part {
                case .image: return nil
                case .toolResult(var result):
                    result.content = result.content.filter { if case .image = $0 { false } else { true } }
                    return .toolResult(result)
                default: return part
                }
            }
            return stripped
        }
        let withoutImages = try Self.pipeline.prepare(textOnly)
        // Images add their tokens, not their bytes: the text-only request differs by the image labels only.
        let labels = UInt64("An image of the result of c1:\nAn image of the result of c1:".utf8.count + 16)
        #expect(prepared.estimatedTokens == withoutImages.estimatedTokens + UInt64(imageTokens) + labels)
    }

    @Test func imagesGoToTheModelInPlaceAndToolResultImagesFollowTheToolMessages() throws {
        let request = try Self.pipeline.prepare(Self.conversationWithToolImages()).firstRequest
        #expect(request.messages.map(\.role) == [.user, .assistant, .tool, .user, .user])
        let first = request.messages[0]
        #expect(first.text == "Take a snapshot of  please.")
        #expect(first.images.map(\.textOffset) == [19])
        #expect(first.images[0].data == TestImages.png(width: 28, height: 28))
        #expect(request.messages[2].text == "two shots")
        #expect(request.messages[2].images.isEmpty)
        let toolImages = request.messages[3]
        #expect(toolImages.images.map(\.mediaType) == ["image/gif", "image/jpeg"])
        #expect(toolImages.text.contains("c1"))
        #expect(request.messages[4].text == "And this one:")
        #expect(request.messages[4].images.map(\.textOffset) == [13])
    }
}
