import Foundation
import Testing

@testable import ModelServices

@Suite struct ModelConfigurationTests {
    static let fullFile = """
        {
          "defaultModel": "gemma",
          "connectTimeoutMs": 250,
          "models": {
            "gemma": {
              "kind": "llama.cpp",
              "urls": ["http://127.0.0.1:8080/", "http://10.0.0.2:8080"],
              "backendModel": "gemma-q4",
              "promptFormat": "raw",
              "contextLength": 2048,
              "maxOutputTokens": 512,
              "capabilities": { "images": false, "tools": true, "reasoning": false },
              "timeouts": { "firstByteMs": 1500, "totalMs": 90000 }
            },
            "big": {
              "kind": "openai",
              "urls": ["https://vllm.internal:8000"],
              "contextLength": 131072,
              "maxOutputTokens": 8192,
              "capabilities": { "images": true }
            }
          }
        }
        """

    private func load(_ json: String) throws(ModelConfigurationError) -> ModelConfiguration {
        try ModelConfiguration.decode(json: Data(json.utf8))
    }

    private func loadError(_ json: String) -> ModelConfigurationError? {
        do {
            _ = try load(json)
            return nil
        } catch {
            return error
        }
    }

    @Test func aGoodFileLoadsWithEveryField() throws {
        let configuration = try load(Self.fullFile)
        #expect(configuration.defaultModel == "gemma")
        #expect(configuration.connectTimeout == .milliseconds(250))
        let gemma = try #require(configuration.models["gemma"])
        #expect(gemma.kind == .llamaCpp)
        #expect(gemma.urls == ["http://127.0.0.1:8080/", "http://10.0.0.2:8080"])
        #expect(gemma.backendModel == "gemma-q4")
        #expect(gemma.promptFormat == .raw)
        #expect(gemma.contextLength == 2048)
        #expect(gemma.maxOutputTokens == 512)
        #expect(gemma.capabilities == ModelCapabilities(images: false, tools: true, reasoning: false))
        #expect(gemma.timeouts == .init(firstByte: .milliseconds(1500), total: .seconds(90)))
        let big = try #require(configuration.models["big"])
        #expect(big.kind == .openAI)
        #expect(big.promptFormat == .chat)
        #expect(big.capabilities == ModelCapabilities(images: true))
        #expect(big.timeouts == .init())
        #expect(configuration.descriptors.map(\.name) == ["big", "gemma"])
        #expect(configuration.descriptors.map(\.isDefault) == [false, true])
    }

