import FlintTestSupport
import Foundation
import ModelServices
import Testing
import FlintAPI
import Wire

/// Images through the real server and real TLS: bad images refused by path before any
/// token is reserved, the reservation and CountTokens covering the images, ListModels
/// listing the image support, and a vision backend over HTTP receiving each image as a
/// `data:` URI of exactly the bytes sent.
@Suite("Images end to end")
struct ImagesEndToEndTests {
    static let complete = "/flint.v1.Inference/Complete"
    static let streamComplete = "/flint.v1.Inference/StreamComplete"

    static let vision = ModelDescriptor(
        name: "vision", contextLength: 100_000, maxOutputTokens: 64, capabilities: ModelCapabilities(images: true), isDefault: true)

    static func ask(_ images: [ImagePart], model: String = "") -> CompleteRequest {
        CompleteRequest(
            model: model, messages: [Message(role: .user, parts: [.text(TextPart(text: "What is in these?"))] + images.map { .image($0) })], maxTokens: 10)
    }

    static func png(_ width: Int, _ height: Int) -> ImagePart { ImagePart(data: TestImages.png(width: width, height: height), mediaType: "image/png") }

    static func field(of error: RPCError?) -> String? {
        error?.violatedFields.first
    }

    /// Each bad image, as the second image of a request, and a word of its refusal.
    static let badImages: [(ImagePart, String)] = [
        (ImagePart(data: Array("GIF88a not really".utf8), mediaType: "image/gif"), "not a GIF"),
        (ImagePart(data: TestImages.jpeg(width: 10, height: 10), mediaType: "image/png"), "media_type says image/png"),
        (ImagePart(data: Array(TestImages.png(width: 8, height: 8).dropLast(30)), mediaType: "image/png"), "truncated"),
        (ImagePart(data: TestImages.png(width: 100_000, height: 100_000, idat: TestImages.zlibStored([0, 0]), colorType: 0, bitDepth: 1), mediaType: "image/png"), "100000×100000"),
        (ImagePart(data: TestImages.gif(width: 4, height: 4, frames: [(0, 0, 4, 4), (0, 0, 4, 4)]), mediaType: "image/gif"), "animated"),
        (ImagePart(data: TestImages.apng(), mediaType: "image/png"), "animated"),
        (ImagePart(data: TestImages.webpExtended(width: 4, height: 4, animated: true), mediaType: "image/webp"), "animated"),
        (ImagePart(data: [], mediaType: "image/png"), "no bytes"),
        (ImagePart(data: TestImages.png(width: 2, height: 2) + Array("PK\u{3}\u{4}\u{14}\u{0}".utf8), mediaType: "image/png"), "appended"),
    ]

