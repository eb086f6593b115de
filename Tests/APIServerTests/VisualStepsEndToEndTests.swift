import FlintTestSupport
import Foundation
import ModelServices
import Testing
import FlintAPI

/// Visual steps through the real server, real TLS and real OCR (Tesseract on the rendered
/// receipt), on a scripted model that cannot see.
@Suite("Visual steps end to end")
struct VisualStepsEndToEndTests {
    static func request(_ image: [UInt8]) -> CompleteRequest {
        CompleteRequest(
            messages: [Message(role: .user, parts: [.image(ImagePart(data: image, mediaType: "image/png")), .text(TextPart(text: "What is the total?"))])],
            maxTokens: 0, temperature: 0, reasoning: ReasoningOptions(visualSteps: true))
    }

    /// The observations of a response.
    static func observations(_ content: [ContentPart]) -> [Observation] {
        content.compactMap { if case .observation(let observation) = $0 { observation } else { nil } }
    }

    static func steps(_ content: [ContentPart]) -> [ReasoningStep] {
        content.compactMap { if case .reasoningStep(let step) = $0 { step } else { nil } }
    }

    /// Every cited region is a real OCR observation of the image, with its box.
    static func expectGrounded(_ content: [ContentPart], imageCount: Int = 1) {
        let observations = Self.observations(content)
        for step in steps(content) {
            #expect(!step.refs.isEmpty)
            for ref in step.refs {
                let cited = observations.first { $0.id == ref.observationID }
                #expect(cited?.source == Observation.Source.ocr, "\(ref.observationID) is not an OCR line")
                #expect(cited?.box == ref.box && cited?.imageIndex == ref.imageIndex)
                #expect(ref.box?.isValid == true && Int(ref.imageIndex) < imageCount)
            }
        }
    }

    /// `{"steps":[{"cites":["o<n>"],…}],…}` citing the OCR line that holds `TOTAL`.
    static func answer(citing id: String) -> String {
        #"{"steps":[{"cites":["\#(id)"],"text":"The TOTAL line reads 11.80."}],"answer":"11.80"}"#
    }

    @Test("observations of the receipt stream first, then a step citing the TOTAL line's real box, then the answer; unary equals streaming")
    func receipt() async throws {
        let receipt = try OCRFixtures.bytes("receipt.png")
        // The scripted model cites the line whose id the first, unary call shows.
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text([Self.answer(citing: "o1")])])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            // o1 is the image's facts: not citable, so the pipeline refuses that reading.
            let refused = await #expect(throws: RPCError.self) { _ = try await OCREndToEndTests.complete(connection, key: key, Self.request(receipt)) }
            #expect(refused?.code == .internalError)
            let prompt = PromptRendering.rawPrompt(for: try #require(backend.requests.first))
            let total = try #require(prompt.split(separator: "\n").first { $0.contains("TOTAL") && $0.contains("11.80") })
            let id = String(total.prefix { $0 != ":" })

            backend.append([.text([Self.answer(citing: id)]), .text([Self.answer(citing: id)])])
            let unary = try await OCREndToEndTests.complete(connection, key: key, Self.request(receipt))
            let events = try await ToolsEndToEndTests.events(connection, key: key, Self.request(receipt))
            #expect(ToolsEndToEndTests.content(of: events) == unary.content)
            #expect(events.first.map { if case .observation = $0.event { true } else { false } } == true)

            let observations = Self.observations(unary.content)
            #expect(observations.first?.source == Observation.Source.image && observations.first?.text.hasPrefix("PNG, 420×560 pixels") == true)
            let line = try #require(observations.first { $0.id == id })
            #expect(line.text.contains("11.80") && line.source == Observation.Source.ocr && line.confidence > 0.5)
            let step = try #require(Self.steps(unary.content).first)
            #expect(step.refs == [RegionRef(observationID: id, imageIndex: 0, box: line.box)])
            Self.expectGrounded(unary.content)
            guard case .text(let answer) = unary.content.last else { Issue.record("no answer"); return }
            #expect(answer.text == "11.80")
            // One model call, billed with the observations it read.
            #expect(unary.usage?.modelCalls == 1)
        }
    }

    @Test("a request without an image, or with tools, is refused naming the field; the server keeps serving")
    func refusals() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            var noImage = Self.request([])
            noImage.messages = [Message(role: .user, parts: [.text(TextPart(text: "What is the total?"))])]
            var withTools = Self.request(try OCRFixtures.bytes("receipt.png"))
            withTools.serverTools = ["calculator"]
            for (request, field) in [(noImage, "reasoning.visual_steps"), (withTools, "server_tools")] {
                let error = await #expect(throws: RPCError.self) { _ = try await OCREndToEndTests.complete(connection, key: key, request) }
                #expect(error?.code == .invalidArgument)
                #expect(error?.violatedFields == [field])
            }
            #expect(backend.requests.isEmpty)
        }
    }
}

