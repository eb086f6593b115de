import FlintTestSupport
import Foundation
import ModelServices
import Testing
import FlintAPI
import Wire

/// Visual steps on chat backends through the real server and real TLS, with scripted
/// OpenAI-compatible backends over HTTP configured by a models file: a vision backend
/// giving its regions through JSON-schema output in its own box convention, a text chat
/// model with JSON-schema output on the perception path, and reasoning_content streamed
/// as reasoning deltas.
@Suite("Vision steps end to end")
struct VisionStepsEndToEndTests {
    /// A models file: a y-first vision model, a pixel vision model whose images are resized
    /// to a longer side of 100, a text chat model with structured output, a reasoning model.
    static func modelsFile(url: String, in directory: String) throws -> String {
        let path = directory + "/models.json"
        let chat = #""kind":"openai","urls":["\#(url)"],"contextLength":8192,"maxOutputTokens":400"#
        let json = #"""
            {"defaultModel":"vision-y","models":{
             "vision-y":{\#(chat),"capabilities":{"images":true,"structuredOutput":true},"images":{"boxConvention":"yxyx-1000"}},
             "vision-px":{\#(chat),"capabilities":{"images":true,"structuredOutput":true},"images":{"boxConvention":"xyxy-pixels","boxMaxSidePx":100}},
             "text-schema":{\#(chat),"capabilities":{"structuredOutput":true}},
             "thinker":{\#(chat),"capabilities":{"reasoning":true}}}}
            """#
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A streamed chat answer: each piece as `delta.content` (or `delta.reasoning_content`), then the usage.
    static func stream(_ content: String, reasoning: [String] = []) -> [String] {
        func chunk(_ delta: [String: String]) -> String {
            let data = try! JSONSerialization.data(withJSONObject: ["choices": [["index": 0, "delta": delta]]])
            return "data: " + String(decoding: data, as: UTF8.self) + "\n\n"
        }
        return reasoning.map { chunk(["reasoning_content": $0]) } + [chunk(["content": content])] + [
            #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n",
            #"data: {"choices":[],"usage":{"prompt_tokens":321,"completion_tokens":45}}"# + "\n\n",
            "data: [DONE]\n\n",
        ]
    }

    /// The vision answer of each model: in its own convention, one region inside, and (for
    /// the pixel model) one outside the 100×50 image it saw and one with its corners swapped.
    static func visionAnswer(model: String) -> String {
        switch model {
        case "vision-y":
            #"{"steps":[{"regions":[{"image":0,"box":[100,200,300,400],"label":"a red square"}],"text":"The square is red."}],"answer":"red"}"#
        default:
            #"""
            {"steps":[{"regions":[{"image":0,"box":[10,5,50,25],"label":"a red square"},{"image":0,"box":[10,5,150,25],"label":"off the edge"}],"text":"The square is red."},\#
            {"regions":[{"image":0,"box":[50,5,10,25],"label":"swapped"},{"image":0,"box":[10,5,50,25],"label":"a red square"}],"text":"It is the only one."}],"answer":"red"}
            """#
        }
    }

    static func request(model: String, image: ImagePart) -> CompleteRequest {
        CompleteRequest(
            model: model, messages: [Message(role: .user, parts: [.image(image), .text(TextPart(text: "What colour is the square?"))])],
            maxTokens: 0, temperature: 0, reasoning: ReasoningOptions(visualSteps: true))
    }

    static func script(_ request: RecordedRequest) -> ScriptedBehaviour {
        let model = request.json["model"] as? String ?? ""
        switch model {
        case "vision-y", "vision-px": return .stream(chunks: stream(visionAnswer(model: model)), interval: .zero)
        case "text-schema": return .stream(chunks: stream(#"{"steps":[{"cites":["o2"],"text":"The TOTAL line."}],"answer":"11.80"}"#), interval: .zero)
        default: return .stream(chunks: stream("Blue.", reasoning: ["The sky ", "scatters blue."]), interval: .zero)
        }
    }

    /// `stub`'s requests for `model`, as JSON.
    static func sent(_ stub: ScriptedHTTPServer, model: String) -> [[String: Any]] {
        stub.requests.map(\.json).filter { $0["model"] as? String == model }
    }

    static func withServer(_ body: (ClientConnection, String, ScriptedHTTPServer) async throws -> Void) async throws {
        let directory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await ScriptedHTTPServer.with(Self.script) { stub in
            let file = try Self.modelsFile(url: stub.url, in: directory)
            try await TestServer.with(configure: { $0.models = .file(file) }) { server in
                let connection = try await server.connect()
                defer { Task { await connection.close() } }
                let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
                try await body(connection, key, stub)
                #expect(await server.isServing())
            }
        }
    }

    @Test("a vision backend's regions, y first or in pixels of its resized image, become observations on Flint's frame; boxes off the image are left out")
    func visionBackendRegions() async throws {
        try await Self.withServer { connection, key, stub in
            let models = try await connection.unary(
                "/flint.v1.Inference/ListModels", request: ListModelsRequest(), options: CallOptions(apiKey: key), responseType: ListModelsResponse.self)
            for model in models.message.models {
                #expect(model.imageSupport?.visualSteps == (model.name != "thinker"), "\(model.name)")
            }
            // 400×200: the pixel model saw it as 100×50.
            let image = ImagePart(data: TestImages.png(width: 400, height: 200), mediaType: "image/png")
            let yFirst = try await OCREndToEndTests.complete(connection, key: key, Self.request(model: "vision-y", image: image))
            let square = Observation(
                id: "m1", imageIndex: 0, box: Box(x0: 200, y0: 100, x1: 400, y1: 300), text: "a red square", confidence: 0, source: Observation.Source.model)
            #expect(
                yFirst.content == [
                    .observation(square),
                    .reasoningStep(ReasoningStep(index: 0, text: "The square is red.", refs: [RegionRef(observationID: "m1", imageIndex: 0, box: square.box)])),
                    .text(TextPart(text: "red")),
                ])
            #expect(yFirst.usage?.modelCalls == 1 && yFirst.usage?.inputTokens == 321 && yFirst.usage?.outputTokens == 45)

            let unary = try await OCREndToEndTests.complete(connection, key: key, Self.request(model: "vision-px", image: image))
            let events = try await ToolsEndToEndTests.events(connection, key: key, Self.request(model: "vision-px", image: image))
            #expect(ToolsEndToEndTests.content(of: events) == unary.content)
            let pixels = Observation(
                id: "m1", imageIndex: 0, box: Box(x0: 100, y0: 100, x1: 500, y1: 500), text: "a red square", confidence: 0, source: Observation.Source.model)
            let ref = RegionRef(observationID: "m1", imageIndex: 0, box: pixels.box)
            #expect(unary.content.count == 4)
            #expect(unary.content.first == .observation(pixels))
            guard case .reasoningStep(let first) = unary.content[1], case .reasoningStep(let second) = unary.content[2] else {
                Issue.record("no steps in \(unary.content)")
                return
            }
            #expect(first.refs == [ref] && second.refs == [ref])
            #expect(first.text.hasPrefix("The square is red. (a region was left out: box [10,5,150,25] (xyxy-pixels)"), "\(first.text)")
            #expect(second.text.contains("[50,5,10,25]"), "\(second.text)")
            #expect(unary.content.last == .text(TextPart(text: "red")))

            // What the backend got: the image as a data: URI of its bytes, and the schema as response_format.
            let body = try #require(Self.sent(stub, model: "vision-px").first)
            let format = try #require(body["response_format"] as? [String: Any])
            #expect(format["type"] as? String == "json_schema")
            let schema = try #require(format["json_schema"] as? [String: Any])
            #expect(schema["name"] as? String == "visual_steps" && schema["strict"] as? Bool == true)
            let properties = (schema["schema"] as? [String: Any])?["properties"] as? [String: Any]
            #expect(Set(properties?.keys.map { $0 } ?? []) == ["steps", "answer"])
            let messages = try #require(body["messages"] as? [[String: Any]])
            #expect((messages.first?["content"] as? String)?.contains("in pixels of the image resized so that its longer side is at most 100") == true)
            let parts = try #require(messages.last?["content"] as? [[String: Any]])
            let urls = parts.compactMap { ($0["image_url"] as? [String: Any])?["url"] as? String }
            #expect(urls == ["data:image/png;base64," + Data(image.data).base64EncodedString()])
        }
    }

    @Test("a text chat model with JSON-schema output takes visual steps through perception: OCR lines in the prompt, their ids in the schema")
    func perceptionWithResponseSchema() async throws {
        let receipt = try OCRFixtures.bytes("receipt.png")
        try await Self.withServer { connection, key, stub in
            let request = Self.request(model: "text-schema", image: ImagePart(data: receipt, mediaType: "image/png"))
            let unary = try await OCREndToEndTests.complete(connection, key: key, request)
            let events = try await ToolsEndToEndTests.events(connection, key: key, request)
            #expect(ToolsEndToEndTests.content(of: events) == unary.content)
            let observations = VisualStepsEndToEndTests.observations(unary.content)
            let cited = try #require(observations.first { $0.id == "o2" })
            #expect(cited.source == Observation.Source.ocr)
            #expect(VisualStepsEndToEndTests.steps(unary.content).map(\.refs) == [[RegionRef(observationID: "o2", imageIndex: 0, box: cited.box)]])
            VisualStepsEndToEndTests.expectGrounded(unary.content)
            #expect(unary.content.last == .text(TextPart(text: "11.80")))

            let body = try #require(Self.sent(stub, model: "text-schema").first)
            #expect(body["grammar"] == nil)
            let schema = ((body["response_format"] as? [String: Any])?["json_schema"] as? [String: Any])?["schema"]
            let serialized = String(decoding: try JSONSerialization.data(withJSONObject: try #require(schema)), as: UTF8.self)
            #expect(serialized.contains(#""enum":["o2""#), "\(serialized)")
            let messages = try #require(body["messages"] as? [[String: Any]])
            let user = try #require(messages.last?["content"] as? String)
            #expect(user.contains("o2: \(cited.text)"))
            #expect(!stub.requests.contains { $0.body.contains("image_url") })
        }
    }

    @Test("reasoning_content streams as reasoning deltas when the request enables reasoning; Complete folds them into a reasoning part")
    func reasoningContent() async throws {
        try await Self.withServer { connection, key, _ in
            let ask = { (reasoning: ReasoningOptions?) in
                CompleteRequest(model: "thinker", messages: [Message(role: .user, parts: [.text(TextPart(text: "Why is the sky blue?"))])], maxTokens: 50, reasoning: reasoning)
            }
            let events = try await ToolsEndToEndTests.events(connection, key: key, ask(ReasoningOptions(enabled: true)))
            let deltas = events.compactMap { event -> String? in
                if case .reasoningDelta(let delta) = event.event { return "\(event.partIndex):\(delta.text)" }
                if case .textDelta(let delta) = event.event { return "\(event.partIndex)=\(delta.text)" }
                return nil
            }
            #expect(deltas == ["0:The sky ", "0:scatters blue.", "1=Blue."])
            let unary = try await OCREndToEndTests.complete(connection, key: key, ask(ReasoningOptions(enabled: true)))
            #expect(unary.content == [.reasoning(ReasoningPart(text: "The sky scatters blue.")), .text(TextPart(text: "Blue."))])
            #expect(ToolsEndToEndTests.content(of: events) == unary.content)
            // Not asked for: the reasoning is not passed on.
            let plain = try await OCREndToEndTests.complete(connection, key: key, ask(nil))
            #expect(plain.content == [.text(TextPart(text: "Blue."))])
            let budget = await #expect(throws: RPCError.self) {
                _ = try await OCREndToEndTests.complete(connection, key: key, ask(ReasoningOptions(enabled: true, budgetTokens: 100)))
            }
            #expect(budget?.violatedFields == ["reasoning.budget_tokens"])
            let elsewhere = await #expect(throws: RPCError.self) {
                var request = ask(ReasoningOptions(enabled: true))
                request.model = "text-schema"
                _ = try await OCREndToEndTests.complete(connection, key: key, request)
            }
            #expect(elsewhere?.violatedFields == ["reasoning.enabled"])
        }
    }
}

/// `apiclient complete --reasoning` on a backend that streams `reasoning_content`.
@Suite("apiclient reasoning")
struct CLIReasoningTests {
    @Test("--reasoning prints the reasoning on stderr after 'thinking:', and only the answer on stdout, streamed and unary")
    func reasoningOnStderr() async throws {
        let directory = try TemporaryDirectory(prefix: "cli-reasoning")
        defer { directory.remove() }
        try await ScriptedHTTPServer.with(VisionStepsEndToEndTests.script) { stub in
            let file = try VisionStepsEndToEndTests.modelsFile(url: stub.url, in: directory.path)
            try await TestServer.with(configure: { $0.models = .file(file) }) { server in
                let connection = try await server.connect()
                let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
                await connection.close()
                let environment = CLI.clearedEnvironment.merging(["FLINT_DATA_DIR": server.dataDirectory, "FLINT_API_KEY": key]) { $1 }
                for extra in [[], ["--no-stream"]] {
                    let result = try await Executables.run(
                        "apiclient", ["complete", "--model", "thinker", "--reasoning", "--prompt", "Why is the sky blue?", "--endpoint", "127.0.0.1:\(server.port)"] + extra,
                        environment: environment)
                    #expect(result.status == 0, "stderr: \(result.stderr)")
                    #expect(result.stdout == "Blue.\n", "\(extra)")
                    #expect(result.stderr.contains("thinking: The sky scatters blue.\n"), "\(extra): \(result.stderr)")
                }
                // Without the flag the reasoning is not asked for, and none prints.
                let plain = try await Executables.run(
                    "apiclient", ["complete", "--model", "thinker", "--prompt", "Why is the sky blue?", "--endpoint", "127.0.0.1:\(server.port)"],
                    environment: environment)
                #expect(plain.stdout == "Blue.\n" && !plain.stderr.contains("thinking"))
            }
        }
    }
}
