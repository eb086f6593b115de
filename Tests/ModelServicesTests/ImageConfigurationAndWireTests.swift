import FlintTestSupport
import Foundation
import Images
import Testing

@testable import ModelServices

/// Per-model image settings in the models file, and images as chat content: `data:` URIs
/// of exactly the image's bytes, in their place in the turn's text.
@Suite struct ImageConfigurationAndWireTests {
    static func file(images: String, format: String = "chat") -> String {
        #"{"models":{"v":{"kind":"openai","urls":["http://h:1"],"promptFormat":"\#(format)","contextLength":4096,"maxOutputTokens":64,"capabilities":{"images":true}\#(images)}}}"#
    }

    static func loadError(_ json: String) -> ModelConfigurationError? {
        do {
            _ = try ModelConfiguration.decode(json: Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func imageSettingsDefaultToTheLimitsAndFormulaDefaults() throws {
        let model = try #require(try ModelConfiguration.decode(json: Data(Self.file(images: "").utf8)).models["v"])
        #expect(model.imageLimits == ImageLimits())
        #expect(model.imageTokens == ImageTokenFormula())
        #expect(ImageLimits() == ImageLimits(maxSide: 8_000, maxPixels: 40_000_000, maxImageBytes: 5 << 20, maxImagesPerRequest: 20, maxRequestBytes: 32 << 20))
    }

    @Test func everyImageSettingIsReadAndReachesTheDescriptor() throws {
        let json = Self.file(
            images: #","images":{"maxSidePx":4000,"maxPixels":1000000,"maxImageBytes":1048576,"maxImagesPerRequest":3,"maxRequestImageBytes":2097152,"tokenPatchPx":14,"tokenMaxSidePx":448}"#)
        let configuration = try ModelConfiguration.decode(json: Data(json.utf8))
        let expected = ImageLimits(maxSide: 4_000, maxPixels: 1_000_000, maxImageBytes: 1 << 20, maxImagesPerRequest: 3, maxRequestBytes: 2 << 20)
        #expect(configuration.models["v"]?.imageLimits == expected)
        #expect(configuration.descriptors.first?.imageLimits == expected)
        #expect(configuration.descriptors.first?.imageTokens == ImageTokenFormula(patchSide: 14, maxSide: 448))
    }

    @Test(arguments: [
        (#","images":{"maxSide":10}"#, "models.v.images.maxSide"),
        (#","images":{"maxSidePx":0}"#, "models.v.images.maxSidePx"),
        (#","images":{"maxPixels":1000000000000}"#, "models.v.images.maxPixels"),
        (#","images":{"maxImageBytes":1000000000000}"#, "models.v.images.maxImageBytes"),
        (#","images":{"maxImagesPerRequest":0}"#, "models.v.images.maxImagesPerRequest"),
        (#","images":{"maxImageBytes":2048,"maxRequestImageBytes":1024}"#, "models.v.images.maxRequestImageBytes"),
        (#","images":{"tokenPatchPx":0}"#, "models.v.images.tokenPatchPx"),
        (#","images":{"tokenMaxSidePx":-1}"#, "models.v.images.tokenMaxSidePx"),
    ])
    func badImageSettingsAreRefusedByPath(images: String, path: String) throws {
        let error = try #require(Self.loadError(Self.file(images: images)))
        #expect(error.path == path, "\(error)")
    }

    @Test func imagesOnARawPromptModelAreRefused() throws {
        let error = try #require(Self.loadError(Self.file(images: "", format: "raw")))
        #expect(error.path == "models.v.capabilities.images")
    }

    @Test func anImageDescribesItsSizeNotItsBytes() {
        let image = ModelImage(data: [0x89, 0x50, 0x4E, 0x47, 0xAB, 0xCD], mediaType: "image/png", textOffset: 3, tokens: 1)
        for text in ["\(image)", String(reflecting: image), "\(ModelMessage(role: .user, text: "see", images: [image]))"] {
            #expect(text.contains("6"), "\(text)")
            #expect(!text.contains("137") && !text.contains("171") && !text.contains("0xab") && !text.contains("AB"), "\(text)")
        }
    }

    @Test func aChatTurnWithImagesIsAContentArrayOfTextAndDataURIs() async throws {
        let png = TestImages.png(width: 3, height: 2)
        let gif = TestImages.gif(width: 2, height: 2)
        try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.chatCompletion) }) { server in
            try await withBackend(urls: [server.url], kind: .openAI, format: .chat) { backend in
                var turn = ModelMessage(role: .user, text: "Compare this with that.")
                turn.images = [
                    ModelImage(data: png, mediaType: "image/png", textOffset: 12, tokens: 1),
                    ModelImage(data: gif, mediaType: "image/gif", textOffset: 23, tokens: 1),
                ]
                _ = try await backend.complete(ModelRequest(messages: [ModelMessage(role: .user, text: "plain"), turn], maxTokens: 8), deadline: nil)
                let sent = try #require(server.requests.first)
                #expect(!sent.body.contains(#"\/"#))
                let messages = try #require(sent.json["messages"] as? [[String: Any]])
                #expect(messages[0]["content"] as? String == "plain")
                let content = try #require(messages[1]["content"] as? [[String: Any]])
                #expect(content.map { $0["type"] as? String } == ["text", "image_url", "text", "image_url"])
                #expect(content[0]["text"] as? String == "Compare this")
                #expect(content[2]["text"] as? String == " with that.")
                for (part, (bytes, type)) in zip([content[1], content[3]], [(png, "image/png"), (gif, "image/gif")]) {
                    let url = try #require((part["image_url"] as? [String: Any])?["url"] as? String)
                    let prefix = "data:\(type);base64,"
                    #expect(url.hasPrefix(prefix))
                    #expect(Data(base64Encoded: String(url.dropFirst(prefix.count))).map(Array.init) == bytes)
                }
            }
        }
    }
}
