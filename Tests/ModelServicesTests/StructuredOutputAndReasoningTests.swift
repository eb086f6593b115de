import FlintTestSupport
import Foundation
import Testing
import ToolSchema

@testable import ModelServices

/// JSON-schema output (`response_format`), box conventions in the models file, and the
/// backend's `reasoning_content` as reasoning events.
@Suite struct StructuredOutputAndReasoningTests {
    static func file(_ model: String) -> String {
        #"{"models":{"v":{"kind":"openai","urls":["http://h:1"],"contextLength":4096,"maxOutputTokens":64,\#(model)}}}"#
    }

    static func load(_ json: String) -> Result<ModelConfiguration, ModelConfigurationError> {
        Result { () throws(ModelConfigurationError) in try ModelConfiguration.decode(json: Data(json.utf8)) }
    }

    @Test(arguments: [
        (#""capabilities":{"images":true}"#, BoxConvention.xyxyThousandths, false),
        (#""capabilities":{"images":true,"structuredOutput":true},"images":{"boxConvention":"yxyx-1000"}"#, .yxyxThousandths, true),
        (#""capabilities":{"images":true},"images":{"boxConvention":"xyxy-pixels","boxMaxSidePx":1024}"#, .xyxyPixels(maxSide: 1024), false),
        (#""capabilities":{"images":true},"images":{"boxConvention":"xyxy-pixels"}"#, .xyxyPixels(maxSide: nil), false),
        (#""capabilities":{"images":true},"images":{"boxConvention":"xyxy-unit"}"#, .xyxyUnit, false),
    ])
    func structuredOutputAndBoxConventionReachTheDescriptor(model: String, convention: BoxConvention, structured: Bool) throws {
        let configuration = try Self.load(Self.file(model)).get()
        let capabilities = try #require(configuration.descriptors.first?.capabilities)
        #expect(capabilities.boxConvention == convention)
        #expect(capabilities.structuredOutput == structured)
        #expect(BoxConvention(name: convention.name, maxSide: 1024).map(\.name) == convention.name)
    }

    @Test(arguments: [
        (#""images":{"boxConvention":"yxyx"}"#, "models.v.images.boxConvention"),
        (#""images":{"boxConvention":"xyxy-1000","boxMaxSidePx":100}"#, "models.v.images.boxMaxSidePx"),
        (#""images":{"boxConvention":"xyxy-pixels","boxMaxSidePx":0}"#, "models.v.images.boxMaxSidePx"),
        (#""images":{"boxSide":10}"#, "models.v.images.boxSide"),
        (#""capabilities":{"structured":true}"#, "models.v.capabilities.structured"),
        (#""promptFormat":"raw","capabilities":{"structuredOutput":true}"#, "models.v.capabilities.structuredOutput"),
        (#""promptFormat":"raw","capabilities":{"reasoning":true}"#, "models.v.capabilities.reasoning"),
    ])
    func badSettingsAreRefusedByPath(model: String, path: String) {
        guard case .failure(let error) = Self.load(Self.file(model)) else {
            Issue.record("\(model) was accepted")
            return
        }
        #expect(error.path == path, "\(error)")
    }

    static let schema: JSONValue = ["type": "object", "properties": ["answer": ["type": "string"]], "required": ["answer"]]

    @Test func aResponseSchemaGoesAsJSONSchemaResponseFormat() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.chatCompletion) }) { server in
            try await withBackend(urls: [server.url], kind: .openAI, format: .chat, capabilities: ModelCapabilities(structuredOutput: true)) { backend in
                let request = ModelRequest(
                    messages: [ModelMessage(role: .user, text: "hi")], maxTokens: 8, responseSchema: ResponseSchema(name: "answer", schema: Self.schema))
                _ = try await backend.complete(request, deadline: nil)
                _ = try await backend.complete(ModelRequest(messages: [ModelMessage(role: .user, text: "hi")], maxTokens: 8), deadline: nil)
            }
            let sent = server.requests.map(\.json)
            #expect(sent.count == 2)
            let format = try #require(sent.first?["response_format"] as? [String: Any])
            #expect(format["type"] as? String == "json_schema")
            let inner = try #require(format["json_schema"] as? [String: Any])
            #expect(inner["name"] as? String == "answer" && inner["strict"] as? Bool == true)
            let schema = try JSONSerialization.data(withJSONObject: try #require(inner["schema"]), options: [.sortedKeys])
            #expect(String(decoding: schema, as: UTF8.self) == #"{"properties":{"answer":{"type":"string"}},"required":["answer"],"type":"object"}"#)
            #expect(sent.last?["response_format"] == nil)
        }
    }

    @Test func aResponseSchemaOrReasoningIsRefusedWhereTheModelTakesNone() async throws {
        try await ScriptedHTTPServer.with({ _ in .respond(body: Fixture.chatCompletion) }) { server in
            try await withBackend(urls: [server.url], kind: .openAI, format: .chat) { backend in
                for request in [
                    ModelRequest(messages: [ModelMessage(role: .user, text: "hi")], maxTokens: 8, responseSchema: ResponseSchema(name: "a", schema: Self.schema)),
                    ModelRequest(messages: [ModelMessage(role: .user, text: "hi")], maxTokens: 8, reasoning: true),
                ] {
                    let error = await #expect(throws: ModelServiceError.self) { _ = try await backend.complete(request, deadline: nil) }
                    #expect(error?.code == .invalidRequest)
                }
            }
            #expect(server.requests.isEmpty)
        }
    }

    static let reasoningStream = [
        #"data: {"choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Rayleigh "}}]}"# + "\n\n",
        #"data: {"choices":[{"index":0,"delta":{"reasoning_content":"scattering."}}]}"# + "\n\n",
        #"data: {"choices":[{"index":0,"delta":{"content":"Blue."},"finish_reason":"stop"}]}"# + "\n\n",
        "data: [DONE]\n\n",
    ]

    @Test func reasoningContentStreamsAsReasoningDeltasBesideTheText() async throws {
        try await ScriptedHTTPServer.with({ _ in .stream(chunks: Self.reasoningStream, interval: .zero) }) { server in
            try await withBackend(urls: [server.url], kind: .openAI, format: .chat, capabilities: ModelCapabilities(reasoning: true)) { backend in
                let request = ModelRequest(messages: [ModelMessage(role: .user, text: "Why?")], maxTokens: 8, reasoning: true)
                let (events, error) = await collect(backend.stream(request, deadline: nil))
                #expect(error == nil)
                let reasoning = events.compactMap { event -> String? in
                    if case .reasoningDelta(let text, _) = event { return text }
                    return nil
                }
                #expect(reasoning == ["Rayleigh ", "scattering."])
                #expect(events.deltas == ["Blue."])
                #expect(events.finished?.text == "Blue." && events.finished?.reasoning == "Rayleigh scattering.")
                // Three deltas counted while the backend reports no usage.
                #expect(events.finished?.usage.completionTokens == 3)
            }
        }
    }
}
