import FlintTestSupport
import Foundation
import ModelServices
import Testing
import FlintAPI
import Wire

/// Tool use through the real server and real TLS, on a scripted in-process model: the
/// calculator loop, client tools, ListTools and ListModels, and billing of every step.
@Suite("Tools end to end with a scripted model")
struct ToolsEndToEndTests {
    static let complete = "/flint.v1.Inference/Complete"
    static let streamComplete = "/flint.v1.Inference/StreamComplete"

    static func calculatorRequest() -> CompleteRequest {
        CompleteRequest(
            messages: [Message(role: .user, parts: [.text(TextPart(text: "What is 2^100?"))])], toolChoice: ToolChoice(mode: .tool, toolName: "calculator"),
            maxTokens: 50, temperature: 0, serverTools: ["calculator"])
    }

    static let turns: [ScriptedTurnBackend.Turn] = [
        .text(writtenCall("calculator", #"{"expression":"2^100"}"#)), .text(["It is ", "1267650600228229401496703205376."]),
    ]

    /// Rebuilds a stream's content by part index, as a client does.
    static func content(of events: [CompletionEvent]) -> [ContentPart] {
        var parts: [UInt32: ContentPart] = [:]
        for event in events {
            switch event.event {
            case .textDelta(let delta):
                if case .text(let text) = parts[event.partIndex] {
                    parts[event.partIndex] = .text(TextPart(text: text.text + delta.text))
                } else {
                    parts[event.partIndex] = .text(TextPart(text: delta.text))
                }
            case .reasoningDelta(let delta):
                if case .reasoning(let reasoning) = parts[event.partIndex] {
                    parts[event.partIndex] = .reasoning(ReasoningPart(text: reasoning.text + delta.text))
                } else {
                    parts[event.partIndex] = .reasoning(ReasoningPart(text: delta.text))
                }
            case .toolCall(let call): parts[event.partIndex] = .toolCall(call)
            case .toolResult(let result): parts[event.partIndex] = .toolResult(result)
            case .observation(let observation): parts[event.partIndex] = .observation(observation)
            case .reasoningStep(let step): parts[event.partIndex] = .reasoningStep(step)
            default: continue
            }
        }
        return parts.keys.sorted().map { parts[$0]! }
    }

    static func events(_ connection: ClientConnection, key: String, _ request: CompleteRequest) async throws -> [CompletionEvent] {
        var events: [CompletionEvent] = []
        _ = try await connection.call(streamComplete, request: request, options: CallOptions(apiKey: key)) { event in
            if case .message(let bytes) = event { events.append(try CompletionEvent(protobufBytes: bytes)) }
        }
        return events
    }

    @Test("the calculator loop gives the same content, stop and usage in Complete and StreamComplete, and bills both steps")
    func calculatorLoopUnaryEqualsStream() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: Self.turns + Self.turns)
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let admin = AdminClient(connection: connection, key: try server.adminKey)
            let key = try await admin.issue().apiKey
            let unary = try await connection.unary(
                Self.complete, request: Self.calculatorRequest(), options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            let events = try await Self.events(connection, key: key, Self.calculatorRequest())

            #expect(Self.content(of: events) == unary.message.content)
            guard case .toolResult(let result) = unary.message.content[1] else {
                Issue.record("the second part is not the tool result")
                return
            }
            #expect(
                result.content == [
                    .text(TextPart(text: #"{"value":"1267650600228229401496703205376","decimal":"1267650600228229401496703205376","exact":true}"#))
                ])
            guard case .stop(let stop) = events.last?.event else {
                Issue.record("the last event is not stop")
                return
            }
            #expect(stop.reason == unary.message.stopReason)
            #expect(stop.usage == unary.message.usage)
            #expect(
                unary.message.usage
                    == Usage(
                        inputTokens: 20, outputTokens: UInt64(writtenCall("calculator", #"{"expression":"2^100"}"#).count + 2), modelCalls: 2, toolCalls: 1))
            #expect(events.map(\.sequence) == Array(0..<UInt64(events.count)))

            try await Task.sleep(for: .milliseconds(1500))
            let rows = try await admin.usage(partner: "acme", groupBy: [.method]).rows
            for method in [Self.complete, Self.streamComplete] {
                let row = try #require(rows.first { $0.method == method })
                #expect(row.inputTokens == 20)
            }
        }
    }

    @Test("a client tool round trip: the call comes back with TOOL_USE, its result continues the conversation")
    func clientToolRoundTrip() async throws {
        let backend = ScriptedTurnBackend(
            models: [.scriptedConstrained()], turns: [.text(writtenCall("lookup_order", #"{"id":"A-17"}"#)), .text(["Order A-17 ships today."])])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            let tool = ToolDefinition(
                name: "lookup_order", description: "Finds an order by id",
                parametersJSONSchema: #"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}"#)
            let question = Message(role: .user, parts: [.text(TextPart(text: "Where is order A-17?"))])
            let first = try await connection.unary(
                Self.complete, request: CompleteRequest(messages: [question], tools: [tool], toolChoice: ToolChoice(mode: .required)),
                options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            #expect(first.message.stopReason == .toolUse)
            guard case .toolCall(let call) = first.message.content.first else {
                Issue.record("no tool call")
                return
            }
            #expect(call.name == "lookup_order" && !call.serverTool)
            let result = Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: call.id, content: [.text(TextPart(text: "shipping today"))]))])
            let second = try await connection.unary(
                Self.complete, request: CompleteRequest(messages: [question, Message(role: .assistant, parts: first.message.content), result], tools: [tool]),
                options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            #expect(second.message.content == [.text(TextPart(text: "Order A-17 ships today."))])
            #expect(second.message.stopReason == .endTurn)
            // A result for a call that never happened is refused.
            let orphan = Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: "call_404"))])
            let error = await #expect(throws: RPCError.self) {
                _ = try await connection.unary(
                    Self.complete, request: CompleteRequest(messages: [question, orphan], tools: [tool]), options: CallOptions(apiKey: key),
                    responseType: CompleteResponse.self)
            }
            #expect(error?.code == .invalidArgument)
            #expect(backend.requests.count == 2)
        }
    }

