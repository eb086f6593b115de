import Completion
import FlintTestSupport
import ModelServices
import ServerTools
import Synchronization
import ToolSchema
import Testing
import FlintAPI

/// A model that cannot see takes images when the request allows `ocr`: it reads a
/// placeholder per image, and the tool reads the images in `image_index` order.
@Suite struct ImageThroughOCRTests {
    static let png = ImagePart(data: TestImages.png(width: 3, height: 2), mediaType: "image/png")
    static let jpeg = ImagePart(data: TestImages.jpeg(width: 4, height: 4), mediaType: "image/jpeg")
    static let gif = ImagePart(data: TestImages.gif(width: 2, height: 2), mediaType: "image/gif")

    /// Three images: one in the first message, one in a tool result, one after it.
    static func conversation() -> [Message] {
        [
            Message(role: .user, parts: [.image(png), .text(TextPart(text: "Read these."))]),
            Message(role: .assistant, parts: [.toolCall(ToolCall(id: "c1", name: "lookup", argumentsJSON: #"{"id":"abc"}"#))]),
            Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: "c1", content: [.text(TextPart(text: "a scan:")), .image(jpeg)])), .image(gif)]),
        ]
    }

    static func request(serverTools: [String] = ["ocr"]) -> CompleteRequest {
        CompleteRequest(
            messages: conversation(), tools: [ToolDefinition(name: "lookup", parametersJSONSchema: lookupSchema)],
            toolChoice: ToolChoice(mode: .tool, toolName: "ocr"), maxTokens: 20, serverTools: serverTools)
    }

    @Test func theModelReadsAPlaceholderPerImageAndTheToolGetsTheImagesInOrder() async throws {
        let ocr = RecordingImageTool()
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(writtenCall("ocr", #"{"image":1}"#)), .text(["done"])])
        let result = try await run(pipeline(backend, extraTools: [ocr]), Self.request())
        #expect(ocr.seen == [[Self.png.data, Self.jpeg.data, Self.gif.data]])
        #expect(result.outputs.compactMap(\.toolResult).first?.text == "read 3 images")
        let prompt = PromptRendering.rawPrompt(for: try #require(backend.requests.first))
        #expect(prompt.contains(#"[image 0: image/png — call ocr with {"image":0} to read it]Read these."#))
        #expect(prompt.contains("a scan:\n" + #"[image 1: image/jpeg — call ocr with {"image":1} to read it]"#))
        #expect(prompt.contains(#"[image 2: image/gif — call ocr with {"image":2} to read it]"#))
    }

    @Test func withoutOCRImagesAreRefusedNamingThePart() throws {
        let pipeline = pipeline(ScriptedTurnBackend(models: [.scriptedConstrained()], turns: []), extraTools: [RecordingImageTool()])
        var request = Self.request(serverTools: [])
        request.toolChoice = nil
        #expect {
            try pipeline.prepare(request)
        } throws: { error in
            guard let error = error as? RPCError, case .fieldViolation(let violation) = error.details.first else { return false }
            return violation.field == "messages[0].parts[0]" && error.message.contains("allow the 'ocr' server tool")
        }
    }

    @Test func aClientToolNamedOCRDoesNotOpenTheDoor() throws {
        // Client tools may not take a server tool's name, so only the server's ocr counts.
        let pipeline = pipeline(ScriptedTurnBackend(models: [.scriptedConstrained()], turns: []), extraTools: [RecordingImageTool()])
        var request = Self.request(serverTools: [])
        request.toolChoice = nil
        request.tools.append(ToolDefinition(name: "ocr", parametersJSONSchema: lookupSchema))
        #expect(throws: RPCError.self) { try pipeline.prepare(request) }
    }
}

/// A stand-in `ocr` tool that records the images it was given.
final class RecordingImageTool: ServerTool {
    let name = OCRToolName.name
    let description = "Reads images."
    let parametersSchema = #"{"type":"object","properties":{"image":{"type":"integer","minimum":0}},"required":["image"],"additionalProperties":false}"#
    let limits = ServerToolLimits(timeout: .seconds(3600), maxOutputBytes: 100)
    private let images = Mutex<[[[UInt8]]]>([])

    var seen: [[[UInt8]]] { images.withLock { $0 } }

    func run(_ arguments: JSONValue, context: ServerToolContext) async throws(ServerToolFailure) -> String {
        images.withLock { $0.append(context.images.map(\.data)) }
        return "read \(context.images.count) images"
    }
}