    @Test func aFileLoadsFromDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flint-models-\(UUID()).json").path
        try Data(Self.fullFile.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ModelConfiguration.load(contentsOfFile: path).models.count == 2)
        #expect(throws: ModelConfigurationError.self) { try ModelConfiguration.load(contentsOfFile: path + ".missing") }
    }

    @Test func aSingleModelIsTheDefault() throws {
        let configuration = try load(#"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5}}}"#)
        #expect(configuration.defaultModel == "m")
        #expect(configuration.connectTimeout == .seconds(1))
    }

    @Test(arguments: [
        (#"{"models":{}, "defaultModle":"x"}"#, "", "defaultModle"),
        (#"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5,"url":"x"}}}"#, "models.m", "url"),
        (
            #"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5,"timeouts":{"connectMs":5}}}}"#, "models.m.timeouts",
            "connectMs"
        ),
        (
            #"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5,"capabilities":{"vision":true}}}}"#,
            "models.m.capabilities", "vision"
        ),
    ])
    func unknownKeysAreRejectedByName(json: String, parent: String, key: String) throws {
        let error = try #require(loadError(json))
        #expect(error.path == (parent.isEmpty ? key : "\(parent).\(key)"))
        #expect(error.message.contains("unknown key '\(key)'"))
    }

    @Test(arguments: [
        (#"{"models":{}}"#, "models"),
        (#"{"models":{"m":{"kind":"openai","urls":[],"contextLength":10,"maxOutputTokens":5}}}"#, "models.m.urls"),
        (#"{"models":{"m":{"kind":"openai","urls":[""],"contextLength":10,"maxOutputTokens":5}}}"#, "models.m.urls[0]"),
        (#"{"models":{"m":{"kind":"openai","urls":["ftp://h"],"contextLength":10,"maxOutputTokens":5}}}"#, "models.m.urls[0]"),
        (#"{"models":{"m":{"kind":"openai","urls":["http://h:1/v1"],"contextLength":10,"maxOutputTokens":5}}}"#, "models.m.urls[0]"),
        (#"{"models":{"m":{"kind":"openai","urls":["http://h:1","http://h:1/"],"contextLength":10,"maxOutputTokens":5}}}"#, "models.m.urls"),
        (#"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":0,"maxOutputTokens":5}}}"#, "models.m.contextLength"),
        (#"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":0}}}"#, "models.m.maxOutputTokens"),
        (#"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":11}}}"#, "models.m.maxOutputTokens"),
        (#"{"models":{"m":{"kind":"tgi","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5}}}"#, "models.m.kind"),
        (
            #"{"models":{"m":{"kind":"openai","promptFormat":"completion","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5}}}"#,
            "models.m.promptFormat"
        ),
        (
            #"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5,"timeouts":{"totalMs":0}}}}"#,
            "models.m.timeouts.totalMs"
        ),
        (
            #"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5,"timeouts":{"firstByteMs":-1}}}}"#,
            "models.m.timeouts.firstByteMs"
        ),
        (#"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5,"backendModel":""}}}"#, "models.m.backendModel"),
        (#"{"models":{"a b":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5}}}"#, "models.a b"),
        (#"{"defaultModel":"x","models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5}}}"#, "defaultModel"),
        (#"{"connectTimeoutMs":0,"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5}}}"#, "connectTimeoutMs"),
        (
            #"{"models":{"a":{"kind":"openai","urls":["http://h:1"],"contextLength":10,"maxOutputTokens":5},"b":{"kind":"openai","urls":["http://h:2"],"contextLength":10,"maxOutputTokens":5}}}"#,
            "defaultModel"
        ),
    ])
    func badValuesAreRejectedWithTheirPath(json: String, path: String) throws {
        let error = try #require(loadError(json))
        #expect(error.path == path, "\(error)")
    }

    @Test func missingKeysAndWrongTypesAreNamed() throws {
        let missing = try #require(loadError(#"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"maxOutputTokens":5}}}"#))
        #expect(missing.path == "models.m")
        #expect(missing.message.contains("contextLength"))
        let wrongType = try #require(loadError(#"{"models":{"m":{"kind":"openai","urls":["http://h:1"],"contextLength":"big","maxOutputTokens":5}}}"#))
        #expect(wrongType.path == "models.m.contextLength")
        #expect(wrongType.message.contains("integer"))
        let notJSON = try #require(loadError(#"{"models": "#))
        #expect(notJSON.message.contains("JSON"))
    }

    @Test func theEmbeddedDefaultIsOneRawTextModelWithConstrainedTools() throws {
        let configuration = ModelConfiguration.embedded(baseURL: "http://127.0.0.1:9999")
        try configuration.validate()
        #expect(configuration.defaultModel == "gemma-3-270m")
        let model = try #require(configuration.models["gemma-3-270m"])
        #expect(model.kind == .llamaCpp)
        #expect(model.promptFormat == .raw)
        #expect(model.contextLength == 2048)
        #expect(model.maxOutputTokens == 512)
        #expect(model.capabilities == ModelCapabilities(tools: true))
        #expect(configuration.descriptors.map(\.toolCalling) == [.constrained])
    }

    @Test func toolsOnARawModelNeedLlamaCpp() throws {
        let model = ModelConfiguration.Model(
            kind: .openAI, urls: ["http://h:1"], promptFormat: .raw, contextLength: 100, maxOutputTokens: 10, capabilities: ModelCapabilities(tools: true))
        let error = #expect(throws: ModelConfigurationError.self) { try ModelConfiguration(models: ["m": model], defaultModel: "m").validate() }
        #expect(error?.path == "models.m.capabilities.tools")
        var chat = model
        chat.promptFormat = .chat
        try ModelConfiguration(models: ["m": chat], defaultModel: "m").validate()
        #expect(ModelConfiguration(models: ["m": chat], defaultModel: "m").descriptors.map(\.toolCalling) == [.native])
    }
}