    @Test("ListTools lists the built-in tools with their schemas; ListModels says how the model calls tools")
    func catalogues() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained(), .scriptedNative(), .scriptedText()], turns: [])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey).issue().apiKey
            let tools = try await connection.unary(
                "/flint.v1.Inference/ListTools", request: ListToolsRequest(), options: CallOptions(apiKey: key), responseType: ListToolsResponse.self)
            #expect(tools.message.tools.map(\.name) == ["calculator", "clock", "ocr", "search"])
            for tool in tools.message.tools {
                #expect(tool.runsIn == "builtin")
                #expect(tool.timeoutMs > 0 && tool.maxOutputBytes > 0)
                let schema = try JSONSerialization.jsonObject(with: Data(tool.parametersJSONSchema.utf8)) as? [String: Any]
                #expect(schema?["type"] as? String == "object")
            }
            let models = try await connection.unary(
                "/flint.v1.Inference/ListModels", request: ListModelsRequest(), options: CallOptions(apiKey: key), responseType: ListModelsResponse.self)
            let calling = Dictionary(uniqueKeysWithValues: models.message.models.map { ($0.name, $0.capabilities?.toolCalling) })
            #expect(calling == ["scripted-raw": .constrained, "scripted-chat": .native, "scripted-text": ToolCalling.none])
        }
    }

    @Test("bad tool requests are refused before any tokens are reserved or the model is called, each costing its request")
    func badToolRequestsTakeNoQuota() async throws {
        let backend = ScriptedTurnBackend(models: [.scriptedConstrained()], turns: [.text(["ok"]), .text(["ok"])])
        try await TestServer.with(configure: { $0.models = .custom(backend) }) { server in
            let connection = try await server.connect()
            defer { Task { await connection.close() } }
            let key = try await AdminClient(connection: connection, key: try server.adminKey)
                .issue(quota: Quota(requestsPerMinute: 1, requestBurst: 100, tokensPerMinute: 100_000)).apiKey
            let hello = [Message(role: .user, parts: [.text(TextPart(text: "hello"))])]
            let before = try await connection.unary(
                Self.complete, request: CompleteRequest(messages: hello), options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            let bad: [CompleteRequest] = [
                CompleteRequest(
                    messages: hello,
                    tools: [ToolDefinition(name: "x", parametersJSONSchema: #"{"type":"object","properties":{"a":{"$ref":"http://evil/schema"}}}"#)]),
                CompleteRequest(messages: hello, tools: [ToolDefinition(name: "x", parametersJSONSchema: String(repeating: "[", count: 100_000))]),
                CompleteRequest(messages: hello, tools: [ToolDefinition(name: "x y", parametersJSONSchema: "{}")]),
                CompleteRequest(messages: hello, toolChoice: ToolChoice(mode: .required)),
                CompleteRequest(messages: hello, serverTools: ["calculator"], toolLoop: ToolLoopOptions(maxSteps: 1_000)),
                CompleteRequest(messages: hello + [Message(role: .user, parts: [.toolResult(ToolResult(toolCallID: "nope"))])], serverTools: ["calculator"]),
            ]
            for request in bad {
                for method in [Self.complete, Self.streamComplete] {
                    let error = await #expect(throws: RPCError.self) {
                        _ = try await connection.call(method, request: request, options: CallOptions(apiKey: key)) { _ in }
                    }
                    #expect(error?.code == .invalidArgument)
                }
            }
            let after = try await connection.unary(
                Self.complete, request: CompleteRequest(messages: hello), options: CallOptions(apiKey: key), responseType: CompleteResponse.self)
            // Each refused request cost its request, taken before its message was decoded.
            #expect(after.headers?.requests?.remaining == (before.headers?.requests?.remaining).map { $0 - 1 - UInt64(bad.count * 2) })
            #expect(backend.requests.count == 2)
            #expect(await server.isServing())
        }
    }
}