/// `apiclient complete --image … --visual-steps --annotate FILE.svg`.
@Suite("apiclient visual steps")
struct CLIVisualStepsTests {
    @Test("prints the observations and each step with the regions it cites, and draws the cited boxes in an SVG")
    func annotate() async throws {
        let directory = try TemporaryDirectory(prefix: "cli-visual")
        defer { directory.remove() }
        let receipt = directory.file("receipt.png")
        try Data(try OCRFixtures.bytes("receipt.png")).write(to: URL(fileURLWithPath: receipt))
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text([VisualStepsEndToEndTests.answer(citing: "o1")])])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            // Learn which id the TOTAL line gets (the first call's prompt shows it).
            _ = try? await OCREndToEndTests.complete(connection, key: key, VisualStepsEndToEndTests.request(try OCRFixtures.bytes("receipt.png")))
            await connection.close()
            let prompt = PromptRendering.rawPrompt(for: try #require(backend.requests.first))
            let id = String(try #require(prompt.split(separator: "\n").first { $0.contains("TOTAL") }).prefix { $0 != ":" })
            backend.append([.text([VisualStepsEndToEndTests.answer(citing: id)])])

            let environment = CLI.clearedEnvironment.merging(["FLINT_DATA_DIR": server.dataDirectory, "FLINT_API_KEY": key]) { $1 }
            let svg = directory.file("receipt.svg")
            let result = try await Executables.run(
                "apiclient",
                ["complete", "--image", receipt, "--visual-steps", "--prompt", "What is the total?", "--annotate", svg, "--endpoint", "127.0.0.1:\(server.port)"],
                environment: environment)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("◉ o1  image 0 [0,0 1000,1000]  \"PNG, 420×560 pixels, portrait\"  (image, 1.0)") == true, "\(lines)")
            let step = try #require(lines.first { $0.hasPrefix("Step 1: The TOTAL line reads 11.80.  ← \(id) image 0 [") })
            #expect(lines.last == "11.80")
            #expect(result.stderr.contains("wrote \(svg)"))

            let drawing = try String(contentsOfFile: svg, encoding: .utf8)
            #expect(drawing.contains(#"<svg xmlns="http://www.w3.org/2000/svg" width="420" height="560""#))
            #expect(drawing.contains("data:image/png;base64,"))
            // One box, numbered 1, where the step's region is (0–1000 frame scaled to pixels).
            #expect(drawing.components(separatedBy: "<rect ").count == 2)
            #expect(drawing.contains(">1</text>"))
            let box = step.split(separator: "[").last!.dropLast().split(separator: " ").flatMap { $0.split(separator: ",") }.compactMap { Int($0) }
            #expect(box.count == 4)
            #expect(drawing.contains(#"<rect x="\#(box[0] * 420 / 1000)" y="\#(box[1] * 560 / 1000)""#))
        }
    }

    @Test("--visual-steps needs an image, and --annotate needs --visual-steps and an .svg name")
    func arguments() async throws {
        for (arguments, message) in [
            (["--visual-steps"], "--visual-steps needs at least one --image"),
            (["--image", "x.png", "--annotate", "out.svg"], "--annotate needs --visual-steps"),
        ] {
            let result = try await Executables.run("apiclient", ["complete", "--prompt", "hi"] + arguments, environment: CLI.clearedEnvironment)
            #expect(result.status != 0)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }
}