    @Test("bad images are refused with their path before any token is reserved, each costing its request; the server goes on")
    func badImagesTakeNoTokens() async throws {
        let backend = ScriptedTurnBackend(models: [Self.vision], turns: [.text(["A white square."]), .text(["hello"])])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            // One token of burst: any call that reached the reservation would be refused
            // there (as one that can never fit: a quota failure), not by a field violation.
            let starved = try await admin.issue(partner: "starved", quota: Quota(requestsPerMinute: 1, requestBurst: 100, tokensPerMinute: 1, tokenBurst: 1)).apiKey
            let key = try await admin.issue(quota: Quota(requestsPerMinute: 1, requestBurst: 100, tokensPerMinute: 1_000_000)).apiKey
            let before = try await connection.unary(
                Self.complete, request: Self.ask([Self.png(4, 4)]), options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            let twentyOne = (Self.ask(Array(repeating: Self.png(2, 2), count: 21)), "messages[0].parts[21].image", "at most 20 images")
            let requests = Self.badImages.map { (Self.ask([Self.png(2, 2), $0.0]), "messages[0].parts[2].image", $0.1) } + [twentyOne]
            for (request, path, reason) in requests {
                for method in [Self.complete, Self.streamComplete] {
                    for apiKey in [key, starved] {
                        let error = await #expect(throws: RPCError.self) {
                            _ = try await connection.call(method, request: request, options: CallOptions(apiKey: apiKey)) { _ in }
                        }
                        #expect(error?.code == .invalidArgument, "\(path) \(reason): \(error.map { "\($0)" } ?? "")")
                        #expect(Self.field(of: error) == path)
                        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "") lacks '\(reason)'")
                    }
                }
            }
            // A good image on the starved key reaches the reservation, and is refused there.
            let exhausted = await #expect(throws: RPCError.self) {
                _ = try await connection.call(Self.complete, request: Self.ask([Self.png(2, 2)]), options: CallOptions(apiKey: starved)) { _ in }
            }
            #expect(exhausted?.quotaFailure != nil)
            #expect(Self.field(of: exhausted) == nil)
            let after = try await connection.unary(
                Self.complete, request: CompleteRequest(messages: [Message(role: .user, parts: [.text(TextPart(text: "hi"))])], maxTokens: 5),
                options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            // Each refused call cost its request, taken before its message was decoded.
            #expect(after.headers?.requests?.remaining == (before.headers?.requests?.remaining).map { $0 - 1 - UInt64(requests.count * 2) })
            #expect(before.message.content == [.text(TextPart(text: "A white square."))])
            #expect(backend.requests.count == 2)
            #expect(await server.isServing())
        }
    }

    @Test("in a frame large enough for them, more than 32 MiB of images are refused at the image that crosses the limit")
    func moreThan32MiBOfImages() async throws {
        let backend = ScriptedTurnBackend(models: [Self.vision], turns: [.text(["Six."])])
        try await TestServer.with(configure: { $0.models = .custom(backend); $0.limits.maxFrameSize = 48 << 20 }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            let big = ImagePart(data: TestImages.paddedPNG(totalBytes: 5 << 20), mediaType: "image/png")
            let six = try await connection.unary(
                Self.complete, request: Self.ask(Array(repeating: big, count: 6)), options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            #expect(six.message.content == [.text(TextPart(text: "Six."))])
            let error = await #expect(throws: RPCError.self) {
                _ = try await connection.call(Self.complete, request: Self.ask(Array(repeating: big, count: 7)), options: CallOptions(apiKey: key)) { _ in }
            }
            #expect(error?.code == .invalidArgument)
            #expect(Self.field(of: error) == "messages[0].parts[7].image")
            #expect(error?.message.contains("\(32 << 20) bytes") == true)
            #expect(backend.requests.count == 1)
            #expect(await server.isServing())
        }
    }

    @Test("the reservation and CountTokens count each image by the token formula")
    func imageTokensAreReservedAndCounted() async throws {
        let backend = ScriptedTurnBackend(models: [Self.vision], turns: [.text(["ok"])])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            // 600 tokens of burst: enough for the text and 10 output tokens, not for an
            // 896×896 image's ⌈896/28⌉² = 1024 tokens.
            let key = try await admin.issue(quota: Quota(requestsPerMinute: 1, requestBurst: 100, tokensPerMinute: 1, tokenBurst: 600)).apiKey
            let square = ImagePart(data: TestImages.png(width: 896, height: 896, colorType: 0, bitDepth: 1), mediaType: "image/png")
            let options = CallOptions(apiKey: key)
            let error = await #expect(throws: RPCError.self) {
                _ = try await connection.call(Self.complete, request: Self.ask([square]), options: options) { _ in }
            }
            #expect(error?.quotaFailure?.limit == .tokensPerMinute)
            let text = try await connection.unary(Self.complete, request: Self.ask([]), options: options, responseType: CompleteResponse.self)
            #expect(text.message.content == [.text(TextPart(text: "ok"))])
            let count = { (images: [ImagePart]) in
                try await connection.unary(
                    "/flint.v1.Inference/CountTokens", request: CountTokensRequest(messages: Self.ask(images).messages), options: options,
                    responseType: CountTokensResponse.self
                ).message.inputTokens
            }
            let withImages = try await count([square, Self.png(56, 28)])
            #expect(withImages == (try await count([])) + 1_024 + 2)
        }
    }

    /// A models file with one vision model at `url`, allowing `maxImages` per request.
    static func modelsFile(url: String, maxImages: Int, in directory: String) throws -> String {
        let path = directory + "/models.json"
        let json = #"""
            {"models":{"vision":{"kind":"openai","urls":["\#(url)"],"contextLength":8192,"maxOutputTokens":64,
             "capabilities":{"images":true},"images":{"maxImagesPerRequest":\#(maxImages),"tokenMaxSidePx":448}}}}
            """#
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The backend's streamed answer: "Two images.", then the usage.
    static let chatStream = [
        #"data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"Two images."},"finish_reason":null}]}"# + "\n\n",
        #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n",
        #"data: {"choices":[],"usage":{"prompt_tokens":70,"completion_tokens":2}}"# + "\n\n",
        "data: [DONE]\n\n",
    ]

    @Test("a vision backend receives each image as a data: URI of exactly the bytes sent; the models file sets the limits ListModels lists")
    func visionBackendGetsDataURIs() async throws {
        let directory = try TemporaryDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: Self.chatStream, interval: .zero) }) { stub in
            let file = try Self.modelsFile(url: stub.url, maxImages: 2, in: directory)
            try await TestServer.with(configure: { $0.models = .file(file) }) { server in
                let connection = try await server.connect()
                defer { Task { await connection.close() } }
                let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
                let options = CallOptions(apiKey: key)
                let models = try await connection.unary(
                    "/flint.v1.Inference/ListModels", request: ListModelsRequest(), options: options, responseType: ListModelsResponse.self)
                let support = try #require(models.message.models.first?.imageSupport)
                #expect(support.input == .native)
                #expect(support.maxImagesPerRequest == 2)
                #expect(support.tokenMaxSidePx == 448)
                #expect(support.maxSidePx == 8_000)
                #expect(support.mediaTypes == ["image/png", "image/jpeg", "image/webp", "image/gif"])
                // Without structured output, on a server that runs OCR: visual steps through perception.
                #expect(support.visualSteps)

                let images = [Self.png(5, 3), ImagePart(data: TestImages.gif(width: 3, height: 3), mediaType: "image/gif")]
                let answer = try await connection.unary(Self.complete, request: Self.ask(images), options: options, responseType: CompleteResponse.self)
                #expect(answer.message.content == [.text(TextPart(text: "Two images."))])
                let sent = try #require(stub.requests.first)
                let messages = try #require(sent.json["messages"] as? [[String: Any]])
                let content = try #require(messages.last?["content"] as? [[String: Any]])
                #expect(content.map { $0["type"] as? String } == ["text", "image_url", "image_url"])
                let urls = content.compactMap { ($0["image_url"] as? [String: Any])?["url"] as? String }
                #expect(urls.count == 2)
                for (url, image) in zip(urls, images) {
                    let prefix = "data:\(image.mediaType);base64,"
                    #expect(url.hasPrefix(prefix))
                    #expect(Data(base64Encoded: String(url.dropFirst(prefix.count))).map(Array.init) == image.data)
                }

                let three = await #expect(throws: RPCError.self) {
                    _ = try await connection.unary(Self.complete, request: Self.ask(images + [Self.png(1, 1)]), options: options, responseType: CompleteResponse.self)
                }
                #expect(Self.field(of: three) == "messages[0].parts[3].image")
                #expect(three?.message.contains("at most 2 images") == true)
                #expect(stub.requests.count == 1)
                #expect(await server.isServing())
            }
        }
    }
}
