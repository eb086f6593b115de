import FlintTestSupport
import Foundation
import Testing
import FlintAPI
import Wire

/// A remote tool (an MCP server of the official Python SDK) forced on the real embedded
/// model, through the real server and TLS. Runs with the real-model group.
extension InferenceEndToEndTests {
    static func forcedEcho() -> CompleteRequest {
        CompleteRequest(
            messages: [Message(role: .user, parts: [.text(TextPart(text: "Echo the words: parcel seven."))])],
            toolChoice: ToolChoice(mode: .tool, toolName: "orders__echo"), maxTokens: 48, temperature: 0, serverTools: ["orders__echo"],
            toolLoop: ToolLoopOptions(maxSteps: 2))
    }

    @Test("a forced remote tool on the embedded model returns the MCP server's real result, the same in Complete and StreamComplete")
    func forcedRemoteToolOnTheEmbeddedModel() async throws {
        try await MCPTestServer.with { mcp in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let file = directory.file("tool-services.json")
            try #"{"retryIntervalMs": 200, "servers": [{"name": "orders", "url": "\#(mcp.url)", "tools": ["echo"]}]}"#
                .write(toFile: file, atomically: true, encoding: .utf8)
            try await Self.withModel(configure: { $0.toolServicesFile = file }) { _, connection, key, _ in
                _ = try await ToolServicesEndToEndTests.waitForRemoteTools(connection, key: key, named: "orders__echo")
                let unary = try await connection.unary(
                    "/flint.v1.Inference/Complete", request: Self.forcedEcho(), options: CallOptions(apiKey: key), responseType: CompleteResponse.self
                ).message
                let events = try await Self.stream(connection, key: key, Self.forcedEcho())
                #expect(ToolsEndToEndTests.content(of: events) == unary.content)
                guard case .toolCall(let call) = unary.content.first, case .toolResult(let result) = unary.content.dropFirst().first else {
                    Issue.record("the answer does not start with the remote call and its result: \(unary.content)")
                    return
                }
                #expect(call.name == "orders__echo" && call.serverTool && result.toolCallID == call.id)
                let arguments = try #require(try JSONSerialization.jsonObject(with: Data(call.argumentsJSON.utf8)) as? [String: Any])
                let text = try #require(arguments["text"] as? String)
                #expect(!result.isError)
                #expect(result.content == [.text(TextPart(text: "echo: " + text))])
            }
        }
    }
}
