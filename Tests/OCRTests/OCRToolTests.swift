import FlintTestSupport
import OCR
import ServerTools
import Testing
import ToolSchema

@Suite struct OCRToolTests {
    let pool: OCRWorkerPool
    let tool: OCRTool

    init() throws {
        pool = try SharedOCRPool.pool.get()
        tool = OCRTool(pool: pool)
    }

    func context(_ names: String...) throws -> ServerToolContext {
        ServerToolContext(images: try names.map { ServerToolImage(data: try OCRFixtures.bytes($0), mediaType: "image/png") })
    }

    func run(_ arguments: String, _ context: ServerToolContext) async throws -> JSONValue {
        let text = try await tool.run(try JSONParser.parse(arguments), context: context)
        #expect(text.utf8.count <= tool.limits.maxOutputBytes)
        return try JSONParser.parse(text)
    }

    func failure(_ arguments: String, _ context: ServerToolContext) async throws -> String? {
        let parsed = try JSONParser.parse(arguments)
        do {
            _ = try await tool.run(parsed, context: context)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func readsTheChosenImageOfTheConversation() async throws {
        let result = try await run(#"{"image":1}"#, try context("words.png", "receipt.png"))
        let object = try #require(result.objectValue)
        #expect(object["image"]?.intValue == 1)
        #expect(object["width"]?.intValue == 420)
        let text = try #require(object["text"]?.stringValue)
        #expect(text.contains("TOTAL") && text.contains("11.80"))
        let words = try #require(object["words"]?.arrayValue)
        let total = try #require(words.first { $0.objectValue?["text"]?.stringValue == "11.80" }?.objectValue)
        let box = (total["box"]?.arrayValue ?? []).compactMap { $0.intValue }
        #expect(box.count == 4 && box[0] < box[2] && box[1] < box[3] && box.allSatisfy { (0...1000).contains($0) })
        #expect(total["confidence"]?.doubleValue.map { (0...1).contains($0) } == true)
        #expect(try #require(object["lines"]?.arrayValue).count >= 6)
    }

    @Test func aRegionIsReadAndEchoed() async throws {
        let result = try await run(#"{"image":0,"region":{"x0":500,"y0":650,"x1":1000,"y1":800}}"#, try context("receipt.png"))
        let object = try #require(result.objectValue)
        #expect(object["text"]?.stringValue == "11.80")
        #expect(object["region"] == [500, 650, 1000, 800])
    }

    @Test func anImageThatIsNotThereIsAToolError() async throws {
        #expect(try await failure(#"{"image":2}"#, try context("words.png", "receipt.png")) == "there is no image 2: the images are 0 to 1")
        #expect(try await failure(#"{"image":0}"#, ServerToolContext()) == "there is no image 0: the conversation has no images")
    }

    @Test func anEmptyRegionIsAToolError() async throws {
        let message = try await failure(#"{"image":0,"region":{"x0":500,"y0":10,"x1":500,"y1":20}}"#, try context("receipt.png"))
        #expect(message?.contains("x0 < x1") == true)
    }

    @Test func hostileImagesAreToolErrors() async throws {
        let receipt = try OCRFixtures.bytes("receipt.png")
        let images = [[], Array(receipt.prefix(500)), try OCRFixtures.bytes("bomb-header.png")].map { ServerToolImage(data: $0, mediaType: "image/png") }
        let context = ServerToolContext(images: images)
        #expect(try await failure(#"{"image":0}"#, context)?.hasPrefix("image 0: the image's header does not parse") == true)
        #expect(try await failure(#"{"image":1}"#, context)?.contains("truncated or corrupt") == true)
        #expect(try await failure(#"{"image":2}"#, context)?.contains("100000×100000") == true)
        // The pool still reads afterwards.
        #expect(try await run(#"{"image":0}"#, try self.context("words.png")).objectValue?["text"]?.stringValue?.contains("FLINT") == true)
    }

    @Test func aResultOverTheCapLeavesOutTheWords() async throws {
        let small = OCRTool(pool: pool, limits: ServerToolLimits(timeout: .seconds(60), maxOutputBytes: 1_400))
        let text = try await small.run(try JSONParser.parse(#"{"image":0}"#), context: try context("receipt.png"))
        #expect(text.utf8.count <= 1_400)
        let object = try #require(try JSONParser.parse(text).objectValue)
        #expect(object["words"] == nil && (object["words_omitted"]?.intValue ?? 0) >= 15)
        let tiny = OCRTool(pool: pool, limits: ServerToolLimits(timeout: .seconds(60), maxOutputBytes: 100))
        await #expect(throws: ServerToolFailure.self) { try await tiny.run(try JSONParser.parse(#"{"image":0}"#), context: try context("receipt.png")) }
    }

    @Test func theSchemaCompilesAndNamesTheTool() throws {
        #expect(tool.name == OCRToolName.name)
        _ = try JSONSchema(compiling: tool.parametersSchema)
    }
}
