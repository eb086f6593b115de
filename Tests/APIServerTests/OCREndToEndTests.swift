import FlintTestSupport
import Foundation
import ModelServices
import Testing
import FlintAPI
import Wire

/// The `ocr` server tool through the real server and real TLS, on a scripted model that
/// cannot see: the image reaches the model as a placeholder, the tool reads it.
@Suite("OCR end to end with a scripted model")
struct OCREndToEndTests {
    static func request(_ image: [UInt8], mediaType: String = "image/png", serverTools: [String] = ["ocr"]) -> CompleteRequest {
        CompleteRequest(
            messages: [
                Message(role: .user, parts: [.image(ImagePart(data: image, mediaType: mediaType)), .text(TextPart(text: "What is the total?"))])
            ],
            toolChoice: serverTools.isEmpty ? nil : ToolChoice(mode: .tool, toolName: "ocr"), maxTokens: 50, temperature: 0, serverTools: serverTools,
            disableParallelToolCalls: true, toolLoop: ToolLoopOptions(maxSteps: 2))
    }

    static let turns: [ScriptedTurnBackend.Turn] = [.text(writtenCall("ocr", #"{"image":0}"#)), .text(["The total is 11.80."])]

    static func complete(_ connection: ClientConnection, key: String, _ request: CompleteRequest) async throws -> CompleteResponse {
        try await connection.unary(ToolsEndToEndTests.complete, request: request, options: CallOptions(apiKey: key), responseType: CompleteResponse.self).message
    }

    static func toolResult(_ response: CompleteResponse) -> ToolResult? {
        response.content.lazy.compactMap { part -> ToolResult? in
            if case .toolResult(let result) = part { return result }
            return nil
        }.first
    }

    @Test("a receipt image with the ocr tool: the model reads a placeholder, calls ocr, and gets the receipt's text and boxes")
    func receiptIsRead() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: Self.turns)
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            let response = try await Self.complete(connection, key: key, Self.request(try OCRFixtures.bytes("receipt.png")))
            let result = try #require(Self.toolResult(response))
            #expect(!result.isError)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(CompletionText.of(result).utf8)) as? [String: Any])
            #expect((object["text"] as? String)?.contains("TOTAL") == true && (object["text"] as? String)?.contains("11.80") == true)
            let words = try #require(object["words"] as? [[String: Any]])
            #expect(words.contains { $0["text"] as? String == "11.80" && ($0["box"] as? [Int])?.count == 4 })
            #expect(response.usage?.toolCalls == 1 && response.usage?.modelCalls == 2)

            let prompts = backend.requests.map { PromptRendering.rawPrompt(for: $0) }
            #expect(prompts.first?.contains(#"[image 0: image/png — call ocr with {"image":0} to read it]"#) == true)
            #expect(prompts.last?.contains("11.80") == true)
        }
    }

    /// An image the edge lets through (sound, decodable, within the request limits) but OCR
    /// will not read: a real 1-bit PNG of 28 megapixels (3.5 MB), over OCR's own pixel budget.
    static let hostileImages: [([UInt8], String)] = [
        (TestImages.png(width: 8_000, height: 3_500, colorType: 0, bitDepth: 1), "8000×3500")
    ]

    /// A PNG whose structure is sound (chunks, CRCs) but whose compressed data is noise.
    static let undecodable = TestImages.png(width: 64, height: 64, idat: [0x78, 0x9C] + (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })

    @Test("image data that does not decode is refused at the edge, naming the image, before any model call")
    func undecodableImageIsRefused() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: Self.turns)
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            let error = await #expect(throws: RPCError.self) { _ = try await Self.complete(connection, key: key, Self.request(Self.undecodable)) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.violatedFields == ["messages[0].parts[0].image"])
            #expect(error?.message.contains("does not decode") == true)
            // CountTokens and an agent run check the same way; a run names its images images[i].
            let counted = await #expect(throws: RPCError.self) {
                _ = try await connection.unary(
                    "/flint.v1.Inference/CountTokens", request: CountTokensRequest(messages: Self.request(Self.undecodable).messages, serverTools: ["ocr"]),
                    options: CallOptions(apiKey: key), responseType: CountTokensResponse.self)
            }
            #expect(counted?.violatedFields == ["messages[0].parts[0].image"])
            let agentsKey = try await AdminClient(connection: connection, key: try server.adminKey).issue(scopes: ["agents"]).apiKey
            let run = await #expect(throws: RPCError.self) {
                _ = try await AgentsEndToEndTests.events(
                    connection, key: agentsKey, RunRequest(goal: "read it", serverTools: ["ocr"], images: [ImagePart(data: Self.undecodable, mediaType: "image/png")]))
            }
            #expect(run?.code == .invalidArgument)
            #expect(run?.violatedFields == ["images[0]"])
            #expect(run?.message.contains("images[0] (image_index 0)") == true, "\(String(describing: run?.message))")
            #expect(backend.requests.isEmpty)
            // The server keeps serving: the receipt is read.
            let response = try await Self.complete(connection, key: key, Self.request(try OCRFixtures.bytes("receipt.png")))
            #expect(Self.toolResult(response).map { !$0.isError && CompletionText.of($0).contains("11.80") } == true)
        }
    }

    @Test("a hostile image ends as a tool error result, and the server goes on reading images")
    func hostileImageIsAToolError() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: Self.turns + Self.turns + Self.turns)
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            let receipt = try OCRFixtures.bytes("receipt.png")
            for (image, message) in Self.hostileImages {
                let response = try await Self.complete(connection, key: key, Self.request(image))
                let result = try #require(Self.toolResult(response))
                #expect(result.isError && CompletionText.of(result).contains(message), "\(CompletionText.of(result))")
            }
            let response = try await Self.complete(connection, key: key, Self.request(receipt))
            #expect(Self.toolResult(response).map { !$0.isError && CompletionText.of($0).contains("11.80") } == true)
        }
    }

    @Test("without the ocr tool, a model that cannot see refuses image parts, naming the part")
    func imagesNeedTheTool() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            do {
                _ = try await Self.complete(connection, key: key, Self.request(try OCRFixtures.bytes("receipt.png"), serverTools: []))
                Issue.record("the image was accepted")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("'ocr'"), "\(error.message)")
                guard case .fieldViolation(let violation) = error.details.first else {
                    Issue.record("no field violation: \(error.details)")
                    return
                }
                #expect(violation.field == "messages[0].parts[0]")
            }
            #expect(backend.requests.isEmpty)
        }
    }

    @Test("missing language data stops the start, naming the directory; --tessdata none starts without the tool")
    func languageDataIsCheckedAtStart() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [])
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("flint-no-tessdata-\(UUID().uuidString)").path
        do {
            try await TestServer.with(configure: { $0.models = .custom(backend); $0.ocr.tessdata = missing }) { _ in }
            Issue.record("the server started without language data")
        } catch {
            #expect("\(error)".contains("no eng.traineddata in \(missing)"), "\(error)")
        }
        try await TestServer.with(configure: { $0.models = .custom(backend); $0.ocr.enabled = false }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            let tools = try await connection.unary(
                "/flint.v1.Inference/ListTools", request: ListToolsRequest(), options: CallOptions(apiKey: key), responseType: ListToolsResponse.self)
            #expect(tools.message.tools.map(\.name) == ["calculator", "clock", "search"])
        }
    }
}
